import { z } from 'zod';

/** `topology.json`. `dependsOn` means "calls": a fault in a dependency surfaces in its callers. */
export const TopologySchema = z.object({
  services: z.array(
    z.object({
      name: z.string().min(1),
      dependsOn: z.array(z.string()).default([]),
      team: z.string().optional(),
      /** Optional: `external` marks third-party dependencies with no telemetry of their own. */
      external: z.boolean().optional(),
    }),
  ),
});
export type Topology = z.infer<typeof TopologySchema>;
