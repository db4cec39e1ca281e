import type { BenchRng } from './bench-rng.ts';
import type { AlertPayload } from './make-alert-payloads.ts';
import type { CloudEventChange } from './make-change-events.ts';
import type { LargeIncidentPlan } from './plan-large-incident.ts';

/** A file of the Slack export, relative to `slack/`. */
export interface RenderedSlackFile {
  path: string;
  json: string;
  /** Messages in the file (0 for users.json/channels.json). */
  messages: number;
}

interface SlackUser {
  id: string;
  name: string;
  real_name: string;
  is_bot: boolean;
  deleted: false;
  profile: { title: string; display_name: string; real_name: string };
}

interface Draft {
  channel: string;
  timeMs: number;
  user?: string;
  bot?: { id: string; username: string };
  text: string;
  attachments?: { fallback: string; color: string; title: string; text: string }[];
  parent?: Draft;
  replies?: number;
  reactions?: { name: string; users: string[]; count: number }[];
  ts?: string;
}

const FIRST = ['alice', 'bob', 'chen', 'dana', 'emeka', 'farah', 'goran', 'hana', 'ivan', 'julia', 'kofi', 'lena', 'mateo', 'nadia', 'omar', 'priya', 'quinn', 'rosa', 'sven', 'tara', 'umar', 'vera', 'wei', 'ximena', 'yusuf', 'zoe'];
const LAST = ['adams', 'baker', 'costa', 'diaz', 'eze', 'fischer', 'gupta', 'holm', 'ito', 'jensen', 'kim', 'lopez', 'moreau', 'novak', 'okafor', 'park', 'rossi', 'silva', 'tanaka', 'weber'];
const TITLES = ['SRE', 'Backend Engineer', 'Staff Engineer', 'Engineering Manager', 'Platform Engineer', 'Data Engineer', 'Frontend Engineer'];
const ALERT_BOT = { id: 'B0ALERTMGR', username: 'Alertmanager' };
const DEPLOY_BOT = { id: 'B0ARGOCD01', username: 'argocd' };
const INCIDENT_BOT = { id: 'B0INCIDENT', username: 'incident-bot' };
const DAY_MS = 86_400_000;

/**
 * The Slack export of the incident: users.json, channels.json and one file per channel per UTC day.
 * Exactly `plan.counts.messages` messages: the incident channel (10 %: the real narrative — detection,
 * a red herring ruled out, the deploy found, rollback, recovery — plus discussion, threads, filler),
 * the alert bot echoing Alertmanager (≤ 15 %), the deploy bot echoing the change feed, and
 * team-channel chatter over the two preceding days.
 */
