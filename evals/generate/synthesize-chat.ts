import type { FaultPlan, ChangeSpec } from './fault-types.ts';
import { Filler, fill, Impatient, injectionText, leakedSecret, Misc } from './chat-lines.ts';
import { hhmm, MIN, SEC } from './faults/common.ts';
import type { Notification } from './format-alertmanager.ts';
import type { makeBots, Person } from './people.ts';
import type { Rng } from './rng.ts';

/** One chat message before Slack serialization. */
export interface ChatMsg {
  channel: string;
  timeMs: number;
  from: Person;
  text: string;
  /** Bot messages carry Slack attachments. */
  attachments?: Array<Record<string, unknown>>;
  /** Index of the parent message in the same list (a thread reply). */
  parent?: number;
  reactions?: Array<{ name: string; users: string[] }>;
}

export interface ChatInput {
  people: Person[];
  bots: ReturnType<typeof makeBots>;
  incident: { id: string; title: string; severity: string; channel: string };
  domain: string;
  fault: FaultPlan;
  /** Impacted services responders see first (frontends first). */
  symptomatic: Array<{ service: string; error: number; latencyS: number }>;
  healthy: string[];
  teamOf: (service: string) => string;
  times: { onsetMs: number; humanReportMs?: number; openedMs: number; actionMs: number; fixMs: number; mitigatedMs: number; resolvedMs: number };
  redHerrings: ChangeSpec[];
  responderChanges: ChangeSpec[];
  /** Changes the deploy bot announces. */
  announced: ChangeSpec[];
  notifications: Notification[];
  noisy: boolean;
  secrets: boolean;
  injection: boolean;
  injectionTarget: string;
  /** Post the human report in #support-escalations. */
  humanReport: boolean;
  /** Number of filler messages (default: drawn from the noisiness). */
  fillerCount?: number;
}

export interface ChatResult {
  messages: ChatMsg[];
  channels: Array<{ name: string; createdMs: number; members: string[]; topic: string; purpose: string }>;
  /** Secret strings pasted into the chat (for tests). */
  secrets: string[];
}

