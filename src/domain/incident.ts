import { z } from 'zod';

export const SeveritySchema = z.enum(['sev1', 'sev2', 'sev3', 'sev4']);
export type Severity = z.infer<typeof SeveritySchema>;

/** RFC 3339 timestamp with a zone (Z or ±hh:mm). */
export const Rfc3339Schema = z.iso.datetime({ offset: true });

/** `incident.json` of a bundle. */
export const IncidentSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  severity: SeveritySchema,
  channel: z.string().min(1).optional(),
  openedAt: Rfc3339Schema,
  resolvedAt: Rfc3339Schema.optional(),
  services: z.array(z.string().min(1)).default([]),
});
export type Incident = z.infer<typeof IncidentSchema>;