export function renderSlackExport(
  plan: LargeIncidentPlan, alerts: readonly AlertPayload[], changes: readonly CloudEventChange[], rng: BenchRng,
): RenderedSlackFile[] {
  const users = makeUsers(plan, rng);
  const humans = users.filter((u) => !u.is_bot);
  const { fault } = plan;
  const incidentChannel = `inc-20260305-${fault.service}`.slice(0, 80);
  const edge = [...fault.affected.entries()].sort((a, b) => b[1].distance - a[1].distance)[0]?.[0] ?? fault.service;
  const drafts: Draft[] = [];
  const total = plan.counts.messages;
  const mention = (u: SlackUser): string => `<@${u.id}>`;
  const [ic, oncall, dev] = [rng.pick(humans), rng.pick(humans), rng.pick(humans)];
  const rh = plan.redHerrings[0];
  const hhmm = (ms: number): string => new Date(ms).toISOString().slice(11, 19);

  // 1. The incident channel's narrative.
  const narrative: [number, SlackUser | typeof INCIDENT_BOT, string][] = [
    [fault.openedMs, INCIDENT_BOT, `:rotating_light: Incident declared (sev1): elevated 5xx on ${edge}. IC: ${mention(ic)}`],
    [fault.openedMs + 40_000, ic, `I'm IC. ${mention(oncall)} can you pull up the ${edge} dashboards?`],
    [fault.openedMs + 130_000, oncall, `seeing 5xx from ${edge}, traces show the errors coming from downstream calls`],
    ...(rh ? [[fault.openedMs + 300_000, dev, `${rh.service} had a ${rh.type.replace('_', ' ')} change at ${hhmm(rh.timeMs)}, could that be it?`] as [number, SlackUser, string],
      [fault.openedMs + 420_000, oncall, `${rh.service} looks fine, its error rate is flat`] as [number, SlackUser, string]] : []),
    [fault.openedMs + 540_000, dev, `${fault.service} was deployed ${fault.version} at ${hhmm(fault.deployMs)}, errors start right after. NullPointerException in TokenIssuer`],
    [fault.openedMs + 700_000, ic, `let's roll back ${fault.service} to ${fault.previousVersion}`],
    [fault.mitigatedMs, oncall, `rollback of ${fault.service} to ${fault.previousVersion} started`],
    [fault.mitigatedMs + 240_000, oncall, `error rates recovering on ${edge}`],
    [fault.resolvedMs, ic, `all clear, resolving. Postmortem to follow`],
    [fault.resolvedMs + DAY_MS, ic, `postmortem draft: <https://docs.example.com/pm/${fault.service}|${fault.service} ${fault.version} rollback>`],
  ];
  const keyDrafts = narrative.map(([timeMs, who, text]): Draft =>
    'username' in who ? { channel: incidentChannel, timeMs, bot: who, text } : { channel: incidentChannel, timeMs, user: who.id, text });
  drafts.push(...keyDrafts);
  const incidentTotal = Math.max(keyDrafts.length, Math.round(total * 0.1));
  const affectedNames = [...fault.affected.keys()];
  const discussion = [
    () => '+1', () => 'looking', () => 'on it', () => 'brb', () => 'any update?', () => 'ack',
    () => `${mention(rng.pick(humans))} can you check ${rng.pick(affectedNames)}?`,
    () => `seeing elevated latency on ${rng.pick(affectedNames)}`,
    () => `dashboards: <https://grafana.example.com/d/${rng.hex(8)}|${rng.pick(affectedNames)} overview>`,
    () => `customers reporting failures in ${edge}, support has ${rng.int(3, 60)} tickets`,
    () => `status page updated`,
    () => `${rng.pick(plan.services).name} looks normal`,
  ];
  for (let i = keyDrafts.length; i < incidentTotal; i++) {
    // Busiest right after the page, then tailing off.
    const timeMs = fault.openedMs + Math.floor(-Math.log(1 - rng.float() * 0.98) * 12 * 60_000);
    const earlier = keyDrafts.filter((d) => d.timeMs < timeMs);
    const parent = earlier.length && rng.chance(0.12) ? rng.pick(earlier) : undefined;
    const d: Draft = { channel: incidentChannel, timeMs, user: rng.pick(humans).id, text: rng.pick(discussion)() };
    if (parent) {
      d.parent = parent;
      parent.replies = (parent.replies ?? 0) + 1;
    }
    if (rng.chance(0.05)) d.reactions = [{ name: rng.pick(['eyes', '+1', 'white_check_mark']), users: [rng.pick(humans).id], count: 1 }];
    drafts.push(d);
  }

  // 2. Alert bot echoes (an even stride through the payloads) and 3. the deploy bot.
  const alertTotal = Math.min(alerts.length, Math.round(total * 0.15), total - drafts.length);
  for (let i = 0; i < alertTotal; i++) {
    const a = alerts[Math.floor((i * alerts.length) / alertTotal)]!;
    const title = `[${a.status.toUpperCase()}:1] ${a.alertname} ${a.service} (${a.severity})`;
    drafts.push({ channel: 'ops-alerts', timeMs: a.sentMs + 1_000, bot: ALERT_BOT, text: '',
      attachments: [{ fallback: title, color: a.status === 'firing' ? 'danger' : 'good', title, text: `${a.alertname} on ${a.service}` }] });
  }
  const deployTotal = Math.min(changes.length, total - drafts.length);
  for (const c of changes.slice(0, deployTotal)) {
    const version = c.data.version ? ` to \`${c.data.version}\`` : '';
    drafts.push({ channel: 'deploys', timeMs: Date.parse(c.time) + 2_000, bot: DEPLOY_BOT,
      text: `${c.source}: ${c.type} *${c.subject}*${version} in ${c.data.environment} by ${c.data.author}: ${c.data.description ?? ''}` });
  }

  // 4. Team chatter from two days before the window to its end.
  const chatterFrom = plan.windowStartMs - 44 * 3_600_000;
  const chatter = [
    (s: string) => `PR for ${s} is up: <https://github.example.com/acme/${s}/pull/${rng.int(100, 9999)}|#review>`,
    (s: string) => `who owns ${s}?`, (s: string) => `${s} integration test flaky again`,
    () => 'standup in 5', () => 'lunch?', () => 'thanks!', (s: string) => `bumping ${s} dependencies this afternoon`,
    (s: string) => `${mention(rng.pick(humans))} can you review the ${s} migration plan?`,
  ];
  while (drafts.length < total) {
    const team = rng.pick(plan.teams);
    const own = plan.services.filter((s) => s.team === team);
    const service = (own.length ? rng.pick(own) : rng.pick(plan.services)).name;
    drafts.push({ channel: `team-${team}`, timeMs: chatterFrom + Math.floor(rng.float() * (plan.windowEndMs - chatterFrom)),
      user: rng.pick(humans).id, text: rng.pick(chatter)(service) });
  }

  return renderFiles(plan, drafts, users, incidentChannel, rng);
}

