// Database-backed AuditStore (PGlite or PostgreSQL) plus the campaign-level entry points: start a run for a
// campaign, read the latest stored report of an organisation.
import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/index.server';
import { recordAudit, type Actor } from '../db/audit.server';
import { campaignOrganisations, campaigns, organisations } from '../db/schema/registry';
import { siteAuditResults, siteAuditRuns } from '../db/schema/site-audit';
import type { AuditResultInput, AuditRunInfo, AuditStore, AuditTarget, BulkAuditSettings, ReportDiff, RunStatus, StoredResult } from './store';
import { organisationLoss, type OrganisationLoss } from './summary';
import type { AuditReport, OrgType } from './types';

type ResultRow = typeof siteAuditResults.$inferSelect;
type RunRow = typeof siteAuditRuns.$inferSelect;
export type RunOrigin = 'server' | 'cli';

/** Message stored as the result of an organisation whose card has no website. */
export const NO_WEBSITE = 'в реестре не указан адрес сайта организации';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (v: string | null | undefined): v is string => !!v && UUID.test(v);

function runInfo(row: RunRow): AuditRunInfo {
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

function stored(row: ResultRow): StoredResult {
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

export class DbAuditStore implements AuditStore {
  constructor(private readonly db: Db) {}

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
        ...(status === 'running' ? { startedAt: sql`coalesce(${siteAuditRuns.startedAt}, now())`, finishedAt: null } : {}),
        ...(status === 'done' || status === 'cancelled' ? { finishedAt: new Date() } : {}),
      })
      .where(eq(siteAuditRuns.id, runId));
  }

  async pendingTargets(runId: string): Promise<AuditTarget[]> {
    if (!isUuid(runId)) return [];
    const rows = await this.db
      .select({ organisationId: siteAuditResults.organisationId, url: siteAuditResults.url, orgType: siteAuditResults.orgType })
      .from(siteAuditResults)
      .where(and(eq(siteAuditResults.runId, runId), isNull(siteAuditResults.finishedAt)))
      .orderBy(asc(siteAuditResults.url), asc(siteAuditResults.organisationId));
    return rows.map((r) => ({ organisationId: r.organisationId, url: r.url ?? '', orgType: r.orgType as OrgType }));
  }

  async saveResult(runId: string, target: AuditTarget, result: AuditResultInput): Promise<void> {
    await saveResultRow(this.db, runId, { organisationId: target.organisationId, url: target.url, orgType: target.orgType }, result);
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

export class CampaignAuditError extends Error {}

export interface StartedAudit {
  runId: string;
  total: number;
  /** Organisations of the campaign without a website in the registry: stored as failed results at once. */
  withoutWebsite: { organisationId: string; shortName: string }[];
}

const DEFAULT_SETTINGS = (): BulkAuditSettings => ({ date: new Date().toISOString().slice(0, 10), insecure: false, checkDocuments: true });

/**
 * Creates a run over every organisation of the campaign (campaign_organisations ⨝ organisations). The run
 * starts `pending`; the server's job runner (or the CLI) executes it. Refuses while another run of the
 * campaign is pending or running, so two operators do not audit the same sites twice at once.
 */
export async function startCampaignAudit(
  db: Db,
  campaignId: string,
  actor: Actor,
  options: { settings?: Partial<BulkAuditSettings>; runner?: RunOrigin } = {},
): Promise<StartedAudit> {
  if (!isUuid(campaignId)) throw new CampaignAuditError('Кампания не найдена.');
  const [campaign] = await db.select({ id: campaigns.id, title: campaigns.title, territoryId: campaigns.territoryId }).from(campaigns).where(eq(campaigns.id, campaignId)).limit(1);
  if (!campaign) throw new CampaignAuditError('Кампания не найдена.');
  const active = await activeRunOf(db, campaignId);
  if (active) throw new CampaignAuditError('Проверка сайтов этой кампании уже идёт: дождитесь её окончания.');
  const orgs = await db
    .select({ id: organisations.id, shortName: organisations.shortName, website: organisations.website, type: organisations.type })
    .from(campaignOrganisations)
    .innerJoin(organisations, eq(organisations.id, campaignOrganisations.organisationId))
    .where(eq(campaignOrganisations.campaignId, campaignId))
    .orderBy(asc(organisations.shortName));
  if (orgs.length === 0) throw new CampaignAuditError('В кампании нет ни одной организации: сначала утвердите перечень.');
  const settings = { ...DEFAULT_SETTINGS(), ...options.settings };
  const withSite = orgs.filter((o) => o.website?.trim());
  const withoutWebsite = orgs.filter((o) => !o.website?.trim());
  const runId = await db.transaction(async (tx) => {
    const [run] = await tx
      .insert(siteAuditRuns)
      .values({
        campaignId,
        settings,
        runner: options.runner ?? 'server',
        createdBy: actor.id,
        createdByName: actor.name,
        total: orgs.length,
        done: withoutWebsite.length,
        failed: withoutWebsite.length,
      })
      .returning({ id: siteAuditRuns.id });
    const id = run!.id;
    const now = new Date();
    for (let i = 0; i < orgs.length; i += 500) {
      await tx.insert(siteAuditResults).values(
        orgs.slice(i, i + 500).map((o) => {
          const url = o.website?.trim() || null;
          return { runId: id, organisationId: o.id, url, orgType: o.type, ...(url ? {} : { error: NO_WEBSITE, finishedAt: now }) };
        }),
      );
    }
    await recordAudit(tx, {
      actor,
      action: 'site_audit.start',
      entity: 'site_audit_run',
      entityId: id,
      territoryId: campaign.territoryId,
      after: { campaignId, total: orgs.length, withoutWebsite: withoutWebsite.length, settings },
    });
    return id;
  });
  // A campaign where no organisation has a website is finished at once.
  if (withSite.length === 0) await new DbAuditStore(db).setRunStatus(runId, 'done');
  return { runId, total: orgs.length, withoutWebsite: withoutWebsite.map((o) => ({ organisationId: o.id, shortName: o.shortName })) };
}

/** The pending or running run of a campaign, if any. */
export async function activeRunOf(db: Tx, campaignId: string): Promise<AuditRunInfo | null> {
  if (!isUuid(campaignId)) return null;
  const rows = await db
    .select()
    .from(siteAuditRuns)
    .where(and(eq(siteAuditRuns.campaignId, campaignId), inArray(siteAuditRuns.status, ['pending', 'running'])))
    .orderBy(desc(siteAuditRuns.createdAt))
    .limit(1);
  return rows[0] ? runInfo(rows[0]) : null;
}

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
    .select({ id: siteAuditResults.id, runId: siteAuditResults.runId, url: siteAuditResults.url, finishedAt: siteAuditResults.finishedAt, report: siteAuditResults.report })
    .from(siteAuditResults)
    .where(and(eq(siteAuditResults.organisationId, organisationId), isNotNull(siteAuditResults.finishedAt), isNotNull(siteAuditResults.report)))
    .orderBy(desc(siteAuditResults.finishedAt))
    .limit(1);
  const row = rows[0];
  if (!row?.report || !row.finishedAt) return null;
  return { resultId: row.id, runId: row.runId, url: row.url ?? '', finishedAt: row.finishedAt.toISOString(), report: row.report as AuditReport };
}

