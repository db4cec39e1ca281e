import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/database.ts';
import { ANALYSIS_QUEUE, RETRO_QUEUE, SLACK_QUEUE, SLACK_QUEUE_OPTIONS, openJobQueue, type JobQueue } from '../../src/jobs/job-queue.ts';
import type { JobsSettings } from '../../src/jobs/jobs-settings.ts';
import { restartableStores, type RestartableStore } from './restartable-stores.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe.each(restartableStores())('job queue on $name', ({ setup }) => {
  let store: RestartableStore;
  let queues: JobQueue[];
  const fast = (): Partial<JobsSettings> => ({ schema: store.bossSchema, pollingIntervalSeconds: 0.5, retryDelaySeconds: 0, maintenanceIntervalSeconds: 1 });
  const open = async (db: Database, settings: Partial<JobsSettings> = {}) => {
    const queue = await openJobQueue(db, { settings: { ...fast(), ...settings }, onError: () => {} });
    queues.push(queue);
    return queue;
  };

  beforeEach(async () => {
    store = await setup();
    queues = [];
  });
  afterEach(async () => {
    for (const q of queues) await q.stop({ timeoutMs: 1000 }).catch(() => {});
    await store.teardown();
  });

  it('hands each job to exactly one of two workers', async () => {
    const dbA = await store.open();
    const dbB = store.concurrentOpens ? await store.open() : dbA;
    const [a, b] = [await open(dbA, { concurrency: 2 }), await open(dbB, { concurrency: 2 })];
    const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => a.enqueueAnalysis({ bundleDir: `bundle-${i}` })));
    const runs: Array<{ worker: string; id: string; bundleDir: string }> = [];
    for (const [worker, queue] of [['a', a], ['b', b]] as const) {
      await queue.work({ analysis: async (request, job) => { runs.push({ worker, id: job.id, bundleDir: request.bundleDir }); await sleep(30); } });
    }
    await waitFor('all jobs completed', async () => (await Promise.all(ids.map((id) => a.getJob(ANALYSIS_QUEUE, id)))).every((j) => j?.state === 'completed'));
    expect(runs.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(new Set(runs.map((r) => r.bundleDir)).size).toBe(12);
  });

  it('retries a job whose handler throws', async () => {
    const db = await store.open();
    const queue = await open(db);
    const id = await queue.enqueueAnalysis({ bundleDir: 'flaky' });
    let attempts = 0;
    await queue.work({ analysis: async () => { attempts++; if (attempts === 1) throw new Error('worker blew up'); } });
    const job = await waitFor('completion after a retry', async () => {
      const j = await queue.getJob(ANALYSIS_QUEUE, id);
      return j?.state === 'completed' ? j : undefined;
    });
    expect(attempts).toBe(2);
    expect(job.retryCount).toBe(1);
  });

  it('retries a job whose worker vanished mid-job, once it expires', async () => {
    const db = await store.open();
    // The first worker's process stops dead mid-job: from then on it never answers or writes again.
    let dead = false;
    const never = new Promise<never>(() => {});
    const process1: Database = {
      driver: db.driver,
      query: (sql, params) => (dead ? never : db.query(sql, params)),
      exec: (sql) => (dead ? never : db.exec(sql)),
      transaction: (fn) => (dead ? never : db.transaction(fn)),
      close: async () => {},
    };
    const a = await openJobQueue(process1, { settings: { ...fast(), expireInSeconds: 2 }, onError: () => {} });
    const id = await a.enqueueAnalysis({ bundleDir: 'slow' });
    let startedOnA = false;
    await a.work({ analysis: async () => { startedOnA = true; dead = true; await never; } });
    await waitFor('the job to start on the first worker', () => startedOnA || undefined);

    const b = await open(store.concurrentOpens ? await store.open() : db, { expireInSeconds: 2 });
    const handledOnB: string[] = [];
    await b.work({ analysis: async (_request, job) => { handledOnB.push(job.id); } });
    const job = await waitFor('the retry to complete on the second worker', async () => {
      const j = await b.getJob(ANALYSIS_QUEUE, id);
      return j?.state === 'completed' ? j : undefined;
    });
    expect(handledOnB).toEqual([id]);
    expect(job.retryCount).toBe(1);
  });

  it('keeps queued jobs across a restart', async () => {
    const first = await store.open();
    const before = await open(first);
    const id = await before.enqueueAnalysis({ bundleDir: 'queued-before-restart', requestedBy: 'cli' });
    await before.stop();
    await first.close();

    const second = await store.open();
    const after = await open(second);
    expect((await after.getJob(ANALYSIS_QUEUE, id))?.state).toBe('created');
    const seen: Array<{ bundleDir: string; requestedBy?: string }> = [];
    await after.work({ analysis: async (request) => { seen.push(request); } });
    await waitFor('the job to run after the restart', async () => (await after.getJob(ANALYSIS_QUEUE, id))?.state === 'completed' || undefined);
    expect(seen).toEqual([{ bundleDir: 'queued-before-restart', requestedBy: 'cli' }]);
  });

  it('fails a job with invalid data, naming the field, without stopping the worker', async () => {
    const db = await store.open();
    const queue = await open(db, { retryLimit: 0 });
    await db.query(`SELECT ${store.bossSchema}.create_queue('probe', '{"policy":"standard"}'::json)`).catch(() => {});
    const bad = await queue.enqueueRetro({}).then(async () => {
      const [row] = await db.query<{ id: string }>(`INSERT INTO ${store.bossSchema}.job (name, data) VALUES ($1, '{"lookback": 42}'::jsonb) RETURNING id::text AS id`, [RETRO_QUEUE]);
      return row!.id;
    });
    const good = await queue.enqueueRetro({ incidentId: 'INC-1' });
    const handled: Array<string | undefined> = [];
    await queue.work({ retro: async (request) => { handled.push(request.incidentId); } });
    const failed = await waitFor('the bad job to fail', async () => {
      const j = await queue.getJob(RETRO_QUEUE, bad);
      return j?.state === 'failed' ? j : undefined;
    });
    expect(JSON.stringify(failed.output)).toMatch(/invalid data \(lookback: /);
    await waitFor('the good job', async () => (await queue.getJob(RETRO_QUEUE, good))?.state === 'completed' || undefined);
    expect(handled).toContain('INC-1');
  });

  it('Slack work: a second job with the same dedupe key is dropped, in every process on the store', async () => {
    const dbA = await store.open();
    const dbB = store.concurrentOpens ? await store.open() : dbA;
    const [a, b] = [await open(dbA), await open(dbB)];
    const work = { kind: 'mention' as const, channelId: 'C1', replyThreadTs: '1.1', userId: 'U1', eventId: 'EvSAME' };
    const first = await a.enqueueSlack(work, { dedupeKey: 'EvSAME' });
    expect(first).toBeDefined();
    expect(await b.enqueueSlack(work, { dedupeKey: 'EvSAME' })).toBeUndefined();
    expect(await a.enqueueSlack(work, { dedupeKey: 'EvSAME' })).toBeUndefined();
    const other = await b.enqueueSlack({ ...work, eventId: 'EvOTHER' }, { dedupeKey: 'EvOTHER' });
    expect(other).toBeDefined();
    expect(other).not.toBe(first);
    await expect(a.enqueueSlack({ ...work, channelId: '' })).rejects.toThrow();
  });

  it('Slack work: the handler learns its attempt; a throwing attempt is retried until retryLimit', async () => {
    const db = await store.open();
    const queue = await open(db);
    const seen: Array<{ retryCount: number; retryLimit: number }> = [];
    await queue.workSlack(async (work, job) => {
      expect(work.kind).toBe('command');
      seen.push({ retryCount: job.retryCount, retryLimit: job.retryLimit });
      if (job.retryCount < job.retryLimit) throw new Error('not yet');
    });
    const id = await queue.enqueueSlack({ kind: 'command', subcommand: 'status', commandName: '/incident', channelId: 'C1', channelName: 'inc', userId: 'U1', userName: 'u', argText: '', args: [], responseUrl: 'http://127.0.0.1:9/r', triggerId: 't' });
    await waitFor('completion on the last attempt', async () => ((await queue.getJob(SLACK_QUEUE, id!))?.state === 'completed' ? true : undefined));
    expect(seen).toEqual([0, 1, 2].map((retryCount) => ({ retryCount, retryLimit: SLACK_QUEUE_OPTIONS.retryLimit })));
  });

  it('stores the nightly schedule with its time zone, replacing an earlier one', async () => {
    const db = await store.open();
    const queue = await open(db);
    await queue.scheduleNightlyRetro({ cron: '0 6 * * *', timezone: 'Europe/Berlin' });
    await queue.scheduleNightlyRetro({ cron: '30 5 * * 1-5', timezone: 'America/New_York', lookback: '72h' });
    const rows = await db.query<{ name: string; cron: string; timezone: string; data: unknown }>(`SELECT name, cron, timezone, data FROM ${store.bossSchema}.schedule`);
    expect(rows).toEqual([{ name: RETRO_QUEUE, cron: '30 5 * * 1-5', timezone: 'America/New_York', data: { lookback: '72h' } }]);
    await queue.unscheduleNightlyRetro();
    expect(await db.query(`SELECT name FROM ${store.bossSchema}.schedule`)).toEqual([]);
  });
});

