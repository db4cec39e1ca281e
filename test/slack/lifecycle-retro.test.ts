import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeIncident } from '../../src/analysis/analyze-incident.ts';
import { ApprovalPolicySchema } from '../../src/executor/approval-policy.ts';
import { readBundle } from '../../src/ingest/index.ts';
import { declareIncident } from '../../src/lifecycle/declare-incident.ts';
import { LifecycleSettingsSchema } from '../../src/lifecycle/lifecycle-settings.ts';
import { resolveIncident } from '../../src/lifecycle/resolve-incident.ts';
import { buildReport } from '../../src/report/build-report.ts';
import { runNightlyRetro } from '../../src/retro/run-nightly-retro.ts';
import type { ReadChannelIncident } from '../../src/slack/channel-incident-responder.ts';
import { createLifecycleWiring } from '../../src/slack/lifecycle-wiring.ts';
import type { Database } from '../../src/store/database.ts';
import { getLatestReport } from '../../src/store/incident-store.ts';
import { startFakeSlackWebApi, type FakeSlackWebApi } from '../support/fake-slack-web-api.ts';
import { storeDrivers } from '../store/store-drivers.ts';
import { useMigratedStore } from '../store/use-migrated-store.ts';

describe.each(storeDrivers())('resolving a Slack-declared incident on $name', ({ setup }) => {
  let db: Database;
  let slack: FakeSlackWebApi;

  useMigratedStore(setup, (store) => ({ db } = store), 'all');
  beforeAll(async () => {
    slack = await startFakeSlackWebApi();
  });
  afterAll(async () => slack.close());

  it('stores the channel’s analysis under the incident id, so the retrospective drafts it instead of skipping it', async () => {
    const demo = await readBundle('examples/demo-incident');
    const channelsRead: string[] = [];
    // The demo incident's chat and sources stand in for what the channel reader would collect.
    const readChannelIncident = (): ReadChannelIncident => async (channelId) => {
      channelsRead.push(channelId);
      const analysis = analyzeIncident(demo);
      return { bundle: demo, analysis, report: buildReport(demo, analysis) };
    };
    const enqueued: unknown[] = [];
    let now = Date.parse('2026-03-04T15:05:00Z');
    const wiring = createLifecycleWiring({
      db,
      settings: LifecycleSettingsSchema.parse({}),
      policy: ApprovalPolicySchema.parse({}),
      nowMs: () => now,
      readChannelIncident,
      openRetroQueue: async () => ({ enqueueRetro: async (request) => (enqueued.push(request), 'job-1'), stop: async () => {} }),
    });
    const { context } = wiring.bind(new WebClient('xoxb-test', { slackApiUrl: slack.url, retryConfig: { retries: 0 } }));

    const declared = await declareIncident(context, { title: 'Card payments failing', severity: 'sev1', services: ['payments'], actor: { userId: 'UALICE' } });
    if (!declared.ok) throw new Error(declared.message);
    now = Date.parse('2026-03-04T16:30:00Z');
    const resolved = await resolveIncident(context, declared.value.channelId!, { userId: 'UALICE' }, 'rotated the Stripe key back');
    expect(resolved.ok).toBe(true);

    expect(channelsRead).toEqual([declared.value.channelId]);
    const report = await getLatestReport(db, declared.value.id);
    expect(report).toMatchObject({ incidentId: declared.value.id, title: 'Card payments failing', severity: 'sev1' });
    expect(report!.rootCauses[0]).toMatchObject({ service: 'payments', kind: 'credential' });
    expect(enqueued).toEqual([{ incidentId: declared.value.id }]);

    const [outcome] = await runNightlyRetro(db, { incidentId: declared.value.id, now: new Date(now) });
    expect(outcome).toMatchObject({ incidentId: declared.value.id, status: 'drafted', channel: declared.value.channelId });
    expect(outcome?.status === 'drafted' && outcome.markdown).toContain('Card payments failing');
  });
});
