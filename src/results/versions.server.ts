// Result versions of a campaign: score from the live inputs into a draft, council approval (recorded
// decision), publication as an immutable snapshot, corrections as new versions with a reason. Every state
// change is audited in the same transaction.
import { createHash } from 'node:crypto';
import { and, desc, eq, getTableColumns, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/index.server';
import { recordAudit, type Actor as AuditActor } from '../db/audit.server';
import { campaigns, territories } from '../db/schema/registry';
import { resultScores, resultVersions, type ResultStatus } from '../db/schema/results';
import { policiesSchema, type CampaignPolicies } from '../campaigns/policies';
import { assertCan, type SessionUser } from '../auth/policy';
import { territoryChain } from '../auth/scope.server';
import { scoreOrganisations, type ScoringRun } from '../methodology/engine';
import type { RawInputs } from '../methodology/inputs';
import { requireMethodology } from '../methodology/registry';
import { territoryAggregate } from '../methodology/territory';
import type { MethodologyVersion } from '../methodology/types';
import { buildSnapshot, decodeSnapshot, parseSnapshot, type Snapshot, type StoredSnapshot } from './snapshot';
import { notePublication } from './public.server';
import { dataGaps, gapsForAudit, type DataGaps } from './gaps';
import { CampaignEventError, campaignEventsOf, recordCampaignEvent } from '../campaigns/events.server';
import { todayIso } from '../campaigns/dates';
import {
  campaignOrganisationsMeta,
  checklistCounts,
  checklistStates,
  informationCount,
  surveyTallies,
  unfilledSources,
  type ChecklistState,
  type OrganisationMeta,
} from './sources.server';

export type ResultVersion = typeof resultVersions.$inferSelect;
export type ResultVersionInfo = Omit<ResultVersion, 'snapshot'>;

export class ResultsError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 = 400,
  ) {
    super(message);
  }
}

export const resultStatusLabels: Record<ResultStatus, string> = {
  draft: 'черновик',
  approved: 'утверждено советом',
  published: 'опубликовано',
};

type Actor = Pick<SessionUser, 'id' | 'name'>;

export type AssembledInputs = {
  campaign: typeof campaigns.$inferSelect;
  territoryName: string;
  methodology: MethodologyVersion;
  policies: CampaignPolicies;
  meta: OrganisationMeta[];
  checklists: Map<string, ChecklistState>;
  raws: RawInputs[];
};

/** The engine inputs of every organisation on the campaign's list, from checklists, tallies and registry. */
export async function assembleInputs(db: Tx, campaignId: string): Promise<AssembledInputs> {
  const [row] = await db
    .select({ campaign: campaigns, territoryName: territories.name })
    .from(campaigns)
    .innerJoin(territories, eq(territories.id, campaigns.territoryId))
    .where(eq(campaigns.id, campaignId));
  if (!row) throw new ResultsError('Кампания не найдена.', 404);
  const methodology = requireMethodology(row.campaign.methodologyId);
  const policies = policiesSchema.parse(row.campaign.policies ?? {});
  const [meta, checklists, tallies] = await Promise.all([
    campaignOrganisationsMeta(db, campaignId),
    checklistStates(db, campaignId),
    surveyTallies(db, campaignId, methodology.id),
  ]);
  const emptySurvey = {
    valid: 0,
    yes: Object.fromEntries(
      methodology.questionnaire.questions.filter((q) => q.kind === 'yesNo').map((q) => [q.id, 0]),
    ),
  };
  const raws = meta.map((o): RawInputs => {
    const state = checklists.get(o.id);
    const raw: RawInputs = {
      id: o.id,
      name: o.shortName,
      type: o.type,
      information: {
        stand: informationCount(methodology, o.type, 'stand', state),
        site: informationCount(methodology, o.type, 'site', state),
      },
      checklists: checklistCounts(methodology, state),
      survey: tallies.get(o.id) ?? emptySurvey,
    };
    if (o.recipients !== null) raw.recipients = o.recipients;
    const unfilled = unfilledSources(methodology, state);
    if (unfilled.length) raw.noData = unfilled;
    return raw;
  });
  return { campaign: row.campaign, territoryName: row.territoryName, methodology, policies, meta, checklists, raws };
}

