import type { Logger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { appendAudit } from '../audit/audit-log.ts';
import type { ApprovalPolicy } from '../executor/approval-policy.ts';
import { rolesOf } from '../executor/evaluate-policy.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { LifecycleActor, LifecycleContext } from '../lifecycle/lifecycle-context.ts';
import type { LifecycleSettings } from '../lifecycle/lifecycle-settings.ts';
import { receiveAlertGroup, type AlertGroup } from '../lifecycle/receive-alert-group.ts';
import { alertGroupFromAlertmanager, alertGroupFromPagerduty } from '../lifecycle/to-alert-groups.ts';
import type { Database } from '../store/database.ts';
import { findIncidentById } from '../lifecycle/incident-records.ts';
import type { ReadChannelIncident } from './channel-incident-responder.ts';
import { storeChannelAnalysis } from './store-channel-analysis.ts';
import type { AlertWebhookSinks } from '../../tools/alerts/webhook-receiver.ts';

/** What the Slack app needs to run incidents: the lifecycle context and who an actor is (with their user groups). */
export interface SlackLifecycle {
  context: LifecycleContext;
  /** The Slack user with the user groups of the policy's role map they belong to (cached for a minute). */
  actorOf(userId: string): Promise<LifecycleActor>;
}

/** Options of {@link createLifecycleWiring}. */
export interface LifecycleWiringOptions {
  db: Database;
  /** The `lifecycle` section of the settings file. */
  settings: LifecycleSettings;
  /** The executor's approval policy: its role map decides who holds `on-call`, `team-lead` … */
  policy: ApprovalPolicy;
  logger?: Logger;
  /** Status-page webhook timeout. */
  statusPageTimeoutMs?: number;
  /** Opens the retrospective queue on first use; defaults to the jobs module's pg-boss queue on `db`. */
  openRetroQueue?: () => Promise<Pick<JobQueue, 'enqueueRetro' | 'stop'>>;
  nowMs?: () => number;
  /** Reads a channel's incident for the analysis stored when it resolves (so its retrospective has a report). */
  readChannelIncident?: (client: WebClient) => ReadChannelIncident;
}

/** The lifecycle as `opsight serve` runs it: the context (once the app's WebClient exists), alert sinks, shutdown. */
export interface LifecycleWiring {
  /** Builds the lifecycle over the Slack app's WebClient; `createSlackApp` calls it once. */
  bind(client: WebClient): SlackLifecycle;
  /** Wraps the alert store's sinks: every valid notification is stored first, then posted into its incident. */
  alertSinks(store: AlertWebhookSinks): AlertWebhookSinks;
  /** Stops the retrospective queue when it was opened. */
  close(): Promise<void>;
}

const GROUP_CACHE_MS = 60_000;
const DEFAULT_STATUS_PAGE_TIMEOUT_MS = 5000;

/**
 * Wires the incident lifecycle (src/lifecycle) into `opsight serve`: the store, the app's WebClient, the
 * `lifecycle` settings, roles from the approval policy's role map (the same `rolesOf` approvals use),
 * every action appended to the audit log in its own transaction, resolved incidents enqueued on the
 * jobs module's retro queue (opened on the first resolve; `retro_queued_at` is set either way), and the
 * status page POSTed JSON with a timeout when `lifecycle.statusPageWebhook` is set.
 */
export function createLifecycleWiring(options: LifecycleWiringOptions): LifecycleWiring {
  const { db, settings, policy, logger } = options;
  const nowMs = options.nowMs ?? Date.now;
  let bound: SlackLifecycle | undefined;
  let retroQueue: Promise<Pick<JobQueue, 'enqueueRetro' | 'stop'>> | undefined;
  // pg-boss is loaded on the first resolve, not when serve starts.
  const openRetroQueue =
    options.openRetroQueue ??
    (async () => (await import('../jobs/job-queue.ts')).openJobQueue(db, { onError: (error) => logger?.warn(`retro queue: ${error.message}`) }));

  const postStatusPage = settings.statusPageWebhook
    ? async (body: Record<string, unknown>) => {
        const res = await fetch(settings.statusPageWebhook!, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(options.statusPageTimeoutMs ?? DEFAULT_STATUS_PAGE_TIMEOUT_MS),
        });
        await res.body?.cancel();
        if (!res.ok) throw new Error(`the status-page webhook answered HTTP ${res.status}`);
      }
    : undefined;

  // Only the groups the role map names matter; their members are read once a minute at most.
  const policyGroups = [...new Set(Object.values(policy.roles).flatMap((members) => members.groups))];
  let groupMembers: { atMs: number; members: Promise<Map<string, Set<string>>> } | undefined;
  const membersOf = (client: WebClient): Promise<Map<string, Set<string>>> => {
    if (groupMembers && nowMs() - groupMembers.atMs < GROUP_CACHE_MS) return groupMembers.members;
    const members = (async () => {
      const map = new Map<string, Set<string>>();
      for (const group of policyGroups) {
        try {
          const listed = await client.usergroups.users.list({ usergroup: group });
          map.set(group, new Set(listed.users ?? []));
        } catch (error) {
          logger?.warn(`could not read the members of user group ${group} (its role holders count as not in it): ${(error as Error).message}`);
        }
      }
      return map;
    })();
    groupMembers = { atMs: nowMs(), members };
    return members;
  };

  const feed = async (what: string, toGroup: () => AlertGroup | undefined) => {
    if (!bound) return;
    try {
      const group = toGroup();
      if (!group) return;
      const outcome = await receiveAlertGroup(bound.context, group);
      if (outcome.action === 'posted' || outcome.action === 'updated') logger?.debug(`${what} ${group.groupKey}: ${outcome.action} in ${outcome.incidentId}`);
      // An auto-open that was refused (permissions, Slack) is worth a warning; "no open incident" is routine.
      else if (outcome.action === 'ignored' && outcome.reason.startsWith('Not declared')) logger?.warn(`${what} ${group.groupKey} did not open an incident: ${outcome.reason}`);
    } catch (error) {
      // Stored already; the incident channel misses this notification, the next re-send retries it.
      logger?.warn(`${what} notification not posted into its incident: ${(error as Error).message}`);
    }
  };

  return {
    bind(client) {
      const readIncident = options.readChannelIncident?.(client);
      const context: LifecycleContext = {
        db,
        slack: client,
        settings,
        nowMs,
        hasRole: (actor, role) => rolesOf(policy, actor).has(role),
        audit: async (entry) => {
          await db.transaction((tx) => appendAudit(tx, { ...entry, atMs: nowMs() }));
        },
        queueRetrospective: async (incidentId) => {
          const record = readIncident ? await findIncidentById(db, incidentId) : undefined;
          if (readIncident && record) {
            // Without a stored report the retrospective job would skip the incident.
            await storeChannelAnalysis(db, readIncident, record).catch((error: Error) => logger?.warn(`${incidentId}: the channel analysis for its retrospective failed: ${error.message}`));
          }
          retroQueue ??= openRetroQueue().catch((error: unknown) => {
            retroQueue = undefined;
            throw error;
          });
          await (await retroQueue).enqueueRetro({ incidentId });
        },
        ...(postStatusPage ? { postStatusPage } : {}),
      };
      bound = {
        context,
        async actorOf(userId) {
          if (policyGroups.length === 0) return { userId };
          const members = await membersOf(client);
          return { userId, groups: policyGroups.filter((g) => members.get(g)?.has(userId)) };
        },
      };
      return bound;
    },
    alertSinks(store) {
      return {
        async onAlertmanager(payload) {
          await store.onAlertmanager(payload);
          await feed('Alertmanager', () => alertGroupFromAlertmanager(payload));
        },
        async onPagerduty(event) {
          await store.onPagerduty(event);
          await feed('PagerDuty', () => alertGroupFromPagerduty(event));
        },
      };
    },
    async close() {
      const queue = await retroQueue?.catch(() => undefined);
      await queue?.stop({ timeoutMs: 5000 });
    },
  };
}
