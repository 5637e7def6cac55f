// Bulk site audits as jobs of the generic runner (src/jobs, decision 0115). A run stays a row of
// site_audit_runs with one result row per organisation: that is what the pages read, and what makes a run
// resumable — whoever takes the job over (after a crash, a shutdown or a lost lease) audits only the
// organisations still pending. The job is only the execution: its lease, its poll loop, its takeover rule.
import { z } from 'zod';
import type { Tx } from '../db/index.server';
import { insertJob, JobFailure, registerJobHandler } from '../jobs/runner.server';
import { createAddressGuard } from './address-guard.server';
import { runBulkAudit, type BulkProgress, type BulkRunOptions } from './job.server';
import { DbAuditStore } from './store-db.server';

export const SITE_AUDIT_JOB = 'site-audit-run';

const siteAuditJobParams = z.object({ runId: z.string().uuid() });

/** Queues the execution of a run: called in the transaction that creates the run, so neither exists alone. */
export async function enqueueSiteAuditRun(tx: Tx, runId: string, createdBy: string | null): Promise<void> {
  await insertJob(tx, { kind: SITE_AUDIT_JOB, params: { runId }, createdBy });
}

export interface SiteAuditJobOptions {
  bulk?: Omit<BulkRunOptions, 'signal' | 'onProgress' | 'leaveStatusOnAbort'>;
  /** Every progress report of a run (tests; the job row gets the share and a phrase anyway). */
  onProgress?: (p: BulkProgress) => void;
  /**
   * Internal ranges the server-side auditor may reach anyway (SITE_AUDIT_ALLOW_NETWORKS, an intranet
   * installation). Everything else internal is refused at connect time, whatever `bulk.fetcher` says.
   */
  allowNetworks?: readonly string[];
}

/** Registers the «site-audit-run» handler. Sites are audited on the runner's database. */
export function registerSiteAuditJobs(options: SiteAuditJobOptions = {}): void {
  const guard = createAddressGuard(options.allowNetworks ?? []);
  registerJobHandler(SITE_AUDIT_JOB, async ({ jobId, params, db, log, signal, progress }) => {
    const parsed = siteAuditJobParams.safeParse(params);
    if (!parsed.success) throw new JobFailure('Задание проверки сайтов повреждено: в нём нет номера проверки.');
    const { runId } = parsed.data;
    const store = new DbAuditStore(db);
    const run = await store.getRun(runId);
    if (!run) throw new JobFailure('Проверка сайтов не найдена: возможно, её кампания удалена.');
    if (run.status === 'done' || run.status === 'cancelled') return null;
    try {
      // Stopped by shutdown or a lost lease, not by a person: the run stays `running` for whoever resumes it.
      const final = await runBulkAudit(store, runId, {
        ...options.bulk,
        fetcher: { ...options.bulk?.fetcher, addressGuard: guard },
        signal,
        leaveStatusOnAbort: true,
        onProgress: (p) => {
          progress(p.total > 0 ? p.done / p.total : 1, `Проверено сайтов: ${p.done} из ${p.total}`);
          options.onProgress?.(p);
        },
      });
      if (!signal.aborted)
        log.info(
          { jobId, runId, done: final.done, total: final.total, failed: final.failed },
          'site audit run finished',
        );
      return null;
    } catch (err) {
      // A run that cannot proceed is stopped (the pages say so) rather than retried by the next runner.
      if (!signal.aborted) await store.setRunStatus(runId, 'cancelled').catch(() => undefined);
      throw err;
    }
  });
}
