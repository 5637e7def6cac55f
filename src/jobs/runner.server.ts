// A small generic background-job runner. The queue is the `jobs` table: enqueueing is an insert, so
// pages, the command and other processes all enqueue alike, and a restart loses nothing — a job left
// `running` by a stopped process is taken again once its lease has run out (or at once by the same
// owner, or by anyone when it was handed back at shutdown). A job is executed only under a lease
// (conditional UPDATE … WHERE the lease is free), renewed while it runs; a runner whose lease was taken
// over stops and its late result is refused by the `lease_owner = me` condition of the final update, so
// two instances never both finish one job (decision 0091, after the site audit's runner, decision 0007;
// the site audit itself runs here since decision 0115).
//
// A job either produces a file or keeps its result in its own tables (a bulk site audit). Files are in
// <data folder>/jobs/, named by the SHA-256 of their content (./files.server.ts); the runner sweeps the
// ones no longer needed at start and then hourly (./sweep.server.ts, decision 0067).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, asc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/index.server';
import { jobs, type Job } from '../db/schema/jobs';
import { jobFilesDir, readResult, storeResult, type JobOutput } from './files.server';
import { DEFAULT_RETENTION_DAYS, sweepJobFiles } from './sweep.server';

export { jobFilesDir, readResult, storeResult, type JobOutput };

export type JobContext = {
  jobId: string;
  params: unknown;
  /** The runner's database (a handler works on the database its runner polls). */
  db: Db;
  log: JobLogger;
  /** Reports progress (0–1) with a Russian phrase; written to the job row at most every 500 ms. */
  progress: (share: number, stage: string) => void;
  signal: AbortSignal;
};

/** A file to store, or null when the job's result lives in its own tables (it wrote them as it went). */
export type JobHandler = (ctx: JobContext) => Promise<JobOutput | null>;

/** A failure the job reports to its user as is (Russian); other errors are logged and shown generically. */
export class JobFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobFailure';
  }
}

type LogFn = (obj: object, msg?: string) => void;
export type JobLogger = { info: LogFn; warn: LogFn; error: LogFn };
const quiet: JobLogger = { info: () => {}, warn: () => {}, error: () => {} };

type Registered = { handler: JobHandler; concurrency: number };
const handlers = new Map<string, Registered>();
/**
 * `concurrency`: jobs of this kind one runner executes at once (default 1: a kind's jobs run one after
 * another, in order). Kinds run side by side, so a region's report is not queued behind an hour-long
 * site audit.
 */
export function registerJobHandler(kind: string, handler: JobHandler, options: { concurrency?: number } = {}): void {
  handlers.set(kind, { handler, concurrency: Math.max(1, options.concurrency ?? 1) });
}

export const MAX_ATTEMPTS = 3;

/** Canonical JSON (sorted keys): the identity of a request. */
export function canonicalKey(kind: string, params: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, x]) => [k, sort(x)]),
          )
        : v;
  return JSON.stringify([kind, sort(params)]);
}

export type EnqueueResult = { job: Job; reused: boolean };

/**
 * Finds or creates the job for a request: a finished job with the same request and data whose file is
 * still on disk is reused; a pending or running one is joined; otherwise a new job is queued.
 */
export async function enqueueJob(
  db: Db,
  dataDir: string,
  req: { kind: string; params: unknown; dataKey: string | null; createdBy?: string | null },
): Promise<EnqueueResult> {
  const paramsKey = canonicalKey(req.kind, req.params);
  const sameData = req.dataKey === null ? isNull(jobs.dataKey) : eq(jobs.dataKey, req.dataKey);
  const existing = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.paramsKey, paramsKey), sameData, inArray(jobs.status, ['pending', 'running', 'done'])))
    .orderBy(sql`${jobs.createdAt} desc`)
    .limit(5);
  for (const j of existing) {
    if (j.status !== 'done') return { job: j, reused: true };
    if (readResult(dataDir, j)) return { job: j, reused: true };
  }
  return { job: await insertJob(db, req), reused: false };
}

/**
 * Queues a new job, nothing reused: for work whose request is unique anyway (a site-audit run) and that
 * must be queued in the transaction creating its own rows — a run is never left without its job.
 */
