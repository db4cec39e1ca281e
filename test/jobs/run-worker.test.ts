import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { captureIo } from '../../src/cli/testing/capture-io.ts';
import { ANALYSIS_QUEUE, RETRO_QUEUE, openJobQueue } from '../../src/jobs/job-queue.ts';
import { runWorker } from '../../src/jobs/run-worker.ts';
import { getLatestReport } from '../../src/store/incident-store.ts';
import { restartableStores, type RestartableStore } from './restartable-stores.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(restartableStores())('opsight worker on $name', ({ setup }) => {
  let store: RestartableStore;
  beforeEach(async () => {
    store = await setup();
  });
  afterEach(async () => {
    await store.teardown();
  });

  it('analyzes and stores requested bundles, drafts retrospectives, and stops gracefully on abort', async () => {
    const db = await store.open();
    const queue = await openJobQueue(db, { settings: { schema: store.bossSchema, pollingIntervalSeconds: 0.5, retryLimit: 0 }, onError: () => {} });
    const good = await queue.enqueueAnalysis({ bundleDir: 'examples/demo-incident', requestedBy: 'test' });
    const bad = await queue.enqueueAnalysis({ bundleDir: 'no/such/bundle' });
    const log: string[] = [];
    const posted: string[] = [];
    const controller = new AbortController();
    const running = runWorker(db, queue, { signal: controller.signal, log: (l) => log.push(l), publish: async (p) => { posted.push(`${p.channel}:${p.incidentId}`); } });

    const state = async (queueName: typeof ANALYSIS_QUEUE | typeof RETRO_QUEUE, id: string) => (await queue.getJob(queueName, id))?.state;
    for (let i = 0; i < 300 && ((await state(ANALYSIS_QUEUE, good)) !== 'completed' || (await state(ANALYSIS_QUEUE, bad)) !== 'failed'); i++) await sleep(100);
    expect(await state(ANALYSIS_QUEUE, good)).toBe('completed');
    expect(await state(ANALYSIS_QUEUE, bad)).toBe('failed');
    expect((await getLatestReport(db, 'INC-2041'))?.rootCauses[0]).toMatchObject({ service: 'payments', kind: 'credential' });

    const retro = await queue.enqueueRetro({ incidentId: 'INC-2041' });
    for (let i = 0; i < 300 && (await state(RETRO_QUEUE, retro)) !== 'completed'; i++) await sleep(100);
    expect(posted).toEqual(['inc-20260304-payment:INC-2041']);
    expect(await db.query('SELECT incident_id FROM retrospectives')).toEqual([{ incident_id: 'INC-2041' }]);

    controller.abort();
    await running;
    expect(log.some((l) => l.includes('stored INC-2041'))).toBe(true);
    expect(log.some((l) => l.includes('analysis of no/such/bundle failed'))).toBe(true);
    expect(log.some((l) => /INC-2041 drafted \(published\)/.test(l))).toBe(true);
    expect(log.at(-1)).toBe('stopping: waiting for running jobs');
  });
});

describe('opsight worker usage', () => {
  it('rejects unknown options', async () => {
    const cap = captureIo();
    expect(await runCli(['worker', '--bogus'], cap.io, {})).toBe(2);
    expect(cap.err()).toContain("Unknown option '--bogus'");
  });
});
