import { z } from 'zod';
import { SeveritySchema } from '../domain/index.ts';

const SlackIdList = z.array(z.string().regex(/^[UWS][A-Z0-9]{2,}$/, 'must be a Slack user (U…/W…) or user-group (S…) id')).default([]);

/** Who may do what in an incident, by role name (roles are defined in the approval policy). `anyone` allows everyone. */
const LifecyclePermissionsSchema = z
  .object({
    declare: z.array(z.string()).default(['anyone']),
    update: z.array(z.string()).default(['anyone']),
    severity: z.array(z.string()).default(['commander', 'on-call', 'team-lead']),
    commander: z.array(z.string()).default(['commander', 'on-call', 'team-lead']),
    resolve: z.array(z.string()).default(['commander', 'on-call', 'team-lead']),
  })
  .default({ declare: ['anyone'], update: ['anyone'], severity: ['commander', 'on-call', 'team-lead'], commander: ['commander', 'on-call', 'team-lead'], resolve: ['commander', 'on-call', 'team-lead'] });

/** The `lifecycle` section of the settings file; every field has a default, so no file is needed. */
export const LifecycleSettingsSchema = z.object({
  /** Invited to every new incident channel, with the person who declared it. */
  onCall: z.object({ users: SlackIdList, groups: SlackIdList }).default({ users: [], groups: [] }),
  /** Channel id where new incidents, severity changes and resolutions are announced; none → no announcement. */
  broadcastChannel: z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'must be a Slack channel id (C…)').optional(),
  /** Status-page webhook that receives updates, severity changes and resolutions as JSON. */
  statusPageWebhook: z.url().optional(),
  /** The reaction that marks a channel message as a key event on the incident timeline. */
  pinReaction: z.string().regex(/^[a-z0-9_+-]+$/, 'must be a reaction name without colons').default('pushpin'),
  /** Alert `severity` label → incident severity: a firing alert for a service with no open incident opens one. */
  autoOpen: z.record(z.string(), SeveritySchema).default({}),
  permissions: LifecyclePermissionsSchema,
});
export type LifecycleSettings = z.infer<typeof LifecycleSettingsSchema>;
export type LifecycleAction = keyof LifecycleSettings['permissions'];