export async function insertJob(
  tx: Tx,
  req: { kind: string; params: unknown; dataKey?: string | null; createdBy?: string | null },
): Promise<Job> {
  const [job] = await tx
    .insert(jobs)
    .values({
      kind: req.kind,
      params: req.params as object,
      paramsKey: canonicalKey(req.kind, req.params),
      dataKey: req.dataKey ?? null,
      createdBy: req.createdBy ?? null,
    })
    .returning();
  return job!;
}

export async function getJob(db: Db, id: string): Promise<Job | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [j] = await db.select().from(jobs).where(eq(jobs.id, id));
  return j ?? null;
}

/** Takes a job if nobody holds a live lease on it. */
export async function claimJob(db: Db, id: string, owner: string, leaseMs: number): Promise<Job | null> {
  const [j] = await db
    .update(jobs)
    .set({
      status: 'running',
      attempts: sql`${jobs.attempts} + 1`,
      startedAt: sql`coalesce(${jobs.startedAt}, now())`,
      leaseOwner: owner,
      leaseUntil: sql`now() + ${leaseMs} * interval '1 millisecond'`,
    })
    .where(
      and(
        eq(jobs.id, id),
        inArray(jobs.status, ['pending', 'running']),
        or(isNull(jobs.leaseUntil), lt(jobs.leaseUntil, sql`now()`), eq(jobs.leaseOwner, owner)),
      ),
    )
    .returning();
  return j ?? null;
}

async function renew(
  db: Db,
  id: string,
  owner: string,
  leaseMs: number,
  progress?: { share: number; stage: string },
): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({
      leaseUntil: sql`now() + ${leaseMs} * interval '1 millisecond'`,
      ...(progress ? { progress: progress.share, stage: progress.stage } : {}),
    })
    .where(and(eq(jobs.id, id), eq(jobs.leaseOwner, owner), eq(jobs.status, 'running')))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/**
 * Hands a job back at shutdown: the next runner (the restarted process has a new owner name) takes it at
 * once instead of waiting for the lease to run out. A shutdown is not a failure of the job, so it gives
 * back the attempt it used: a long job survives any number of deployments.
 */
async function handBack(db: Db, id: string, owner: string): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({ leaseOwner: null, leaseUntil: null, attempts: sql`greatest(${jobs.attempts} - 1, 0)` })
    .where(and(eq(jobs.id, id), eq(jobs.leaseOwner, owner), eq(jobs.status, 'running')))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** Jobs to take: pending ones, and running ones whose lease ran out (their process stopped). */
async function nextJobs(db: Db, kinds: string[]): Promise<Job[]> {
  if (kinds.length === 0) return [];
  return db
    .select()
    .from(jobs)
    .where(
      and(
        inArray(jobs.kind, kinds),
        or(
          eq(jobs.status, 'pending'),
          and(eq(jobs.status, 'running'), or(isNull(jobs.leaseUntil), lt(jobs.leaseUntil, sql`now()`))),
        ),
      ),
    )
    .orderBy(asc(jobs.createdAt))
    .limit(5);
}

export type JobRunnerOptions = {
  db: Db;
  dataDir: string;
  logger?: JobLogger;
  pollMs?: number;
  leaseMs?: number;
  /** Every progress report as it happens (the command prints it). */
  onProgress?: (jobId: string, share: number, stage: string) => void;
  /**
   * How long a superseded result file (a newer job of the same request finished on other data) is kept;
   * default 7 days (JOB_FILES_RETENTION_DAYS). The loop sweeps at start and every `sweepEveryMs` (1 h).
   */
  retentionMs?: number;
  sweepEveryMs?: number;
};

export class JobRunner {
  readonly owner = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly abort = new AbortController();
  private readonly log: JobLogger;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** Set by poke(): something changed while the loop was not asleep, so it must not sleep now. */
  private poked = false;
  private idle: (() => void)[] = [];
  /** Jobs the loop is executing, by kind (each kind has its own number of slots). */
  private readonly active = new Map<string, Set<Promise<void>>>();
  private sweeper: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(private readonly options: JobRunnerOptions) {
    this.log = options.logger ?? quiet;
  }

  private get leaseMs(): number {
    return this.options.leaseMs ?? 60_000;
  }

