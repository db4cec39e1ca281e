import { LogLevel } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApprovalPolicySchema } from '../../src/executor/approval-policy.ts';
import { LifecycleSettingsSchema } from '../../src/lifecycle/lifecycle-settings.ts';
import { createSlackApp, type SlackAppOptions, type SlackServer } from '../../src/slack/create-slack-app.ts';
import { createLifecycleWiring } from '../../src/slack/lifecycle-wiring.ts';
import type { IncidentResponder } from '../../src/slack/ports.ts';
import { SlackSettingsSchema } from '../../src/slack/slack-settings.ts';
import { createStderrLogger } from '../../src/slack/stderr-logger.ts';
import type { Database } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { startFakeSlackWebApi, type FakeSlackWebApi } from '../support/fake-slack-web-api.ts';
import { BOT_TOKEN, SIGNING_SECRET, postSigned, slashCommand } from './slack-test-kit.ts';

const FORM = 'application/x-www-form-urlencoded';
let db: Database;
let fake: FakeSlackWebApi;
let server: SlackServer | undefined;
let baseUrl: string;

beforeAll(async () => {
  db = await openDatabase({});
  await migrate(db);
}, 120_000);
afterAll(async () => db.close());
beforeEach(async () => {
  fake = await startFakeSlackWebApi();
});
afterEach(async () => {
  await server?.stop();
  server = undefined;
  await fake.close();
});

async function start(overrides: Partial<SlackAppOptions>): Promise<void> {
  server = createSlackApp({
    botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, slackApiUrl: fake.url, port: 0, settings: SlackSettingsSchema.parse({ concurrency: 1 }),
    logger: createStderrLogger(LogLevel.ERROR, () => {}), retryConfig: { retries: 0 }, ...overrides,
  });
  baseUrl = `http://127.0.0.1:${(await server.start()).port}`;
}

const reply = (id: string) =>
  vi.waitFor(() => {
    const call = fake.callsTo(`response/${id}`)[0];
    if (!call) throw new Error(`no reply ${id} yet`);
    return String(call.args.text);
  }, { timeout: 10_000 });

describe('lifecycle commands in the Slack app', () => {
  it('a declaration does not wait behind running analyses', async () => {
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const responder: IncidentResponder = { respond: () => blocked.then(() => Promise.reject(new Error('released'))) };
    const wiring = createLifecycleWiring({ db, settings: LifecycleSettingsSchema.parse({}), policy: ApprovalPolicySchema.parse({}) });
    await start({ responder: () => responder, lifecycle: (client) => wiring.bind(client) });
    // One analysis runs (concurrency 1) and two more wait behind it.
    for (const id of ['a1', 'a2', 'a3']) expect((await postSigned(baseUrl, slashCommand('summarize', `${fake.url}response/${id}`), FORM)).status).toBe(200);
    await postSigned(baseUrl, slashCommand('create Cache stampede --severity sev2', `${fake.url}response/create`), FORM);
    expect(await reply('create')).toMatch(/^Declared INC-\d{8}-\d+ in <#C\d+>/);
    expect(fake.callsTo('pins.add')).toHaveLength(1);
    expect(fake.callsTo('response/a1')).toHaveLength(0);
    release();
    await reply('a3');
    await wiring.close();
  });

  it('without a lifecycle the commands say it is not configured', async () => {
    await start({});
    await postSigned(baseUrl, slashCommand('create Cache stampede --severity sev2', `${fake.url}response/off`), FORM);
    expect(await reply('off')).toContain('the incident lifecycle is not configured');
    expect(fake.callsTo('conversations.create')).toHaveLength(0);
  });
});