function makeUsers(plan: LargeIncidentPlan, rng: BenchRng): SlackUser[] {
  const count = Math.max(10, Math.round(plan.counts.services * 1.5));
  const used = new Set<string>();
  const users: SlackUser[] = [];
  for (let i = 0; i < count; i++) {
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    let name = `${first}.${last}`;
    for (let n = 2; used.has(name); n++) name = `${first}.${last}${n}`;
    used.add(name);
    const real = `${first[0]!.toUpperCase()}${first.slice(1)} ${last[0]!.toUpperCase()}${last.slice(1)}`;
    users.push({ id: `U${rng.hex(10).toUpperCase()}`, name, real_name: real, is_bot: false, deleted: false,
      profile: { title: rng.pick(TITLES), display_name: name, real_name: real } });
  }
  for (const bot of [ALERT_BOT, DEPLOY_BOT, INCIDENT_BOT]) {
    users.push({ id: `U${bot.id.slice(1)}`, name: bot.username, real_name: bot.username, is_bot: true, deleted: false,
      profile: { title: '', display_name: bot.username, real_name: bot.username } });
  }
  return users;
}

function renderFiles(plan: LargeIncidentPlan, drafts: Draft[], users: SlackUser[], incidentChannel: string, rng: BenchRng): RenderedSlackFile[] {
  drafts.sort((a, b) => a.timeMs - b.timeMs);
  // `ts` is microseconds, strictly increasing within a channel.
  const lastMicros = new Map<string, number>();
  for (const d of drafts) {
    const micros = Math.max(Math.round(d.timeMs) * 1000, (lastMicros.get(d.channel) ?? 0) + 1);
    lastMicros.set(d.channel, micros);
    d.ts = `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }
  const files = new Map<string, string[]>();
  for (const d of drafts) {
    const message: Record<string, unknown> = { type: 'message', text: d.text, ts: d.ts };
    if (d.bot) Object.assign(message, { subtype: 'bot_message', bot_id: d.bot.id, username: d.bot.username });
    else message.user = d.user;
    if (d.attachments) message.attachments = d.attachments;
    if (d.parent) message.thread_ts = d.parent.ts;
    if (d.replies) Object.assign(message, { thread_ts: d.ts, reply_count: d.replies });
    if (d.reactions) message.reactions = d.reactions;
    const path = `${d.channel}/${new Date(d.timeMs).toISOString().slice(0, 10)}.json`;
    const list = files.get(path) ?? [];
    list.push(JSON.stringify(message));
    files.set(path, list);
  }
  const humanIds = users.filter((u) => !u.is_bot).map((u) => u.id);
  const channelNames = [incidentChannel, 'ops-alerts', 'deploys', ...plan.teams.map((t) => `team-${t}`)];
  const channels = channelNames.map((name) => ({
    id: `C${rng.hex(10).toUpperCase()}`,
    name,
    created: Math.floor((name === incidentChannel ? plan.fault.openedMs : plan.windowStartMs - 400 * DAY_MS) / 1000),
    members: humanIds.filter(() => rng.chance(0.3)),
    topic: { value: name === incidentChannel ? 'sev1: elevated 5xx' : '', creator: humanIds[0] ?? '', last_set: 0 },
    purpose: { value: name.startsWith('team-') ? `Team ${name.slice(5)}` : name, creator: humanIds[0] ?? '', last_set: 0 },
  }));
  return [
    { path: 'users.json', json: JSON.stringify(users), messages: 0 },
    { path: 'channels.json', json: JSON.stringify(channels), messages: 0 },
    ...[...files.entries()].map(([path, list]) => ({ path, json: `[${list.join(',\n')}]`, messages: list.length })),
  ];
}
