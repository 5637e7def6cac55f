// Read models over the stored audits for the UI, the CLI, the checklists and the start page: an
// organisation's latest report, a campaign's runs, a run's lines (without loading reports), one result.
import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Tx } from '../db/index.server';
import { organisations } from '../db/schema/registry';
import { siteAuditResults, siteAuditRuns } from '../db/schema/site-audit';
import { isUuid, runInfo } from './audit-rows.server';
import type { AuditRunInfo, ReportDiff } from './store';
import { organisationLoss, type OrganisationLoss } from './summary';
import type { AuditReport } from './types';

export interface LatestAudit {
  resultId: string;
  runId: string;
  url: string;
  finishedAt: string;
  report: AuditReport;
}

/**
 * The newest successfully audited report of an organisation (from any run), or null when the site was
 * never audited. Used by the checklists to pre-fill the site part of 1.1 and 1.2.
 */
export async function latestAuditFor(db: Tx, organisationId: string): Promise<LatestAudit | null> {
  if (!isUuid(organisationId)) return null;
  const rows = await db
    .select({
      id: siteAuditResults.id,
      runId: siteAuditResults.runId,
      url: siteAuditResults.url,
      finishedAt: siteAuditResults.finishedAt,
      report: siteAuditResults.report,
    })
    .from(siteAuditResults)
    .where(
      and(
        eq(siteAuditResults.organisationId, organisationId),
        isNotNull(siteAuditResults.finishedAt),
        isNotNull(siteAuditResults.report),
      ),
    )
    .orderBy(desc(siteAuditResults.finishedAt))
    .limit(1);
  const row = rows[0];
  if (!row?.report || !row.finishedAt) return null;
  return {
    resultId: row.id,
    runId: row.runId,
    url: row.url ?? '',
    finishedAt: row.finishedAt.toISOString(),
    report: row.report as AuditReport,
  };
}

/** The shape src/checklists' `latestAuditProposals` reads, backed by `latestAuditFor` (one row, not the whole history). */
export function latestAuditSource(db: Tx): {
  history(organisationId: string): Promise<{ report: AuditReport | null; finishedAt: string }[]>;
} {
  return {
    async history(organisationId) {
      const latest = await latestAuditFor(db, organisationId);
      return latest ? [{ report: latest.report, finishedAt: latest.finishedAt }] : [];
    },
  };
}

export interface RunListItem extends AuditRunInfo {
  startedAt: string | null;
  finishedAt: string | null;
  createdByName: string | null;
}

export async function campaignRuns(db: Tx, campaignId: string, limit = 10): Promise<RunListItem[]> {
  if (!isUuid(campaignId)) return [];
  const rows = await db
    .select()
    .from(siteAuditRuns)
    .where(eq(siteAuditRuns.campaignId, campaignId))
    .orderBy(desc(siteAuditRuns.createdAt))
    .limit(limit);
  return rows.map((r) => ({
    ...runInfo(r),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    createdByName: r.createdByName,
  }));
}

export interface ResultListItem {
  id: string;
  organisationId: string;
  shortName: string;
  url: string | null;
  error: string | null;
  finishedAt: string | null;
  present: number | null;
  required: number | null;
  changes: number | null;
}

/** Per-organisation lines of a run without loading any report. */
export async function runResultList(db: Tx, runId: string): Promise<ResultListItem[]> {
  if (!isUuid(runId)) return [];
  const rows = await db
    .select({
      id: siteAuditResults.id,
      organisationId: siteAuditResults.organisationId,
      shortName: organisations.shortName,
      url: siteAuditResults.url,
      error: siteAuditResults.error,
      finishedAt: siteAuditResults.finishedAt,
      present: siteAuditResults.present,
      required: siteAuditResults.required,
      changes: siteAuditResults.changes,
    })
    .from(siteAuditResults)
    .innerJoin(organisations, eq(organisations.id, siteAuditResults.organisationId))
    .where(eq(siteAuditResults.runId, runId))
    .orderBy(asc(organisations.shortName));
  return rows.map((r) => ({ ...r, finishedAt: r.finishedAt?.toISOString() ?? null }));
}

export interface ResultDetail {
  id: string;
  run: AuditRunInfo;
  organisationId: string;
  shortName: string;
  territoryId: string;
  url: string | null;
  report: AuditReport | null;
  error: string | null;
  finishedAt: string | null;
  diff: ReportDiff | null;
}

export async function getResult(db: Tx, resultId: string): Promise<ResultDetail | null> {
  if (!isUuid(resultId)) return null;
  const rows = await db
    .select({
      result: siteAuditResults,
      run: siteAuditRuns,
      shortName: organisations.shortName,
      territoryId: organisations.territoryId,
    })
    .from(siteAuditResults)
    .innerJoin(siteAuditRuns, eq(siteAuditRuns.id, siteAuditResults.runId))
    .innerJoin(organisations, eq(organisations.id, siteAuditResults.organisationId))
    .where(eq(siteAuditResults.id, resultId))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  const r = row.result;
  return {
    id: r.id,
    run: runInfo(row.run),
    organisationId: r.organisationId,
    shortName: row.shortName,
    territoryId: row.territoryId,
    url: r.url,
    report: (r.report as AuditReport | null) ?? null,
    error: r.error,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    diff: (r.diff as ReportDiff | null) ?? null,
  };
}

/**
 * The campaign summary of one run: reports are read in pages of 50 and reduced to their losses at once, so
 * a 1,000-organisation run never holds every report in memory.
 */
export async function runLossSummary(db: Tx, runId: string): Promise<OrganisationLoss[]> {
  if (!isUuid(runId)) return [];
  const out: OrganisationLoss[] = [];
  const ids = await db
    .select({ id: siteAuditResults.id })
    .from(siteAuditResults)
    .where(and(eq(siteAuditResults.runId, runId), isNotNull(siteAuditResults.finishedAt)))
    .orderBy(asc(siteAuditResults.id));
  for (let i = 0; i < ids.length; i += 50) {
    const page = ids.slice(i, i + 50).map((r) => r.id);
    const rows = await db
      .select({
        id: siteAuditResults.id,
        shortName: organisations.shortName,
        url: siteAuditResults.url,
        error: siteAuditResults.error,
        report: siteAuditResults.report,
      })
      .from(siteAuditResults)
      .innerJoin(organisations, eq(organisations.id, siteAuditResults.organisationId))
      .where(inArray(siteAuditResults.id, page));
    for (const r of rows) out.push(organisationLoss({ ...r, report: (r.report as AuditReport | null) ?? null }));
  }
  return out;
}