describe.each(restartableStores())('nightly schedule on $name', ({ setup }) => {
  let store: RestartableStore;
  beforeEach(async () => {
    store = await setup();
  });
  afterEach(async () => {
    await store.teardown();
  });

  it('fires the cron schedule once per slot, however many workers schedule it', async () => {
    const db = await store.open();
    const settings = { schema: store.bossSchema, pollingIntervalSeconds: 0.5, cronCheckIntervalSeconds: 1 };
    const first = await openJobQueue(db, { settings, schedule: true, onError: () => {} });
    const other = await openJobQueue(store.concurrentOpens ? await store.open() : db, { settings, schedule: true, onError: () => {} });
    try {
      // Every minute: the current slot began less than a minute ago, so it is due at once. Start early
      // in a minute so the next slot cannot fall inside the observation window.
      const second = new Date().getUTCSeconds();
      if (second > 35) await sleep((62 - second) * 1000);
      await first.scheduleNightlyRetro({ cron: '* * * * *', timezone: 'Europe/Berlin', lookback: '36h' });
      const runs: Array<{ lookback?: string }> = [];
      for (const queue of [first, other]) await queue.work({ retro: async (request) => { runs.push(request); } });
      await waitFor('the scheduled retro job', () => runs.length > 0 || undefined);
      await sleep(4000);
      expect(runs).toEqual([{ lookback: '36h' }]);
      await expect(first.scheduleNightlyRetro({ cron: '61 * * * *', timezone: 'UTC' })).rejects.toThrow(/retro\.schedule "61 \* \* \* \*" in UTC is not a valid cron expression/);
    } finally {
      await first.stop({ timeoutMs: 1000 }).catch(() => {});
      await other.stop({ timeoutMs: 1000 }).catch(() => {});
    }
  });
});
