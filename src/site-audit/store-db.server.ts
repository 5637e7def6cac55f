// Database-backed AuditStore (PGlite or PostgreSQL): the runs and results the bulk auditor writes and
// reads. Campaign runs are started in campaign-audit.server.ts, the UI's read models are in
// read-models.server.ts, and their execution as jobs of the generic runner in jobs.server.ts.
import { and, asc, desc, eq, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import type { Actor } from '../db/audit.server';
import type { Db, Tx } from '../db/index.server';
import { siteAuditResults, siteAuditRuns } from '../db/schema/site-audit';
import { isUuid, runInfo, stored, type RunOrigin, type RunRow } from './audit-rows.server';
import type {
  AuditResultInput,
  AuditRunInfo,
  AuditStore,
  AuditTarget,
  BulkAuditSettings,
  RunStatus,
  StoredResult,
} from './store';
import type { OrgType } from './types';

export class DbAuditStore implements AuditStore {
  constructor(private readonly db: Db) {}

  /** Creates a run for its caller to execute (runBulkAudit): no job is queued, the server never takes it. */
  async createRun(input: {
    campaignId: string | null;
    targets: readonly AuditTarget[];
    settings: BulkAuditSettings;
    runner?: RunOrigin;
    actor?: Actor;
  }): Promise<string> {
    return this.db.transaction(async (tx) => {
      const [run] = await tx
        .insert(siteAuditRuns)
        .values({
          campaignId: input.campaignId,
          settings: input.settings,
          runner: input.runner ?? 'server',
          createdBy: input.actor?.id ?? null,
          createdByName: input.actor?.name ?? null,
          total: input.targets.length,
        })
        .returning({ id: siteAuditRuns.id });
      const runId = run!.id;
      // Chunked so a region-sized campaign stays under the bind-parameter limit.
      for (let i = 0; i < input.targets.length; i += 500) {
        const chunk = input.targets.slice(i, i + 500);
        await tx
          .insert(siteAuditResults)
          .values(chunk.map((t) => ({ runId, organisationId: t.organisationId, url: t.url, orgType: t.orgType })))
          .onConflictDoNothing();
      }
      return runId;
    });
  }

  async getRun(runId: string): Promise<AuditRunInfo | null> {
    const row = await getRunRow(this.db, runId);
    return row ? runInfo(row) : null;
  }

  async setRunStatus(runId: string, status: RunStatus): Promise<void> {
    if (!isUuid(runId)) return;
    await this.db
      .update(siteAuditRuns)
      .set({
        status,
        ...(status === 'running'
          ? { startedAt: sql`coalesce(${siteAuditRuns.startedAt}, now())`, finishedAt: null }
          : {}),
        ...(status === 'done' || status === 'cancelled' ? { finishedAt: new Date() } : {}),
      })
      .where(eq(siteAuditRuns.id, runId));
  }

  async pendingTargets(runId: string): Promise<AuditTarget[]> {
    if (!isUuid(runId)) return [];
    const rows = await this.db
      .select({
        organisationId: siteAuditResults.organisationId,
        url: siteAuditResults.url,
        orgType: siteAuditResults.orgType,
      })
      .from(siteAuditResults)
      .where(and(eq(siteAuditResults.runId, runId), isNull(siteAuditResults.finishedAt)))
      .orderBy(asc(siteAuditResults.url), asc(siteAuditResults.organisationId));
    return rows.map((r) => ({ organisationId: r.organisationId, url: r.url ?? '', orgType: r.orgType as OrgType }));
  }

  async saveResult(runId: string, target: AuditTarget, result: AuditResultInput): Promise<void> {
    await saveResultRow(
      this.db,
      runId,
      { organisationId: target.organisationId, url: target.url, orgType: target.orgType },
      result,
    );
  }

  async previousResult(organisationId: string, excludeRunId: string): Promise<StoredResult | null> {
    if (!isUuid(organisationId)) return null;
    const rows = await this.db
      .select()
      .from(siteAuditResults)
      .where(
        and(
          eq(siteAuditResults.organisationId, organisationId),
          isNotNull(siteAuditResults.finishedAt),
          isNotNull(siteAuditResults.report),
          ...(isUuid(excludeRunId) ? [ne(siteAuditResults.runId, excludeRunId)] : []),
        ),
      )
      .orderBy(desc(siteAuditResults.finishedAt))
      .limit(1);
    return rows[0] ? stored(rows[0]) : null;
  }

  async history(organisationId: string): Promise<StoredResult[]> {
    if (!isUuid(organisationId)) return [];
    const rows = await this.db
      .select()
      .from(siteAuditResults)
      .where(and(eq(siteAuditResults.organisationId, organisationId), isNotNull(siteAuditResults.finishedAt)))
      .orderBy(desc(siteAuditResults.finishedAt));
    return rows.map(stored);
  }

  async results(runId: string): Promise<StoredResult[]> {
    if (!isUuid(runId)) return [];
    const rows = await this.db
      .select()
      .from(siteAuditResults)
      .where(and(eq(siteAuditResults.runId, runId), isNotNull(siteAuditResults.finishedAt)))
      .orderBy(asc(siteAuditResults.finishedAt));
    return rows.map(stored);
  }
}

async function getRunRow(db: Tx, runId: string): Promise<RunRow | null> {
  if (!isUuid(runId)) return null;
  const rows = await db.select().from(siteAuditRuns).where(eq(siteAuditRuns.id, runId)).limit(1);
  return rows[0] ?? null;
}

/**
 * Stores a result once: a second save of the same organisation in the same run is ignored (a resumed run may
 * race the tail of the interrupted one). The run's tallies move in the same transaction.
 */
async function saveResultRow(
  db: Db,
  runId: string,
  target: { organisationId: string; url: string | null; orgType: string },
  result: AuditResultInput,
): Promise<void> {
  if (!isUuid(runId)) throw new Error(`unknown run ${runId}`);
  await db.transaction(async (tx) => {
    const values = {
      report: result.report,
      error: result.error,
      finishedAt: new Date(result.finishedAt),
      diff: result.diff,
      present: result.report?.summary.present ?? null,
      required: result.report?.summary.required ?? null,
      changes: result.diff?.changes.length ?? null,
    };
    const written = await tx
      .insert(siteAuditResults)
      .values({ runId, organisationId: target.organisationId, url: target.url, orgType: target.orgType, ...values })
      .onConflictDoUpdate({
        target: [siteAuditResults.runId, siteAuditResults.organisationId],
        set: values,
        setWhere: isNull(siteAuditResults.finishedAt),
      })
      .returning({ id: siteAuditResults.id });
    if (written.length === 0) return;
    const bumped = await tx
      .update(siteAuditRuns)
      .set({ done: sql`${siteAuditRuns.done} + 1`, failed: sql`${siteAuditRuns.failed} + ${result.error ? 1 : 0}` })
      .where(eq(siteAuditRuns.id, runId))
      .returning({ id: siteAuditRuns.id });
    if (bumped.length === 0) throw new Error(`unknown run ${runId}`);
  });
}
