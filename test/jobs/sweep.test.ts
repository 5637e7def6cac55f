import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { jobs } from '../../src/db/schema/jobs';
import { canonicalKey, enqueueJob, getJob, JobRunner, jobFilesDir, readResult } from '../../src/jobs/runner.server';
import { sweepJobFiles } from '../../src/jobs/sweep.server';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';

const DAY = 86_400_000;
const WEEK = 7 * DAY;

describe(`sweeping job result files (${testEngine})`, () => {
  let t: TestDatabase;
  let dataDir: string;
  const dirs: string[] = [];
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await t.db.delete(jobs);
    dataDir = mkdtempSync(path.join(tmpdir(), 'noko-sweep-'));
    dirs.push(dataDir);
    mkdirSync(jobFilesDir(dataDir), { recursive: true });
  });

  /** A file in jobs/ as the runner names it; written `ageMs` ago (mtime). */
  function file(content: string, ageMs = 2 * 3_600_000): string {
    const name = `${createHash('sha256').update(content).digest('hex')}.pdf`;
    const p = path.join(jobFilesDir(dataDir), name);
    writeFileSync(p, content);
    const at = new Date(Date.now() - ageMs);
    utimesSync(p, at, at);
    return name;
  }
  const onDisk = (name: string) => existsSync(path.join(jobFilesDir(dataDir), name));

  /** A job of the one request «analytical pdf of campaign c», finished `finishedAgoMs` ago by the database clock. */
  async function job(o: {
    dataKey: string;
    resultFile?: string | null;
    status?: 'pending' | 'running' | 'done' | 'failed';
    createdAgoMs: number;
    finishedAgoMs?: number;
    params?: object;
  }) {
    const params = o.params ?? { kind: 'analytical', format: 'pdf', campaignId: 'c' };
    const [j] = await t.db
      .insert(jobs)
      .values({
        kind: 'document',
        params,
        paramsKey: canonicalKey('document', params),
        dataKey: o.dataKey,
        status: o.status ?? 'done',
        resultFile: o.resultFile ?? null,
        resultBytes: o.resultFile ? 10 : null,
        createdAt: sql`now() - ${o.createdAgoMs} * interval '1 millisecond'`,
        finishedAt: o.finishedAgoMs === undefined ? null : sql`now() - ${o.finishedAgoMs} * interval '1 millisecond'`,
      })
      .returning();
    return j!;
  }

  it('deletes a superseded file once the retention has passed, and keeps the current one', async () => {
    const oldFile = file('version 1');
    const newFile = file('version 2');
    const old = await job({
      dataKey: 'results:v1',
      resultFile: oldFile,
      createdAgoMs: 20 * DAY,
      finishedAgoMs: 20 * DAY,
    });
    const current = await job({
      dataKey: 'results:v2',
      resultFile: newFile,
      createdAgoMs: 8 * DAY,
      finishedAgoMs: 8 * DAY,
    });

    const r = await sweepJobFiles(t.db, dataDir, { retentionMs: WEEK });
    expect(r.cleared).toBe(1);
    expect(r.deleted).toEqual([oldFile]);
    expect(onDisk(oldFile)).toBe(false);
    const o = (await getJob(t.db, old.id))!;
    expect(o.resultFile).toBeNull();
    expect(o.resultBytes).toBeNull();
    expect(o.status).toBe('done');
    expect(readResult(dataDir, o)).toBeNull();
    expect(onDisk(newFile)).toBe(true);
    expect((await getJob(t.db, current.id))!.resultFile).toBe(newFile);
    // Asking for the old version's document again builds it anew (its file is gone).
    const again = await enqueueJob(t.db, dataDir, {
      kind: 'document',
      params: { kind: 'analytical', format: 'pdf', campaignId: 'c' },
      dataKey: 'results:v1',
    });
    expect(again.reused).toBe(false);
    // A second pass finds nothing more to do.
    expect(await sweepJobFiles(t.db, dataDir, { retentionMs: WEEK })).toEqual({ cleared: 0, deleted: [] });
    expect(onDisk(newFile)).toBe(true);
  });

  it('keeps a superseded file within the retention, and when the newer job is not done', async () => {
    const v1 = file('v1');
    const v2 = file('v2');
    const v3 = file('v3');
    // v1 superseded by v2 only 2 days ago: still kept.
    const a = await job({ dataKey: 'k1', resultFile: v1, createdAgoMs: 30 * DAY, finishedAgoMs: 30 * DAY });
    await job({ dataKey: 'k2', resultFile: v2, createdAgoMs: 2 * DAY, finishedAgoMs: 2 * DAY });
    // Another request whose newer job failed or is still running: its file is the one to download.
    const other = { kind: 'analytical', format: 'docx', campaignId: 'c' };
    const b = await job({
      dataKey: 'k1',
      resultFile: v3,
      createdAgoMs: 30 * DAY,
      finishedAgoMs: 30 * DAY,
      params: other,
    });
    await job({ dataKey: 'k2', status: 'failed', createdAgoMs: 20 * DAY, finishedAgoMs: 20 * DAY, params: other });
    await job({ dataKey: 'k3', status: 'running', createdAgoMs: 10 * DAY, params: other });

    const r = await sweepJobFiles(t.db, dataDir, { retentionMs: WEEK });
    expect(r).toEqual({ cleared: 0, deleted: [] });
    for (const f of [v1, v2, v3]) expect(onDisk(f)).toBe(true);
    expect((await getJob(t.db, a.id))!.resultFile).toBe(v1);
    expect((await getJob(t.db, b.id))!.resultFile).toBe(v3);
  });

  it('never deletes a file a downloadable job points to: identical content shared by a superseded and a current job', async () => {
    const same = file('the same bytes on new data');
    const old = await job({ dataKey: 'k1', resultFile: same, createdAgoMs: 30 * DAY, finishedAgoMs: 30 * DAY });
    const current = await job({ dataKey: 'k2', resultFile: same, createdAgoMs: 10 * DAY, finishedAgoMs: 10 * DAY });
    const r = await sweepJobFiles(t.db, dataDir, { retentionMs: WEEK, graceMs: 0 });
    expect(r.cleared).toBe(1);
    expect(r.deleted).toEqual([]);
    expect(onDisk(same)).toBe(true);
    expect((await getJob(t.db, old.id))!.resultFile).toBeNull();
    expect(readResult(dataDir, (await getJob(t.db, current.id))!)).not.toBeNull();
  });

  it('deletes files no row points to after the grace period, not fresh ones', async () => {
    const live = file('live');
    await job({ dataKey: 'k1', resultFile: live, createdAgoMs: 400 * DAY, finishedAgoMs: 400 * DAY });
    const orphan = file('overtaken runner');
    const fresh = file('just stored, row not yet updated', 1_000);
    const tmp = `${file('half written')}.123.abcd.tmp`;
    writeFileSync(path.join(jobFilesDir(dataDir), tmp), 'x');
    utimesSync(path.join(jobFilesDir(dataDir), tmp), new Date(Date.now() - DAY), new Date(Date.now() - DAY));

    const r = await sweepJobFiles(t.db, dataDir, { retentionMs: WEEK });
    expect(r.cleared).toBe(0);
    expect(r.deleted).toContain(orphan);
    expect(r.deleted).toContain(tmp);
    expect(r.deleted).not.toContain(fresh);
    expect(r.deleted).not.toContain(live);
    expect(onDisk(orphan)).toBe(false);
    expect(onDisk(fresh)).toBe(true);
    // The current file of a request is kept however old it is.
    expect(onDisk(live)).toBe(true);
  });

  it('is bounded per pass and safe when two instances sweep at once', async () => {
    const names: string[] = [];
    for (let i = 0; i < 5; i++) {
      const n = file(`superseded ${i}`);
      names.push(n);
      await job({ dataKey: `old-${i}`, resultFile: n, createdAgoMs: (40 - i) * DAY, finishedAgoMs: 30 * DAY });
    }
    const cur = file('current');
    await job({ dataKey: 'new', resultFile: cur, createdAgoMs: 10 * DAY, finishedAgoMs: 10 * DAY });

    const first = await sweepJobFiles(t.db, dataDir, { retentionMs: WEEK, batch: 2 });
    expect(first.cleared).toBe(2);
    expect(first.deleted).toHaveLength(2);
    const [a, b] = await Promise.all([
      sweepJobFiles(t.db, dataDir, { retentionMs: WEEK }),
      sweepJobFiles(t.db, dataDir, { retentionMs: WEEK }),
    ]);
    // Each remaining row is cleared by exactly one of them; a file unlinked by one is no error for the other.
    expect(a.cleared + b.cleared).toBe(3);
    for (const n of names) expect(onDisk(n)).toBe(false);
    expect(onDisk(cur)).toBe(true);
    const left = await t.db.select().from(jobs).where(eq(jobs.dataKey, 'new'));
    expect(left[0]!.resultFile).toBe(cur);
  });

  it('the runner sweeps when it starts', async () => {
    const oldFile = file('old');
    const cur = file('cur');
    await job({ dataKey: 'k1', resultFile: oldFile, createdAgoMs: 5 * DAY, finishedAgoMs: 5 * DAY });
    await job({ dataKey: 'k2', resultFile: cur, createdAgoMs: 3 * DAY, finishedAgoMs: 3 * DAY });
    const runner = new JobRunner({ db: t.db, dataDir, retentionMs: DAY, pollMs: 50 });
    runner.start();
    await vi.waitFor(() => expect(onDisk(oldFile)).toBe(false), { timeout: 5_000, interval: 20 });
    await runner.stop();
    expect(onDisk(cur)).toBe(true);
  });
});