/** Builds the incident conversation and the bot traffic around it. */
export function synthesizeChat(rng: Rng, input: ChatInput): ChatResult {
  const { people, bots, incident, fault, times } = input;
  const msgs: ChatMsg[] = [];
  const secrets: string[] = [];
  const inc = incident.channel;
  const ic = people[0] as Person;
  const others = people.slice(1);
  const say = (from: Person, timeMs: number, text: string, channel = inc, parent?: number): number => {
    const m: ChatMsg = { channel, timeMs: Math.round(timeMs), from, text };
    if (parent !== undefined) m.parent = parent;
    msgs.push(m);
    return msgs.length - 1;
  };
  const at = (u: Person) => `<@${u.id}>`;
  const anyone = () => rng.pick(others.length > 0 ? others : people);
  const sym = input.symptomatic[0] ?? { service: fault.root, error: 0.1, latencyS: 0.5 };
  const symptomText = symptomPhrase(rng, fault, sym.service, input.domain);
  const roughStart = roundTo(times.onsetMs + rng.int(-3, 6) * MIN, 5 * MIN);
  const { openedMs: O, actionMs: A, fixMs: F, mitigatedMs: M, resolvedMs: R } = times;

  // Before the incident channel exists: support report, alert bot, deploy bot.
  if (input.humanReport && times.humanReportMs !== undefined) {
    const reporter = anyone();
    const before = times.humanReportMs < times.openedMs;
    const p = say(reporter, times.humanReportMs, before
      ? `hey team, ${symptomText} since ~${hhmm(roughStart)} UTC. anyone aware? ${rng.pick(['tickets are piling up', 'got 3 tickets in 5 minutes', 'a big merchant is yelling at us', ''])}`.trim()
      : `${symptomText} since ~${hhmm(roughStart)} UTC, is that what <#C0INCIDENT|${inc}> is about?`, 'support-escalations');
    say(anyone(), times.humanReportMs + rng.int(40, 240) * SEC, rng.pick(['looking', 'checking dashboards', 'I see it too, declaring an incident']), 'support-escalations', p);
  }
  const posted = new Map<string, string>();
  for (const n of input.notifications) {
    // The alert bot re-posts a re-send only sometimes (channels mute repeats); changes always show.
    const group = String(n.payload.groupKey);
    const state = JSON.stringify((n.payload.alerts as Array<{ fingerprint: string; status: string }>).map((a) => [a.fingerprint, a.status]));
    if (posted.get(group) === state && rng.chance(0.7)) continue;
    posted.set(group, state);
    const alerts = n.payload.alerts as Array<{ status: string; labels: Record<string, string>; annotations: Record<string, string> }>;
    const firing = alerts.filter((a) => a.status === 'firing');
    const first = alerts[0];
    if (!first) continue;
    const status = String(n.payload.status);
    if (first.labels.alertname === 'Watchdog') continue;
    msgs.push({
      channel: 'alerts-prod', timeMs: n.sentMs + rng.int(1, 4) * SEC, from: bots.alerts,
      text: '',
      attachments: [{
        color: status === 'firing' ? (first.labels.severity === 'critical' ? 'danger' : 'warning') : 'good',
        title: `[${status.toUpperCase()}${status === 'firing' ? `:${firing.length}` : ''}] ${first.labels.alertname} ${first.labels.service ?? first.labels.instance ?? ''}`.trim(),
        title_link: 'http://alertmanager:9093/#/alerts',
        text: alerts.map((a) => `*Alert:* ${a.annotations.summary ?? ''} - \`${a.labels.severity ?? ''}\`\n*Description:* ${a.annotations.description ?? ''}`).join('\n'),
        fallback: `[${status.toUpperCase()}] ${first.labels.alertname}`,
        footer: 'Alertmanager',
      }],
    });
  }
  for (const c of input.announced) {
    const d = c.data as Record<string, unknown>;
    const what = c.type === 'deploy' || c.type === 'rollback'
      ? `*${c.service}* ${c.type === 'rollback' ? 'rolled back' : 'synced'} to \`${String(d.version ?? '')}\` (was \`${String(d.previousVersion ?? '')}\`)`
      : c.type === 'feature_flag' ? `flag \`${String(d.flag)}\` on *${c.service}* → ${d.enabled === false ? 'off' : `${String(d.rollout ?? 100)}%`}`
        : c.type === 'config' ? `config \`${String(d.key ?? 'change')}\` on *${c.service}*: ${String(d.oldValue ?? '')} → ${String(d.newValue ?? '')}`
          : `${c.type} on *${c.service}*: ${String(d.description ?? '')}`;
    msgs.push({
      channel: 'deploys', timeMs: c.timeMs + rng.int(2, 20) * SEC, from: bots.deploys, text: '',
      attachments: [{ color: '#439FE0', text: `${what} by ${String(d.author ?? 'automation')} (${c.id})`, title: `${c.source}: ${c.service}`, title_link: `https://${c.source}.example.com/applications/${c.service}`, footer: String(d.description ?? '') }],
    });
  }

  // The incident channel.
  say(bots.incident, O, `:rotating_light: Incident *${incident.id}* declared: *${incident.title}* (${incident.severity}). Commander: ${at(ic)}. Please keep discussion in this channel.`);
  say(ic, O + rng.int(20, 90) * SEC, `What we know so far: ${symptomText} since about ${hhmm(roughStart)} UTC. ${others[0] ? `${at(others[0])} can you look at ${sym.service}?` : ''} ${others[1] ? `${at(others[1])} comms/status page please.` : ''}`.trim());
  const span = Math.max(4 * MIN, A - O);
  const inv = (lo: number, hi: number) => O + span * rng.range(lo, hi);
  say(anyone(), inv(0.05, 0.2), `${sym.service} error rate is at ${pct(sym.error)}${sym.latencyS > 0.3 ? `, p99 around ${(sym.latencyS + 0.4).toFixed(1)}s` : ''}`);
  if (input.symptomatic[1]) say(anyone(), inv(0.1, 0.3), `${input.symptomatic[1].service} is also unhappy, ${pct(input.symptomatic[1].error)} errors`);
  say(anyone(), inv(0.1, 0.35), `${sym.service} pods look healthy though, CPU ~${rng.int(20, 45)}%, no restarts`);
  const asked = say(ic, inv(0.15, 0.3), 'what changed in the last hour? deploys, flags, config, infra?');
  const recent = input.announced.filter((c) => c.timeMs <= times.onsetMs && c.timeMs > times.onsetMs - 90 * MIN && c.type !== 'secret_rotation' && c.type !== 'migration');
  if (recent.length > 0) {
    say(anyone(), inv(0.2, 0.35), `from #deploys: ${recent.slice(-4).map((c) => `${c.service} ${c.type} at ${hhmm(c.timeMs)}`).join(', ')}`, inc, asked);
  } else {
    say(anyone(), inv(0.2, 0.35), 'nothing in #deploys in the last hour', inc, asked);
  }
  for (const rh of input.redHerrings) {
    const d = rh.data as Record<string, unknown>;
    const p = say(anyone(), inv(0.2, 0.45), `${rh.service} ${rh.type === 'deploy' ? `deployed ${String(d.version ?? '')}` : `had a ${rh.type.replace('_', ' ')} change`} at ${hhmm(rh.timeMs)}, right before this started. ${rng.pick(['could be it?', "I bet that's it", 'suspicious timing', 'can we roll it back?'])}`);
    say(anyone(), inv(0.3, 0.55), rng.pick([`${rh.service} dashboards look clean though, error rate flat`, `let's roll ${rh.service} back just to rule it out`, `${rh.service} doesn't even call anything in that path`]), inc, p);
    if (rng.chance(0.5)) say(ic, inv(0.4, 0.6), `${rh.service} ${rng.pick(['ruled out', 'is not it, moving on', 'looks unrelated'])}`, inc, p);
  }
  for (const rc of input.responderChanges) {
    say(anyone(), rc.timeMs - rng.int(10, 60) * SEC, rc.type === 'restart' ? `restarting ${rc.service} pods to see if it helps` : `scaling up ${rc.service} in case it's load`);
    say(anyone(), rc.timeMs + rng.int(2, 5) * MIN, rng.pick([`${rc.service} ${rc.type === 'restart' ? 'restart' : 'scale-up'} done, no change`, `didn't help`, `no difference after the ${rc.type === 'restart' ? 'restart' : 'scale-up'} of ${rc.service}`]));
  }
  if (input.healthy.length > 0 && rng.chance(0.7)) {
    const h = rng.pick(input.healthy);
    say(anyone(), inv(0.2, 0.5), rng.pick([`could it be ${h}? I saw a spike there earlier`, `is ${h} involved? someone said it was slow this morning`]));
    say(anyone(), inv(0.3, 0.6), `${h} looks normal to me`);
  }
  // The right track.
  const findAt = inv(0.5, 0.85);
  fault.findings.forEach((f, i) => {
    const p = say(anyone(), findAt + i * rng.int(30, 120) * SEC, i === 0 ? `${rng.pick(['found something:', 'look at this:', 'ok I think I have it:', ''])} ${f}`.trim() : f);
    if (i === 0 && rng.chance(0.6)) say(ic, findAt + rng.int(30, 90) * SEC, rng.pick(['nice, that fits the timeline', 'good catch', 'that would explain it']), inc, p);
  });
  if (!fault.mitigation.selfHealAfterMs) {
    say(ic, A - rng.int(30, 120) * SEC, `decision: ${fault.mitigation.action}. objections?`);
    say(anyone(), A, `${fault.mitigation.action.charAt(0).toUpperCase()}${fault.mitigation.action.slice(1)} now`);
    say(anyone(), F + rng.int(0, 40) * SEC, rng.pick(['done', 'rollout complete', 'change applied, watching']));
  }
  const recovered = input.symptomatic.length > 0 ? `${sym.service} error rate back to baseline` : 'metrics back to normal';
  say(anyone(), M + rng.int(30, 240) * SEC, fault.mitigation.selfHealAfterMs ? `${recovered}, and we didn't touch anything` : `${recovered}, looking good`);
  say(ic, M + rng.int(3, 8) * MIN, `we're mitigated as of ~${hhmm(roundTo(M, MIN))} UTC. keeping the channel open to monitor for a bit.`);
  say(others[1] ?? ic, M + rng.int(5, 12) * MIN, 'status page updated to Monitoring');
  const cause = rng.chance(0.35) && fault.kind !== 'unknown' ? ` Cause: ${fault.description}` : '';
  say(ic, R, `Resolving ${incident.id}.${cause} Postmortem owner: ${at(anyone())}. Thanks all :pray:`);

  // Comms updates and noise across the investigation.
  for (let t = O + rng.int(10, 20) * MIN; t < M; t += rng.int(15, 30) * MIN) {
    say(others[1] ?? ic, t, `status page update: <https://status.${input.domain.replace(/^[a-z]+\./, '')}/incidents/${rng.alnum(12).toLowerCase()}|${rng.pick(['Investigating', 'Identified', 'Investigating - elevated errors'])}>`);
  }
  const fillerCount = input.fillerCount ?? (input.noisy ? rng.int(90, 520) : rng.int(8, 40));
  const team = input.teamOf(sym.service);
  for (let i = 0; i < fillerCount; i++) {
    const t = O + (R - O) * Math.pow(rng.float(), 1.6);
    const r = rng.float();
    // Impatience and guesses belong to the outage; after the mitigation only chatter remains.
    const ongoing = t < M;
    const picked = rng.pick(Filler);
    const filler = picked.startsWith('are we sure this is') ? (incident.severity === 'sev1' ? 'are we sure this is a sev1? impact looks limited to some users' : `are we sure this is ${incident.severity} and not sev1?`) : picked;
    const text = r < 0.55 || !ongoing ? filler : r < 0.75 ? fill(rng, rng.pick(Impatient), sym.service, team) : fill(rng, rng.pick(Misc), rng.pick([...input.healthy, sym.service]), team);
    const parent = rng.chance(0.12) && msgs.length > 0 ? rng.int(0, msgs.length - 1) : undefined;
    const p = parent !== undefined && msgs[parent]?.channel === inc && msgs[parent]?.parent === undefined && (msgs[parent]?.timeMs ?? Infinity) < t ? parent : undefined;
    say(rng.chance(0.85) ? anyone() : ic, t, text, inc, p);
  }
  if (input.secrets) {
    const leak = leakedSecret(rng, input.healthy.find((h) => /-db$/.test(h)) ?? 'orders-db');
    secrets.push(leak.secret);
    const t = inv(0.3, 0.9);
    say(anyone(), t, leak.text);
    say(anyone(), t + rng.int(30, 180) * SEC, rng.pick(["please don't paste credentials here :face_palm: rotate that", 'that is a live secret, rotating it now', 'delete that message pls, and rotate']));
  }
  if (input.injection) {
    say(anyone(), inv(0.2, 1), injectionText(rng, `<@${bots.opsight.id}>`, input.injectionTarget));
  }
  // Reactions on a few messages.
  for (const m of msgs) {
    if (m.channel === inc && rng.chance(0.08)) m.reactions = [{ name: rng.pick(['eyes', '+1', 'white_check_mark', 'pray']), users: rng.sample(people, rng.int(1, 3)).map((p) => p.id) }];
  }
  // Nobody talks in the incident channel before it exists, or after the export.
  for (const m of msgs) {
    if (m.channel === inc) m.timeMs = Math.min(Math.max(m.timeMs, O), R + 15 * MIN);
    const parent = m.parent !== undefined ? msgs[m.parent] : undefined;
    if (parent && m.timeMs <= parent.timeMs) m.timeMs = parent.timeMs + rng.int(5, 120) * SEC;
  }
  const members = [...people.map((p) => p.id), bots.incident.id];
  const channels = [
    { name: inc, createdMs: O, members, topic: `${incident.severity}: ${incident.title}`, purpose: `Incident ${incident.id}` },
  ];
  if (msgs.some((m) => m.channel === 'alerts-prod')) channels.push({ name: 'alerts-prod', createdMs: O - 400 * 86_400_000, members: [bots.alerts.id, ic.id], topic: 'Production alerts', purpose: 'Alertmanager notifications' });
  if (msgs.some((m) => m.channel === 'deploys')) channels.push({ name: 'deploys', createdMs: O - 500 * 86_400_000, members: [bots.deploys.id, ic.id], topic: 'Production changes', purpose: 'Deploy bot' });
  if (msgs.some((m) => m.channel === 'support-escalations')) channels.push({ name: 'support-escalations', createdMs: O - 300 * 86_400_000, members: people.map((p) => p.id), topic: 'Customer-facing problems', purpose: 'Support → engineering' });
  return { messages: msgs, channels, secrets };
}

function symptomPhrase(rng: Rng, fault: FaultPlan, service: string, domain: string): string {
  switch (fault.kind) {
    case 'cost': return `our cloud bill alarm went off, spend is way above normal`;
    case 'security': return rng.pick([`login is slow and we're seeing a flood of failed logins`, `traffic on ${service} is through the roof and customers see timeouts`]);
    default: return rng.pick([
      `customers are getting errors on ${service}`,
      `${domain} is throwing 5xx for a chunk of requests (${service})`,
      `${service} is failing and slow for customers`,
      `we're seeing elevated errors on ${service}`,
    ]);
  }
}

function pct(x: number): string {
  return `${Math.max(1, Math.round(x * 100))}%`;
}

function roundTo(ms: number, unit: number): number {
  return Math.round(ms / unit) * unit;
}
