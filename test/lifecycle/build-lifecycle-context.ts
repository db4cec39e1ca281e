import { WebClient } from '@slack/web-api';
import type { Database } from '../../src/store/database.ts';
import type { LifecycleActor, LifecycleAuditEntry, LifecycleContext } from '../../src/lifecycle/lifecycle-context.ts';
import { LifecycleSettingsSchema } from '../../src/lifecycle/lifecycle-settings.ts';
import type { FakeSlackWebApi } from '../support/fake-slack-web-api.ts';

/** A lifecycle context over a real store and the Slack stand-in, with a clock the test moves. */
export function buildLifecycleContext(db: Database, slack: FakeSlackWebApi, settings: unknown = {}, roles: Record<string, string[]> = {}) {
  const clock = { nowMs: Date.parse('2026-11-29T14:00:00Z') };
  const audits: LifecycleAuditEntry[] = [];
  const retros: string[] = [];
  const statusPage: Array<Record<string, unknown>> = [];
  const context: LifecycleContext = {
    db,
    slack: new WebClient('xoxb-test', { slackApiUrl: slack.url, retryConfig: { retries: 0 } }),
    settings: LifecycleSettingsSchema.parse(settings),
    nowMs: () => clock.nowMs,
    hasRole: (actor: LifecycleActor, role: string) => (roles[role] ?? []).includes(actor.userId),
    audit: async (entry) => void audits.push(entry),
    queueRetrospective: async (id) => void retros.push(id),
    postStatusPage: async (body) => void statusPage.push(body),
  };
  return { context, clock, audits, retros, statusPage };
}