  start(): void {
    if (this.loop) return;
    this.loop = this.run().catch((err: unknown) => {
      if (!this.abort.signal.aborted) this.log.error({ err }, 'job runner stopped unexpectedly');
    });
    void this.sweep();
    this.sweeper = setInterval(() => void this.sweep(), this.options.sweepEveryMs ?? 60 * 60_000);
    this.sweeper.unref();
  }

  /** One sweep of the result files (never two at once in one runner); errors are logged, not thrown. */
  sweep(): Promise<void> {
    this.sweeping ??= sweepJobFiles(this.options.db, this.options.dataDir, {
      retentionMs: this.options.retentionMs ?? DEFAULT_RETENTION_DAYS * 86_400_000,
    })
      .then(
        (r) =>
          (r.cleared || r.deleted.length) &&
          this.log.info({ cleared: r.cleared, deleted: r.deleted.length }, 'job result files swept'),
        (err: unknown) => this.log.warn({ err }, 'job result files sweep failed'),
      )
      .then(() => {
        this.sweeping = null;
      });
    return this.sweeping;
  }

  poke(): void {
    this.poked = true;
    this.wake?.();
  }

  /** Resolves the next time the runner finds nothing to do and executes nothing. */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idle.push(resolve);
      this.poke();
    });
  }

  /**
   * Stops taking jobs and asks the running ones to stop; they are handed back for the next runner. Waits
   * at most `timeoutMs`.
   */
  async stop(timeoutMs = 5_000): Promise<void> {
    this.abort.abort();
    if (this.sweeper) clearInterval(this.sweeper);
    this.wake?.();
    if (!this.loop) return;
    let timer: NodeJS.Timeout | undefined;
    // A sweep under way is short (one bounded pass) and must not outlive the database it works on.
    const done = Promise.all([this.loop, this.sweeping]);
    await Promise.race([done, new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
  }

  /** Runs every available job once, in this call (the command and tests use it without the loop). */
  async drain(): Promise<number> {
    let n = 0;
    for (;;) {
      const next = await nextJobs(this.options.db, [...handlers.keys()]);
      let ran = false;
      for (const j of next) {
        if (await this.execute(j.id)) {
          n++;
          ran = true;
        }
      }
      if (!ran) return n;
    }
  }

  private busy(): boolean {
    return [...this.active.values()].some((s) => s.size > 0);
  }

  private running(kind: string): number {
    return this.active.get(kind)?.size ?? 0;
  }

  private async run(): Promise<void> {
    while (!this.abort.signal.aborted) {
      this.poked = false;
      // Idle only if nothing ran while the query looked: a job finishing meanwhile frees a slot the
      // query did not look for.
      const busy = this.busy();
      const free = [...handlers].filter(([kind, r]) => this.running(kind) < r.concurrency).map(([kind]) => kind);
      let started = false;
      try {
        started = await this.startAvailable(free);
      } catch (err) {
        // A failed query (a dropped connection, a restarting database) must not end the loop for good:
        // queued jobs would then wait until the process restarts. Log it and look again after the pause.
        this.log.error({ err }, 'job runner could not look for jobs; trying again');
      }
      if (started) continue;
      if (!busy && !this.busy()) for (const w of this.idle.splice(0)) w();
      await this.sleep(this.options.pollMs ?? 2_000);
    }
    await Promise.allSettled([...this.active.values()].flatMap((s) => [...s]));
  }

  /** Claims and starts what the free slots allow; true when at least one job started. */
  private async startAvailable(free: string[]): Promise<boolean> {
    const next = await nextJobs(this.options.db, free);
    let started = false;
    for (const j of next) {
      if (this.abort.signal.aborted) break;
      const slots = handlers.get(j.kind)?.concurrency ?? 0;
      if (this.running(j.kind) >= slots) continue;
      const job = await claimJob(this.options.db, j.id, this.owner, this.leaseMs);
      if (!job) continue;
      started = true;
      const set = this.active.get(j.kind) ?? new Set();
      this.active.set(j.kind, set);
      const p: Promise<void> = this.executeClaimed(job)
        .catch((err: unknown) => this.log.error({ err, jobId: job.id }, 'job runner could not execute a job'))
        .finally(() => {
          set.delete(p);
          this.poke();
        });
      set.add(p);
    }
    return started;
  }

  /** Claims and runs one job to its end; false when another runner holds it. */
  async execute(id: string): Promise<boolean> {
    const job = await claimJob(this.options.db, id, this.owner, this.leaseMs);
    if (!job || !handlers.has(job.kind)) return false;
    await this.executeClaimed(job);
    return true;
  }

  private async executeClaimed(job: Job): Promise<void> {
    const { db, dataDir } = this.options;
    const id = job.id;
    const registered = handlers.get(job.kind);
    if (!registered) return;
    if (job.attempts > MAX_ATTEMPTS) {
      await this.finish(id, { status: 'failed', error: 'Задание прерывалось слишком много раз и остановлено.' });
      return;
    }
    const lost = new AbortController();
    const signal = AbortSignal.any([this.abort.signal, lost.signal]);
    let latest: { share: number; stage: string } | undefined;
    let lastWrite = 0;
    const beat = () =>
      renew(db, id, this.owner, this.leaseMs, latest)
        .then((held) => {
          if (!held && !lost.signal.aborted) {
            this.log.warn({ jobId: id }, 'job taken over by another runner after its lease expired; stopping here');
            lost.abort();
          }
        })
        .catch((err: unknown) => this.log.warn({ err, jobId: id }, 'could not renew the job lease'));
    const timer = setInterval(beat, Math.max(10, Math.floor(this.leaseMs / 3)));
    timer.unref();
    this.log.info(
      { jobId: id, kind: job.kind, attempt: job.attempts },
      job.attempts > 1 ? 'resuming job' : 'job started',
    );
    try {
      const out = await registered.handler({
        jobId: id,
        params: job.params,
        db,
        log: this.log,
        signal,
        progress: (share, stage) => {
          latest = { share: Math.max(0, Math.min(1, share)), stage };
          this.options.onProgress?.(id, latest.share, stage);
          const now = Date.now();
          if (now - lastWrite > 500) {
            lastWrite = now;
            void beat();
          }
        },
      });
      if (signal.aborted) return;
      const name = out ? storeResult(dataDir, out) : null;
      const finished = await this.finish(id, {
        status: 'done',
        resultFile: name,
        resultBytes: out ? out.bytes.length : null,
        progress: 1,
        stage: 'Готово',
      });
      // An identical file reused from a superseded job may have been swept between the store and the
      // update (sweep.server.ts): the row points to it now, so no later sweep takes it; store it again.
      if (finished && out && name && !existsSync(path.join(jobFilesDir(dataDir), name))) storeResult(dataDir, out);
      this.log.info({ jobId: id, kind: job.kind, bytes: out?.bytes.length }, 'job finished');
    } catch (err) {
      if (signal.aborted) return;
      const message =
        err instanceof JobFailure ? err.message : 'Не удалось выполнить задание; подробности — в журнале сервера.';
      if (!(err instanceof JobFailure)) this.log.error({ err, jobId: id }, 'job failed');
      await this.finish(id, { status: 'failed', error: message });
    } finally {
      clearInterval(timer);
      // Stopped for shutdown (not overtaken): give the job back for whoever starts next.
      if (this.abort.signal.aborted && !lost.signal.aborted) {
        const back = await handBack(db, id, this.owner).catch((err: unknown) => {
          this.log.warn({ err, jobId: id }, 'could not hand the job back');
          return false;
        });
        if (back) this.log.info({ jobId: id, kind: job.kind }, 'job interrupted by shutdown; will resume');
      }
    }
  }

  /** Final update, only while this runner still holds the lease. */
  private async finish(
    id: string,
    set: Partial<Pick<Job, 'status' | 'error' | 'resultFile' | 'resultBytes' | 'progress' | 'stage'>>,
  ): Promise<boolean> {
    const rows = await this.options.db
      .update(jobs)
      .set({ ...set, leaseOwner: null, leaseUntil: null, finishedAt: sql`now()` })
      .where(and(eq(jobs.id, id), eq(jobs.leaseOwner, this.owner)))
      .returning({ id: jobs.id });
    return rows.length > 0;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.wake = done;
      if (this.abort.signal.aborted || this.poked) done();
    });
  }
}
