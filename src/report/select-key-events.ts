import type { Report, TimelineEvent } from '../domain/index.ts';

const CHAT_WORTH_SHOWING = /\b(rolling back|rolled back|revert|restart|scal|failover|fail over|disable|flag|mitigat|recover|resolved|all clear|root cause|caused by|because|looks like|i think|suspect|deploy|declar|commander|paging|status page)\b/i;

/**
 * The events worth a glance: milestones, changes, alerts firing, the onsets of the anomalies, the first
 * sighting of new error logs and chat that carries a decision, hypothesis or action. At most `max`,
 * keeping the earliest of each kind when there are too many.
 */
export function selectKeyEvents(report: Pick<Report, 'timeline'>, max = 30): TimelineEvent[] {
  const important = report.timeline.filter((e) => {
    if (e.minor) return false;
    if (e.kind === 'alert') return e.text.startsWith('FIRING');
    if (e.kind === 'chat') return CHAT_WORTH_SHOWING.test(e.text);
    return true;
  });
  if (important.length <= max) return important;
  const quota: Record<TimelineEvent['kind'], number> = { milestone: 4, change: 6, alert: 6, metric: 6, log: 3, chat: 8 };
  const taken = new Set<TimelineEvent>();
  for (const e of important) {
    if (quota[e.kind] > 0) { quota[e.kind]--; taken.add(e); }
  }
  return important.filter((e) => taken.has(e)).slice(0, max);
}
