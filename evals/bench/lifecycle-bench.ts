// `node bin/run.js evals/bench/lifecycle-bench.ts [--incidents 20]`: how fast `/incident create` gets a
// ready channel (created, members invited, header posted and pinned) against the local Slack stand-in
// on the embedded store — through the library, and through the HTTP path of the Slack app (a signed
// `/incident create` POST until the header is pinned, and until the invoker's reply) — and how 100
// re-sends of one alert group end as one message.
import { LogLevel } from '@slack/bolt';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { declareIncident } from '../../src/lifecycle/declare-incident.ts';
import { receiveAlertGroup } from '../../src/lifecycle/receive-alert-group.ts';
import { alertGroupFromAlertmanager } from '../../src/lifecycle/to-alert-groups.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { buildLifecycleContext } from '../../test/lifecycle/build-lifecycle-context.ts';
import { startFakeSlackWebApi } from '../../test/support/fake-slack-web-api.ts';
import { ApprovalPolicySchema } from '../../src/executor/approval-policy.ts';
import { LifecycleSettingsSchema } from '../../src/lifecycle/lifecycle-settings.ts';
import { createSlackApp } from '../../src/slack/create-slack-app.ts';
import { createLifecycleWiring } from '../../src/slack/lifecycle-wiring.ts';
import { createStderrLogger } from '../../src/slack/stderr-logger.ts';
import { BOT_TOKEN, SIGNING_SECRET, postSigned } from '../../test/slack/slack-test-kit.ts';
import { percentile } from './percentile.ts';

const { values: opts } = parseArgs({ options: { incidents: { type: 'string', default: '20' } } });
const count = Number(opts.incidents);
const db = await openDatabase({});
await migrate(db);
const slack = await startFakeSlackWebApi();
slack.on('usergroups.users.list', () => ({ users: ['USRE1', 'USRE2', 'USRE3'] }));
const { context } = buildLifecycleContext(db, slack, { onCall: { users: ['UONCALL'], groups: ['SSRE'] }, broadcastChannel: 'CBROADCAST' });

const readyMs: number[] = [];
for (let i = 0; i < count; i++) {
  const started = performance.now();
  const result = await declareIncident(context, { title: `Checkout failing ${i}`, severity: 'sev2', services: ['checkout'], actor: { userId: 'UALICE' } });
  readyMs.push(performance.now() - started);
  if (!result.ok) throw new Error(result.message);
}

// The HTTP path: signed slash command → ack → work queue → declareIncident over the app's WebClient.
const wiring = createLifecycleWiring({
  db,
  settings: LifecycleSettingsSchema.parse({ onCall: { users: ['UONCALL'], groups: ['SSRE'] }, broadcastChannel: 'CBROADCAST' }),
  policy: ApprovalPolicySchema.parse({}),
});
const app = createSlackApp({
  botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, slackApiUrl: slack.url, port: 0, lifecycle: (client) => wiring.bind(client),
  logger: createStderrLogger(LogLevel.ERROR, () => {}), retryConfig: { retries: 0 },
});
const baseUrl = `http://127.0.0.1:${(await app.start()).port}`;
const pinnedAt = new Map<string, number>();
slack.on('pins.add', (args) => (pinnedAt.set(String(args.channel), performance.now()), {}));
const httpAckMs: number[] = [];
const httpReadyMs: number[] = [];
const httpReplyMs: number[] = [];
for (let i = 0; i < count; i++) {
  const replied = new Promise<number>((resolve) => slack.on(`response/bench-${i}`, () => (resolve(performance.now()), {})));
  const body = new URLSearchParams({
    team_id: 'T1', channel_id: 'CGENERAL', channel_name: 'general', user_id: 'UALICE', user_name: 'alice', command: '/incident',
    text: `create Search failing ${i} --severity sev2`, response_url: `${slack.url}response/bench-${i}`, trigger_id: 't',
  }).toString();
  const started = performance.now();
  const ack = await postSigned(baseUrl, body, 'application/x-www-form-urlencoded');
  if (ack.status !== 200) throw new Error(`ack ${ack.status}: ${ack.body}`);
  httpAckMs.push(ack.ackMs);
  const repliedAt = await replied;
  const channel = slack.callsTo('conversations.create').find((c) => String(c.args.name).endsWith(`-search-failing-${i}`));
  const created = slack.callsTo('conversations.invite').at(-1)?.args.channel;
  const pinned = pinnedAt.get(String(created));
  if (!channel || pinned === undefined) throw new Error(`incident ${i} has no pinned header: ${JSON.stringify(slack.callsTo(`response/bench-${i}`)[0]?.args.text)}`);
  httpReadyMs.push(pinned - started);
  httpReplyMs.push(repliedAt - started);
}
await app.stop();
await wiring.close();

const payload = {
  version: '4', groupKey: '{}:{alertname="HighErrorRate"}', status: 'firing', receiver: 'opsight', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: '',
  alerts: [{ status: 'firing', labels: { alertname: 'HighErrorRate', service: 'checkout', severity: 'critical' }, annotations: { summary: '5xx above 5%' }, startsAt: '2026-11-29T13:50:00Z', endsAt: '0001-01-01T00:00:00Z', generatorURL: '', fingerprint: 'fp1' }],
};
const alertPosts = () => slack.callsTo('chat.postMessage').filter((c) => String(c.args.text).includes('HighErrorRate')).length;
const resendStarted = performance.now();
for (let i = 0; i < 100; i++) await receiveAlertGroup(context, alertGroupFromAlertmanager(payload));
const resendMs = performance.now() - resendStarted;
const alertMessages = alertPosts();

process.stdout.write(
  [
    `/incident create → ready channel (${count} incidents, embedded store, Slack stand-in on 127.0.0.1):`,
    `  p50 ${percentile(readyMs, 50).toFixed(1)} ms · p95 ${percentile(readyMs, 95).toFixed(1)} ms · max ${Math.max(...readyMs).toFixed(1)} ms (target < 2000 ms)`,
    `/incident create over HTTP (signed POST → header pinned; ${count} incidents, same store and stand-in):`,
    `  ack p50 ${percentile(httpAckMs, 50).toFixed(1)} ms · ready p50 ${percentile(httpReadyMs, 50).toFixed(1)} ms · p95 ${percentile(httpReadyMs, 95).toFixed(1)} ms · max ${Math.max(...httpReadyMs).toFixed(1)} ms (target < 2000 ms)`,
    `  reply to the invoker (topic set, announced) p50 ${percentile(httpReplyMs, 50).toFixed(1)} ms · p95 ${percentile(httpReplyMs, 95).toFixed(1)} ms`,
    `100 re-sends of one alert group: ${alertMessages} message(s) posted, ${resendMs.toFixed(0)} ms (target: exactly 1 message)`,
    '',
  ].join('\n'),
);
await slack.close();
await db.close();
