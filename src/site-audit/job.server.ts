import { auditSiteWithStats, type AuditOptions } from './audit.server';
import { diffReports } from './diff';
import { Fetcher, type FetcherOptions } from './fetcher.server';
import type { AuditStore, AuditTarget } from './store';

export interface BulkProgress {
  runId: string;
  total: number;
  done: number;
  failed: number;
  current: string[];
}

export interface BulkRunOptions {
  /** Sites audited at the same time; each site still gets one request at a time. */
  concurrency?: number;
  fetcher?: Omit<FetcherOptions, 'insecure'>;
  audit?: Pick<AuditOptions, 'maxDocuments' | 'maxDocumentBytes'>;
  onProgress?: (p: BulkProgress) => void;
  signal?: AbortSignal;
  /**
   * When aborted before the end, leave the run's status alone instead of marking it cancelled: the background
   * runner keeps it `running` for whoever resumes it (after a shutdown, or the runner that took its lease).
   */
  leaveStatusOnAbort?: boolean;
}

/**
 * Audits every pending target of a run and stores each result as soon as it is known, so that a restart
 * (same run id) continues where the previous process stopped. Returns the final progress.
 */
export async function runBulkAudit(
  store: AuditStore,
  runId: string,
  options: BulkRunOptions = {},
): Promise<BulkProgress> {
  const run = await store.getRun(runId);
  if (!run) throw new Error(`аудит ${runId} не найден`);
  const pending = await store.pendingTargets(runId);
  const progress: BulkProgress = { runId, total: run.total, done: run.done, failed: run.failed, current: [] };
  await store.setRunStatus(runId, 'running');
  const fetcher = new Fetcher({ ...options.fetcher, insecure: run.settings.insecure, connectionsPerOrigin: 1 });
  const queue = [...pending];
  const report = () => options.onProgress?.({ ...progress, current: [...progress.current] });
  report();
  const worker = async () => {
    for (;;) {
      if (options.signal?.aborted) return;
      const target = queue.shift();
      if (!target) return;
      progress.current.push(target.url);
      report();
      await auditOne(store, runId, target, fetcher, run.settings, options);
      progress.current = progress.current.filter((u) => u !== target.url);
      const after = await store.getRun(runId);
      progress.done = after?.done ?? progress.done + 1;
      progress.failed = after?.failed ?? progress.failed;
      report();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
  } finally {
    await fetcher.close();
  }
  const finished = (await store.pendingTargets(runId)).length === 0;
  if (finished) await store.setRunStatus(runId, 'done');
  else if (!options.signal?.aborted) await store.setRunStatus(runId, 'running');
  else if (!options.leaveStatusOnAbort) await store.setRunStatus(runId, 'cancelled');
  return progress;
}

async function auditOne(
  store: AuditStore,
  runId: string,
  target: AuditTarget,
  fetcher: Fetcher,
  settings: { date: string; checkDocuments: boolean },
  options: BulkRunOptions,
): Promise<void> {
  try {
    const previous = await store.previousResult(target.organisationId, runId);
    const { report } = await auditSiteWithStats(target.url, {
      ...options.audit,
      fetcher,
      orgType: target.orgType,
      date: settings.date,
      checkDocuments: settings.checkDocuments,
      // Re-audit: unchanged documents answer 304 to the validators the previous report kept.
      previous: previous?.report ?? null,
    });
    const diff = previous ? diffReports(previous, report) : null;
    await store.saveResult(runId, target, {
      report,
      error: report.reachable ? null : (report.findings[0]?.message ?? 'сайт недоступен'),
      finishedAt: new Date().toISOString(),
      diff,
    });
  } catch (err) {
    await store.saveResult(runId, target, {
      report: null,
      error: err instanceof Error ? err.message : String(err),
      finishedAt: new Date().toISOString(),
      diff: null,
    });
  }
}

/** One-line progress bar for a terminal (stderr), e.g. `[██████░░░░] 60/100, ошибок 2`. */
export function progressLine(p: BulkProgress, width = 30): string {
  const share = p.total > 0 ? p.done / p.total : 1;
  const filled = Math.round(share * width);
  const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
  return `[${bar}] ${p.done}/${p.total}, недоступно ${p.failed}${p.current[0] ? `, сейчас: ${p.current[0]}` : ''}`;
}