export type Scored = {
  run: ScoringRun;
  /** What is stored (compact, format 2) and its JSON, hashed as written. */
  stored: StoredSnapshot;
  json: string;
  hash: string;
  /** The decoded snapshot, as pages read it (decoded on first access). */
  readonly snapshot: Snapshot;
};

/** Scores assembled inputs with the campaign's pinned methodology and policies. */
export function scoreAssembled(a: AssembledInputs, computedAt = new Date()): Scored {
  const p = a.policies;
  const run = scoreOrganisations(a.raws, a.methodology, {
    zeroDenominator: p.zeroDenominator,
    rounding: p.rounding,
    bands: p.bands,
    minRespondents: p.minN,
    sample: p.sample,
  });
  const byTypeGroups = new Map<string, ScoringRun['organisations']>();
  for (const o of run.organisations) {
    const g = byTypeGroups.get(o.type);
    if (g) g.push(o);
    else byTypeGroups.set(o.type, [o]);
  }
  const byType = Object.fromEntries(
    [...byTypeGroups].map(([t, g]) => [t, territoryAggregate(g, run.options.rounding)]),
  );
  const stored = buildSnapshot(run, {
    campaign: {
      id: a.campaign.id,
      title: a.campaign.title,
      year: a.campaign.year,
      territoryId: a.campaign.territoryId,
      territoryName: a.territoryName,
    },
    methodology: a.methodology,
    policies: p,
    meta: new Map(a.meta.map((m) => [m.id, m])),
    inputs: new Map(a.raws.map((r) => [r.id, r])),
    checklists: a.checklists,
    byType,
    computedAt,
  });
  const json = JSON.stringify(stored);
  let decoded: Snapshot | undefined;
  return {
    run,
    stored,
    json,
    hash: hashSnapshot(json),
    get snapshot() {
      return (decoded ??= decodeSnapshot(stored));
    },
  };
}

/** The campaign's scope; `territoryIds[0]` is the campaign's own territory, which its audit entries carry. */
async function campaignScope(tx: Tx, campaignId: string) {
  const [c] = await tx
    .select({ territoryId: campaigns.territoryId })
    .from(campaigns)
    .where(eq(campaigns.id, campaignId));
  if (!c) throw new ResultsError('Кампания не найдена.', 404);
  return { territoryIds: await territoryChain(tx, c.territoryId) };
}

const ownTerritory = (scope: { territoryIds: string[] }) => scope.territoryIds[0] ?? null;

const info = ({ snapshot: _s, ...rest }: ResultVersion): ResultVersionInfo => rest;
// Everything but the snapshot: RETURNING the whole row would send the snapshot straight back.
const { snapshot: _snapshotColumn, ...infoColumns } = getTableColumns(resultVersions);
const summary = (v: ResultVersionInfo) => ({
  version: v.version,
  status: v.status,
  contentHash: v.contentHash,
  organisations: v.organisations,
});

/** Versions of a campaign, newest first, without snapshots. */
export async function listVersions(db: Tx, campaignId: string): Promise<ResultVersionInfo[]> {
  const rows = await db
    .select(infoColumns)
    .from(resultVersions)
    .where(eq(resultVersions.campaignId, campaignId))
    .orderBy(desc(resultVersions.version));
  return rows;
}

async function latest(tx: Tx, campaignId: string): Promise<ResultVersionInfo | undefined> {
  return (await listVersions(tx, campaignId))[0];
}

/**
 * The headline numbers of a published version, one row per organisation (organisation history, JSON API).
 * Written at publication, not per draft: only published versions are read from result_scores, and a draft
 * is recomputed many times.
 */
