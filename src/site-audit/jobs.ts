// In-process background runner for bulk site audits. The queue is the database itself (runs with status
// `pending`), so route modules, the API and other processes enqueue by inserting a row, and a restart loses
// nothing: runs left `running` by the server are simply taken up again and audit only what is still pending.
import type { Db } from '../db/index';
import { runBulkAudit, type BulkProgress, type BulkRunOptions } from './job';
import { claimRun, DbAuditStore, runsToExecute } from './store-db';

type LogFn = (obj: object, msg?: string) => void;
export interface JobLogger {
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

export interface SiteAuditJobsOptions {
  db: Db;
  logger?: JobLogger;
  /** How often to look for queued runs. Small indexed query; `poke()` skips the wait. */
  pollMs?: number;
  bulk?: Omit<BulkRunOptions, 'signal' | 'onProgress'>;
  onProgress?: (p: BulkProgress) => void;
}

const quiet: JobLogger = { info: () => {}, warn: () => {}, error: () => {} };

export class SiteAuditJobs {
  private readonly store: DbAuditStore;
  private readonly log: JobLogger;
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private idleWaiters: (() => void)[] = [];
  private current: string | null = null;

  constructor(private readonly options: SiteAuditJobsOptions) {
    this.store = new DbAuditStore(options.db);
    this.log = options.logger ?? quiet;
  }

  /** Starts the loop: first resumes runs a previous process left running, then waits for new ones. */
  start(): void {
    if (this.loop) return;
    this.loop = this.run().catch((err: unknown) => {
      if (!this.abort.signal.aborted) this.log.error({ err }, 'site-audit job runner stopped unexpectedly');
    });
  }

  /** Look for queued runs now instead of at the next poll. */
  poke(): void {
    this.wake?.();
  }

  /** The run being executed, if any. */
  get running(): string | null {
    return this.current;
  }

  /** Resolves the next time the runner finds nothing to do (tests, graceful tooling). */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.poke();
    });
  }

  /**
   * Stops taking work and asks the current run to stop after the sites in flight. Waits at most `timeoutMs`:
   * a site still being audited then is not stored and stays pending for the next start.
   */
  async stop(timeoutMs = 5_000): Promise<void> {
    this.abort.abort();
    this.wake?.();
    if (!this.loop) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.loop, new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      const next = (await runsToExecute(this.options.db))[0];
      if (!next) {
        for (const w of this.idleWaiters.splice(0)) w();
        await this.sleep(this.options.pollMs ?? 3_000);
        continue;
      }
      if (!(await claimRun(this.options.db, next.id))) continue;
      await this.execute(next.id, next.status === 'running');
    }
  }

  private async execute(runId: string, resumed: boolean): Promise<void> {
    const signal = this.abort.signal;
    this.current = runId;
    this.log.info({ runId, resumed }, resumed ? 'resuming site audit run after a restart' : 'site audit run started');
    try {
      const progress = await runBulkAudit(this.store, runId, { ...this.options.bulk, signal, ...(this.options.onProgress ? { onProgress: this.options.onProgress } : {}) });
      if (signal.aborted) {
        // Stopped by shutdown, not by a person: keep it `running` so the next start resumes it.
        if ((await this.store.pendingTargets(runId)).length > 0) await this.store.setRunStatus(runId, 'running');
        this.log.info({ runId, done: progress.done, total: progress.total }, 'site audit run interrupted by shutdown; will resume');
      } else {
        this.log.info({ runId, done: progress.done, total: progress.total, failed: progress.failed }, 'site audit run finished');
      }
    } catch (err) {
      if (signal.aborted) return;
      // A run that cannot proceed must not be retried in a tight loop.
      this.log.error({ err, runId }, 'site audit run failed');
      await this.store.setRunStatus(runId, 'cancelled').catch(() => undefined);
    } finally {
      this.current = null;
    }
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
      if (this.abort.signal.aborted) done();
    });
  }
}
