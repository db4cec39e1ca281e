import { z } from 'zod';

/** Root-cause kinds of the incident-bundle spec. */
export const RootCauseKindSchema = z.enum([
  'deploy', 'config', 'feature-flag', 'capacity', 'dependency', 'certificate', 'credential',
  'resource-leak', 'network', 'database', 'cost', 'security', 'retry-storm', 'unknown',
]);
export type RootCauseKind = z.infer<typeof RootCauseKindSchema>;