async function storeScores(tx: Tx, versionId: string, snapshot: Snapshot): Promise<void> {
  await tx.delete(resultScores).where(eq(resultScores.versionId, versionId));
  const rows = snapshot.organisations.map((o) => ({
    versionId,
    campaignId: snapshot.campaign.id,
    organisationId: o.id,
    total: o.total,
    rank: o.rank,
    band: o.band,
    criteria: Object.fromEntries(Object.entries(o.criteria).map(([k, c]) => [k, c.value])),
    respondents: o.respondents,
    belowMinimum: o.belowMinimum,
  }));
  // Parameter count per statement is bounded (PostgreSQL: 65,535), so insert in chunks.
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(resultScores).values(rows.slice(i, i + 1000));
}

export type ComputeOptions = { reason?: string | null; now?: Date };

/**
 * Scores the campaign from the live inputs into a draft. The first computation creates version 1; a
 * recomputation replaces the current draft; after a publication a new version is a correction and needs
 * a reason. An approved, not yet published version must be published (or the council asked) first.
 */
export async function computeDraft(
  db: Db,
  campaignId: string,
  user: SessionUser,
  options: ComputeOptions = {},
): Promise<ResultVersionInfo> {
  const scope = await campaignScope(db, campaignId);
  assertCan(user, 'results.compute', scope);
  const territoryId = ownTerritory(scope);
  const assembled = await assembleInputs(db, campaignId);
  const scored = scoreAssembled(assembled, options.now);
  const reason = options.reason?.trim() || null;
  return db.transaction(async (tx) => {
    // Serialise concurrent recomputations of one campaign.
    await tx.execute(sql`select id from ${campaigns} where id = ${campaignId} for update`);
    const current = await latest(tx, campaignId);
    const actor = actorOf(user);
    if (current?.status === 'approved') {
      throw new ResultsError(
        'Текущая версия уже утверждена советом: сначала опубликуйте её, затем вносите исправление с указанием причины.',
        409,
      );
    }
    if (current?.status === 'draft') {
      const [row] = await tx
        .update(resultVersions)
        .set({
          snapshot: scored.json,
          contentHash: scored.hash,
          organisations: scored.stored.organisations.length,
          computedAt: new Date(scored.stored.computedAt),
          computedBy: actor.name,
          reason: reason ?? current.reason,
        })
        .where(eq(resultVersions.id, current.id))
        .returning(infoColumns);
      const v = row as ResultVersionInfo;
      await recordAudit(tx, {
        actor,
        action: 'results.recompute',
        entity: 'result_version',
        entityId: v.id,
        before: summary(current),
        after: summary(v),
        reason: v.reason,
        territoryId,
      });
      return v;
    }
    if (current?.status === 'published' && !reason) {
      throw new ResultsError('Результаты уже опубликованы: новая версия — это исправление, укажите его причину.', 400);
    }
    const [row] = await tx
      .insert(resultVersions)
      .values({
        campaignId,
        version: (current?.version ?? 0) + 1,
        status: 'draft',
        correctsId: current?.id ?? null,
        reason,
        snapshot: scored.json,
        contentHash: scored.hash,
        organisations: scored.stored.organisations.length,
        computedAt: new Date(scored.stored.computedAt),
        computedBy: actor.name,
      })
      .returning(infoColumns);
    const v = row as ResultVersionInfo;
    await recordAudit(tx, {
      actor,
      action: current ? 'results.correction' : 'results.compute',
      entity: 'result_version',
      entityId: v.id,
      territoryId,
      before: current ? summary(current) : null,
      after: summary(v),
      reason,
    });
    return v;
  });
}

const actorOf = (u: Actor) => ({ id: u.id, name: u.name });

async function recordEventOnce(
  tx: Tx,
  campaignId: string,
  kind: 'council_results_adopted' | 'results_published',
  date: string,
  document: string,
  versionId: string,
  user: AuditActor,
  today: string,
): Promise<void> {
  const events = await campaignEventsOf(tx, campaignId);
  if (events.some((e) => e.kind === kind)) return;
  try {
    await recordCampaignEvent(tx, {
      campaignId,
      kind,
      occurredOn: date,
      document,
      source: 'results',
      sourceId: versionId,
      actor: { id: user.id, name: user.name },
      today,
    });
  } catch (err) {
    if (err instanceof CampaignEventError) throw new ResultsError(err.message, 400);
    throw err;
  }
}