/** The shape src/checklists' `latestAuditProposals` reads, backed by `latestAuditFor` (one row, not the whole history). */
export function latestAuditSource(db: Tx): { history(organisationId: string): Promise<{ report: AuditReport | null; finishedAt: string }[]> } {
  return {
    async history(organisationId) {
      const latest = await latestAuditFor(db, organisationId);
      return latest ? [{ report: latest.report, finishedAt: latest.finishedAt }] : [];
    },
  };
}

// ---- Read models for the UI and the CLI ----

export interface RunListItem extends AuditRunInfo {
  startedAt: string | null;
  finishedAt: string | null;
  createdByName: string | null;
}

export async function campaignRuns(db: Tx, campaignId: string, limit = 10): Promise<RunListItem[]> {
  if (!isUuid(campaignId)) return [];
  const rows = await db.select().from(siteAuditRuns).where(eq(siteAuditRuns.campaignId, campaignId)).orderBy(desc(siteAuditRuns.createdAt)).limit(limit);
  return rows.map((r) => ({ ...runInfo(r), startedAt: r.startedAt?.toISOString() ?? null, finishedAt: r.finishedAt?.toISOString() ?? null, createdByName: r.createdByName }));
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
    .select({ result: siteAuditResults, run: siteAuditRuns, shortName: organisations.shortName, territoryId: organisations.territoryId })
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

/** Runs the server's job runner must execute: queued ones, and its own ones a restart interrupted. */
/** Runs the background runner may take: queued, or running without a live lease (their holder is gone). */
export async function runsToExecute(db: Tx): Promise<{ id: string; status: RunStatus }[]> {
  return db
    .select({ id: siteAuditRuns.id, status: siteAuditRuns.status })
    .from(siteAuditRuns)
    .where(
      and(
        inArray(siteAuditRuns.status, ['pending', 'running']),
        eq(siteAuditRuns.runner, 'server'),
        or(isNull(siteAuditRuns.leaseUntil), lt(siteAuditRuns.leaseUntil, sql`now()`)),
      ),
    )
    .orderBy(asc(siteAuditRuns.createdAt));
}

/**
 * Takes a run for execution under a lease of `leaseMs`; false when another runner holds a live lease on it
 * (several app instances share one database) or it is no longer queued. One statement, so two runners
 * racing for the same run cannot both win.
 */
export async function claimRun(db: Tx, runId: string, owner: string, leaseMs: number): Promise<boolean> {
  const rows = await db
    .update(siteAuditRuns)
    .set({
      status: 'running',
      startedAt: sql`coalesce(${siteAuditRuns.startedAt}, now())`,
      leaseOwner: owner,
      leaseUntil: sql`now() + ${leaseMs} * interval '1 millisecond'`,
    })
    .where(
      and(
        eq(siteAuditRuns.id, runId),
        inArray(siteAuditRuns.status, ['pending', 'running']),
        or(isNull(siteAuditRuns.leaseUntil), lt(siteAuditRuns.leaseUntil, sql`now()`), eq(siteAuditRuns.leaseOwner, owner)),
      ),
    )
    .returning({ id: siteAuditRuns.id });
  return rows.length > 0;
}

/** Extends the lease; false when it is no longer this owner's (it expired and another runner took the run). */
export async function renewLease(db: Tx, runId: string, owner: string, leaseMs: number): Promise<boolean> {
  const rows = await db
    .update(siteAuditRuns)
    .set({ leaseUntil: sql`now() + ${leaseMs} * interval '1 millisecond'` })
    .where(and(eq(siteAuditRuns.id, runId), eq(siteAuditRuns.leaseOwner, owner)))
    .returning({ id: siteAuditRuns.id });
  return rows.length > 0;
}

/** Gives the run back (shutdown, or finished): the next runner may take it at once. */
export async function releaseLease(db: Tx, runId: string, owner: string): Promise<void> {
  await db
    .update(siteAuditRuns)
    .set({ leaseOwner: null, leaseUntil: null })
    .where(and(eq(siteAuditRuns.id, runId), eq(siteAuditRuns.leaseOwner, owner)));
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
      .select({ id: siteAuditResults.id, shortName: organisations.shortName, url: siteAuditResults.url, error: siteAuditResults.error, report: siteAuditResults.report })
      .from(siteAuditResults)
      .innerJoin(organisations, eq(organisations.id, siteAuditResults.organisationId))
      .where(inArray(siteAuditResults.id, page));
    for (const r of rows) out.push(organisationLoss({ ...r, report: (r.report as AuditReport | null) ?? null }));
  }
  return out;
}
