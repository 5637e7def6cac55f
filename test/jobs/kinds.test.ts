// The generic runner beyond documents: a job whose result lives in its own tables (no file), kinds that
// run side by side while one kind's jobs wait their turn, and a job handed back at shutdown (decision 0115).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJob, insertJob, JobRunner, readResult, registerJobHandler } from '../../src/jobs/runner.server';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';

async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe(`job kinds on one runner (${testEngine})`, () => {
  let t: TestDatabase;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'noko-kinds-'));
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const status = async (id: string) => (await getJob(t.db, id))?.status;

  it('runs a kind one job at a time, other kinds beside it; a job may finish without a file', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const started: number[] = [];
    registerJobHandler('test-slow', async ({ params }) => {
      started.push((params as { n: number }).n);
      await gate;
      return null;
    });
    registerJobHandler('test-fast', async () => ({ bytes: new TextEncoder().encode('готово'), ext: 'txt' }));
    const slow1 = await insertJob(t.db, { kind: 'test-slow', params: { n: 1 } });
    const slow2 = await insertJob(t.db, { kind: 'test-slow', params: { n: 2 } });
    const fast = await insertJob(t.db, { kind: 'test-fast', params: {} });
    const runner = new JobRunner({ db: t.db, dataDir, pollMs: 20 });
    runner.start();
    try {
      // The file job is not queued behind the long one.
      await until(async () => (await status(fast.id)) === 'done');
      expect(await status(slow1.id)).toBe('running');
      expect(await status(slow2.id)).toBe('pending');
      expect(started).toEqual([1]);
      expect(readResult(dataDir, (await getJob(t.db, fast.id))!)?.toString()).toBe('готово');
      release();
      await runner.whenIdle();
    } finally {
      release();
      await runner.stop();
    }
    expect(started).toEqual([1, 2]);
    for (const id of [slow1.id, slow2.id])
      expect(await getJob(t.db, id)).toMatchObject({
        status: 'done',
        resultFile: null,
        resultBytes: null,
        progress: 1,
      });
  });

  it('a failed look for jobs (a dropped connection) is logged and retried; the loop does not end', async () => {
    registerJobHandler('test-after-outage', async () => null);
    let outages = 3;
    // Every select fails while the «database» is away: the runner's look for jobs and its sweep alike.
    const flaky = new Proxy(t.db, {
      get(target, prop, receiver) {
        if (prop === 'select' && outages > 0) {
          outages--;
          return () => {
            throw new Error('connection lost');
          };
        }
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const errors: string[] = [];
    const logger = { info: () => {}, warn: () => {}, error: (_: object, msg?: string) => errors.push(msg ?? '') };
    const runner = new JobRunner({ db: flaky, dataDir, pollMs: 20, logger });
    runner.start();
    try {
      await until(async () => outages === 0);
      const job = await insertJob(t.db, { kind: 'test-after-outage', params: {} });
      runner.poke();
      await until(async () => (await status(job.id)) === 'done');
    } finally {
      await runner.stop();
    }
    expect(errors).toContain('job runner could not look for jobs; trying again');
    expect(errors).not.toContain('job runner stopped unexpectedly');
  });

  it('hands a running job back at shutdown: the next runner takes it at once, the attempt not counted', async () => {
    let first = true;
    registerJobHandler('test-hold', async ({ signal }) => {
      if (first) {
        first = false;
        await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
      }
      return null;
    });
    const job = await insertJob(t.db, { kind: 'test-hold', params: {} });
    const a = new JobRunner({ db: t.db, dataDir, pollMs: 20 });
    a.start();
    await until(async () => (await status(job.id)) === 'running');
    await a.stop();
    expect(await getJob(t.db, job.id)).toMatchObject({
      status: 'running',
      leaseOwner: null,
      leaseUntil: null,
      attempts: 0,
    });
    const b = new JobRunner({ db: t.db, dataDir });
    expect(await b.execute(job.id)).toBe(true);
    expect(await getJob(t.db, job.id)).toMatchObject({ status: 'done', attempts: 1 });
  });
});