async function lockVersion(tx: Tx, versionId: string): Promise<ResultVersionInfo> {
  await tx.execute(sql`select id from ${resultVersions} where id = ${versionId} for update`);
  const v = (await listVersionsById(tx, versionId))[0];
  if (!v) throw new ResultsError('Версия результатов не найдена.', 404);
  return v;
}

async function listVersionsById(tx: Tx, versionId: string): Promise<ResultVersionInfo[]> {
  const [row] = await tx
    .select({ campaignId: resultVersions.campaignId })
    .from(resultVersions)
    .where(eq(resultVersions.id, versionId));
  if (!row) return [];
  return (await listVersions(tx, row.campaignId)).filter((v) => v.id === versionId);
}

export type Decision = {
  number: string;
  date: string;
  expectedHash?: string | null;
  /** The person saw the version's gaps (missing data, small samples) and approves it anyway. */
  confirmGaps?: boolean;
};

/** Refused unless confirmed when the version has gaps; returns what to audit. */
async function checkGaps(
  tx: Tx,
  versionId: string,
  confirmed: boolean | undefined,
  what: 'утвердить' | 'опубликовать',
): Promise<DataGaps | null> {
  const [row] = await tx
    .select({ snapshot: resultVersions.snapshot })
    .from(resultVersions)
    .where(eq(resultVersions.id, versionId));
  const gaps = dataGaps(parseSnapshot(row?.snapshot));
  if (!gaps.any) return null;
  if (!confirmed) {
    throw new ResultsError(
      `В версии не хватает данных: ${gaps.summary.join(' ')} Чтобы ${what} её такой, отметьте, что вы видели список и подтверждаете.`,
      409,
    );
  }
  return gaps;
}

/**
 * The council approves a draft: its decision (number, date) and who recorded it. `expectedHash` binds the
 * approval to the numbers the council looked at: a draft recomputed in the meantime is refused.
 */
export async function approveVersion(
  db: Db,
  versionId: string,
  decision: Decision,
  user: SessionUser,
  now = new Date(),
): Promise<ResultVersionInfo> {
  return db.transaction(async (tx) => {
    const v = await lockVersion(tx, versionId);
    assertCan(user, 'results.approve', await campaignScope(tx, v.campaignId));
    return approveVersionTx(tx, versionId, decision, actorOf(user), now);
  });
}

/**
 * The approval itself, inside a caller's transaction: the council room adopts its results decision and
 * approves (locks) the version in one transaction. Permission is the caller's to check.
 */
export async function approveVersionTx(
  tx: Tx,
  versionId: string,
  decision: Decision,
  actor: AuditActor,
  now = new Date(),
): Promise<ResultVersionInfo> {
  const number = decision.number.trim();
  if (!number) throw new ResultsError('Укажите номер решения совета.');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(decision.date) || Number.isNaN(Date.parse(decision.date)))
    throw new ResultsError('Укажите дату решения совета.');
  const v = await lockVersion(tx, versionId);
  const scope = await campaignScope(tx, v.campaignId);
  if (v.status !== 'draft') throw new ResultsError('Утвердить можно только черновик.', 409);
  if (decision.expectedHash && decision.expectedHash !== v.contentHash) {
    throw new ResultsError(
      'Черновик пересчитали, пока вы его смотрели: проверьте новые цифры и утвердите ещё раз.',
      409,
    );
  }
  const gaps = await checkGaps(tx, versionId, decision.confirmGaps, 'утвердить');
  const [row] = await tx
    .update(resultVersions)
    .set({
      status: 'approved',
      decisionNumber: number,
      decisionDate: decision.date,
      approvedAt: now,
      approvedBy: actor.name,
    })
    .where(and(eq(resultVersions.id, versionId), eq(resultVersions.status, 'draft')))
    .returning(infoColumns);
  const after = row as ResultVersionInfo;
  // The first approval is the council's statutory decision on results: it stops the council's month and
  // starts the authority's. A correction's approval does not move either clock.
  await recordEventOnce(
    tx,
    v.campaignId,
    'council_results_adopted',
    decision.date,
    `решение совета № ${number}`,
    v.id,
    actor,
    todayIso(now),
  );
  await recordAudit(tx, {
    actor,
    action: 'results.approve',
    entity: 'result_version',
    entityId: v.id,
    territoryId: ownTerritory(scope),
    before: summary(v),
    after: {
      ...summary(after),
      decisionNumber: number,
      decisionDate: decision.date,
      ...(gaps ? { confirmedGaps: gapsForAudit(gaps) } : {}),
    },
    reason: gaps ? `утверждено с неполными данными: ${gaps.summary.join(' ')}` : null,
  });
  return after;
}

