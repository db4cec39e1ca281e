// `node bin/run.js evals/bench/lifecycle-bench.ts [--incidents 20]`: how fast `/incident create` gets a
// ready channel (created, members invited, header posted and pinned) against the local Slack stand-in
// on the embedded store, and how 100 re-sends of one alert group end as one message.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { declareIncident } from '../../src/lifecycle/declare-incident.ts';
import { receiveAlertGroup } from '../../src/lifecycle/receive-alert-group.ts';
import { alertGroupFromAlertmanager } from '../../src/lifecycle/to-alert-groups.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { buildLifecycleContext } from '../../test/lifecycle/build-lifecycle-context.ts';
import { startFakeSlackWebApi } from '../../test/support/fake-slack-web-api.ts';
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
    `100 re-sends of one alert group: ${alertMessages} message(s) posted, ${resendMs.toFixed(0)} ms (target: exactly 1 message)`,
    '',
  ].join('\n'),
);
await slack.close();
await db.close();
