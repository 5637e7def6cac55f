// The site-audit tables as the room's types: row → AuditRunInfo / StoredResult, and the id check every
// query does first (a malformed id is «not found», never a database error).
import type { siteAuditResults, siteAuditRuns } from '../db/schema/site-audit';
import type { AuditRunInfo, BulkAuditSettings, ReportDiff, StoredResult } from './store';
import type { AuditReport } from './types';

export type ResultRow = typeof siteAuditResults.$inferSelect;
export type RunRow = typeof siteAuditRuns.$inferSelect;
export type RunOrigin = 'server' | 'cli';

export { isUuid } from '../lib/ids';

export function runInfo(row: RunRow): AuditRunInfo {
  return {
    id: row.id,
    campaignId: row.campaignId,
    createdAt: row.createdAt.toISOString(),
    status: row.status,
    settings: row.settings as BulkAuditSettings,
    total: row.total,
    done: row.done,
    failed: row.failed,
  };
}

export function stored(row: ResultRow): StoredResult {
  return {
    runId: row.runId,
    organisationId: row.organisationId,
    url: row.url ?? '',
    report: (row.report as AuditReport | null) ?? null,
    error: row.error,
    finishedAt: (row.finishedAt ?? new Date(0)).toISOString(),
    diff: (row.diff as ReportDiff | null) ?? null,
  };
}
