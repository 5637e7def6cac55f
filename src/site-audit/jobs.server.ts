// In-process background runner for bulk site audits. The queue is the database itself (runs with status
// `pending`), so route modules, the API and other processes enqueue by inserting a row, and a restart loses
// nothing: runs left `running` by the server are simply taken up again and audit only what is still pending.
// Several app instances may run a runner on one database: a run is executed under a lease that its runner
// renews while it works, and taken over by another only when the lease has run out (docs/decisions/0007).
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Db } from '../db/index.server';
import { createAddressGuard, type AddressGuard } from './address-guard.server';
import { runBulkAudit, type BulkProgress, type BulkRunOptions } from './job.server';
import { claimRun, releaseLease, renewLease, runsToExecute } from './leases.server';
import { DbAuditStore } from './store-db.server';

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
  /** How long a claim on a run holds without renewal; renewed every third of it. Default 60 s. */
  leaseMs?: number;
  /**
   * Internal ranges the server-side auditor may reach anyway (SITE_AUDIT_ALLOW_NETWORKS, an intranet
   * installation). Everything else internal is refused at connect time, whatever `bulk.fetcher` says.
   */
  allowNetworks?: readonly string[];
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
  /** Names this runner in the leases it holds (host, process, instance). */
  readonly owner = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

  private readonly guard: AddressGuard;

  constructor(private readonly options: SiteAuditJobsOptions) {
    this.guard = createAddressGuard(options.allowNetworks ?? []);
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
      if (!(await claimRun(this.options.db, next.id, this.owner, this.leaseMs))) continue;
      await this.execute(next.id, next.status === 'running');
    }
  }

  private get leaseMs(): number {
    return this.options.leaseMs ?? 60_000;
  }

  private async execute(runId: string, resumed: boolean): Promise<void> {
    const db = this.options.db;
    // Lost lease (this process stalled longer than the lease and another runner took the run): stop at once
    // and leave the run to its new holder.
    const lost = new AbortController();
    const signal = AbortSignal.any([this.abort.signal, lost.signal]);
    const renewal = setInterval(
      () => {
        renewLease(db, runId, this.owner, this.leaseMs)
          .then((held) => {
            if (!held && !lost.signal.aborted) {
              this.log.warn(
                { runId },
                'site audit run taken over by another runner after its lease expired; stopping here',
              );
              lost.abort();
            }
          })
          .catch((err: unknown) => this.log.warn({ err, runId }, 'could not renew the site audit lease'));
      },
      Math.max(10, Math.floor(this.leaseMs / 3)),
    );
    renewal.unref();
    this.current = runId;
    this.log.info({ runId, resumed }, resumed ? 'resuming site audit run after a restart' : 'site audit run started');
    try {
      // Stopped by shutdown or a lost lease, not by a person: the run stays `running` for whoever resumes it.
      const progress = await runBulkAudit(this.store, runId, {
        ...this.options.bulk,
        fetcher: { ...this.options.bulk?.fetcher, addressGuard: this.guard },
        signal,
        leaveStatusOnAbort: true,
        ...(this.options.onProgress ? { onProgress: this.options.onProgress } : {}),
      });
      if (lost.signal.aborted) return;
      if (signal.aborted) {
        this.log.info(
          { runId, done: progress.done, total: progress.total },
          'site audit run interrupted by shutdown; will resume',
        );
      } else {
        this.log.info(
          { runId, done: progress.done, total: progress.total, failed: progress.failed },
          'site audit run finished',
        );
      }
    } catch (err) {
      if (signal.aborted) return;
      // A run that cannot proceed must not be retried in a tight loop.
      this.log.error({ err, runId }, 'site audit run failed');
      await this.store.setRunStatus(runId, 'cancelled').catch(() => undefined);
    } finally {
      clearInterval(renewal);
      this.current = null;
      await releaseLease(db, runId, this.owner).catch((err: unknown) =>
        this.log.warn({ err, runId }, 'could not release the site audit lease'),
      );
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