/** Publishes an approved version; an earlier published version stays visible, marked as superseded. */
export async function publishVersion(
  db: Db,
  versionId: string,
  user: SessionUser,
  now = new Date(),
  options: { confirmGaps?: boolean } = {},
): Promise<ResultVersionInfo> {
  const published = await db.transaction(async (tx) => {
    const v = await lockVersion(tx, versionId);
    const scope = await campaignScope(tx, v.campaignId);
    assertCan(user, 'results.publish', scope);
    if (v.status !== 'approved') throw new ResultsError('Опубликовать можно только версию, утверждённую советом.', 409);
    const gaps = await checkGaps(tx, versionId, options.confirmGaps, 'опубликовать');
    const [row] = await tx
      .update(resultVersions)
      .set({ status: 'published', publishedAt: now, publishedBy: user.name })
      .where(eq(resultVersions.id, versionId))
      .returning(infoColumns);
    const [stored] = await tx
      .select({ snapshot: resultVersions.snapshot })
      .from(resultVersions)
      .where(eq(resultVersions.id, versionId));
    await storeScores(tx, versionId, parseSnapshot(stored?.snapshot));
    const previous = await tx
      .update(resultVersions)
      .set({ supersededBy: versionId })
      .where(
        and(
          eq(resultVersions.campaignId, v.campaignId),
          eq(resultVersions.status, 'published'),
          isNull(resultVersions.supersededBy),
          sql`${resultVersions.id} <> ${versionId}`,
        ),
      )
      .returning({ id: resultVersions.id, version: resultVersions.version });
    await recordEventOnce(
      tx,
      v.campaignId,
      'results_published',
      todayIso(now),
      `версия результатов ${v.version}`,
      v.id,
      user,
      todayIso(now),
    );
    const after = row as ResultVersionInfo;
    await recordAudit(tx, {
      actor: actorOf(user),
      action: 'results.publish',
      entity: 'result_version',
      entityId: v.id,
      territoryId: ownTerritory(scope),
      before: summary(v),
      after: {
        ...summary(after),
        supersedes: previous.map((p) => p.version),
        ...(gaps ? { confirmedGaps: gapsForAudit(gaps) } : {}),
      },
      reason:
        [v.reason, gaps ? `опубликовано с неполными данными: ${gaps.summary.join(' ')}` : null]
          .filter(Boolean)
          .join('; ') || null,
    });
    return after;
  });
  notePublication();
  return published;
}

/** The version and its snapshot (parsed), or null. */
export async function getVersion(
  db: Tx,
  versionId: string,
): Promise<(ResultVersionInfo & { snapshot: Snapshot }) | null> {
  const [row] = await db.select().from(resultVersions).where(eq(resultVersions.id, versionId));
  if (!row) return null;
  return { ...info(row), snapshot: parseSnapshot(row.snapshot) };
}

/** The current published version of a campaign (not superseded), without the snapshot. */
export async function currentPublished(db: Tx, campaignId: string): Promise<ResultVersionInfo | null> {
  const rows = await listVersions(db, campaignId);
  return rows.find((v) => v.status === 'published' && !v.supersededBy) ?? null;
}

/** SHA-256 of the stored JSON, exactly as written (the stored text can be re-hashed to check it). */
export function hashSnapshot(json: string): string {
  return createHash('sha256').update(json).digest('hex');
}
