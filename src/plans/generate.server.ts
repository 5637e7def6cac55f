// Drafting plans from the locked result version: one draft per organisation of the campaign, rows from the
// council's adopted proposals and the version's shortfalls, plus last cycle's carried-over rows.
import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { assertCan, type SessionUser } from '../auth/policy';
import { territoryChain } from '../auth/scope.server';
import type { Db, Tx } from '../db/index.server';
import { recordAudit } from '../db/audit.server';
import { improvementPlans, planItems } from '../db/schema/plans';
import { campaigns, organisations } from '../db/schema/registry';
import { resultVersions } from '../db/schema/results';
import { getVersion } from '../results/versions.server';
import { shortfalls } from '../results/view';
import type { Snapshot, SnapshotOrganisation } from '../results/snapshot';
import { PlansError } from './errors';
import { draftRows, plannedDateFor, type ProposalInput, type ShortfallInput } from './model';
import { calendar, getSettings, planDeadlines } from './settings.server';

/** Where adopted proposals come from: src/council once it exists; tests and the bench pass their own. */
export type ProposalSource = (db: Tx, campaignId: string) => Promise<ProposalInput[]>;

export const noProposals: ProposalSource = async () => [];

/** The version plans answer: the newest approved or published one. A later recomputation never changes a plan. */
export async function lockedVersion(db: Tx, campaignId: string) {
  const [v] = await db
    .select({
      id: resultVersions.id,
      version: resultVersions.version,
      status: resultVersions.status,
      decisionDate: resultVersions.decisionDate,
    })
    .from(resultVersions)
    .where(and(eq(resultVersions.campaignId, campaignId), inArray(resultVersions.status, ['approved', 'published'])))
    .orderBy(desc(resultVersions.version))
    .limit(1);
  return v ?? null;
}

/** Shortfalls of one organisation of a snapshot, as the generator reads them. */
export function shortfallInputs(s: Snapshot, orgOrId: string | SnapshotOrganisation): ShortfallInput[] {
  const org = typeof orgOrId === 'string' ? s.organisations.find((o) => o.id === orgOrId) : orgOrId;
  if (!org) return [];
  const survey = new Set(s.criteria.flatMap((c) => c.indicators.filter((i) => i.survey).map((i) => i.id)));
  return shortfalls(s, org, 'staff').map((x) => ({
    indicator: x.id,
    indicatorTitle: x.title,
    value: x.value,
    survey: survey.has(x.id),
    missing: x.missing,
  }));
}

type ItemRow = {
  id: string;
  plan_id: string;
  section: string;
  position: number;
  indicator: string | null;
  checklist: string | null;
  item_id: string | null;
  source: string;
  proposal_id: string | null;
  shortfall: string;
  measure: string;
  planned_kind: string;
  planned_date: string | null;
  periodic_note: string | null;
  responsible_name: string;
  responsible_post: string;
  needs_funding: boolean;
  carried_from_id: string | null;
};

/** Rows per statement: one JSON parameter each, well inside PostgreSQL's message limits (≈ 2.5 MB of JSON). */
const ITEM_CHUNK = 5000;
const PLAN_CHUNK = 5000;

export type GenerateResult = { created: number; skipped: number; rows: number; versionId: string };

export async function generatePlans(
  db: Db,
  campaignId: string,
  user: SessionUser,
  options: { proposals?: ProposalSource; today?: string } = {},
): Promise<GenerateResult> {
  const [campaign] = await db.select().from(campaigns).where(eq(campaigns.id, campaignId));
  if (!campaign) throw new PlansError('Кампания не найдена.', 404);
  const chain = await territoryChain(db, campaign.territoryId);
  assertCan(user, 'plans.approve', { territoryIds: chain });
  const locked = await lockedVersion(db, campaignId);
  if (!locked)
    throw new PlansError(
      'Результаты кампании ещё не утверждены советом: планы составляются по утверждённой версии.',
      409,
    );
  const full = await getVersion(db, locked.id);
  if (!full) throw new PlansError('Версия результатов не найдена.', 404);
  const s = full.snapshot;
  const proposals = await (options.proposals ?? noProposals)(db, campaignId);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const settings = await getSettings(db, campaign.territoryId);
  const cal = calendar();
  const base = planDeadlines(settings, locked.decisionDate ?? today, null, cal).approval.due;
  const dateCache = new Map<number, string>();
  const due = (months: number) => {
    let d = dateCache.get(months);
    if (!d) dateCache.set(months, (d = plannedDateFor(cal, base, months)));
    return d;
  };
  const year = Number(base.slice(0, 4));
  const general = proposals.filter((x) => x.organisationId === null);
  const addressed = new Map<string, ProposalInput[]>();
  for (const x of proposals)
    if (x.organisationId !== null) addressed.set(x.organisationId, [...(addressed.get(x.organisationId) ?? []), x]);
  // Same order as the proposals came in: general and addressed ones interleaved as the council adopted them.
  const proposalsFor = (orgId: string) =>
    addressed.has(orgId) ? proposals.filter((x) => x.organisationId === null || x.organisationId === orgId) : general;

  const result = await db.transaction(async (tx) => {
    // Serialises two generations of one campaign.
    await tx.execute(sql`select id from ${campaigns} where id = ${campaignId} for update`);
    const existing = new Set(
      (
        await tx
          .select({ org: improvementPlans.organisationId })
          .from(improvementPlans)
          .where(eq(improvementPlans.campaignId, campaignId))
      ).map((r) => r.org),
    );
    const orgRows = await tx
      .select({
        id: organisations.id,
        territoryId: organisations.territoryId,
        type: organisations.type,
        headName: organisations.headName,
      })
      .from(organisations)
      .where(
        inArray(
          organisations.id,
          s.organisations.map((o) => o.id),
        ),
      );
    const orgMeta = new Map(orgRows.map((o) => [o.id, o]));
    const todo = s.organisations.filter((o) => !existing.has(o.id) && orgMeta.has(o.id));
    // Rows the previous cycle carried over and nobody has copied yet.
    const carried = todo.length
      ? await tx
          .select({ item: planItems, organisationId: improvementPlans.organisationId })
          .from(planItems)
          .innerJoin(improvementPlans, eq(improvementPlans.id, planItems.planId))
          .where(
            and(
              eq(planItems.status, 'carried_over'),
              isNull(planItems.carriedToId),
              sql`${improvementPlans.campaignId} <> ${campaignId}`,
              inArray(
                improvementPlans.organisationId,
                todo.map((o) => o.id),
              ),
            ),
          )
      : [];
    const carriedBy = new Map<string, typeof carried>();
    for (const c of carried) carriedBy.set(c.organisationId, [...(carriedBy.get(c.organisationId) ?? []), c]);

    // Set-based: ids are made here, so plans, rows and the carried-over links go in as a few statements of
    // one JSON parameter each, expanded by the database (jsonb_to_recordset). Drizzle's multi-row insert
    // builder spent ≈ 14 s of JavaScript on 77,000 rows; a per-row update for each link was a round trip each.
    const plans: { id: string; organisation_id: string; territory_id: string }[] = [];
    const items: ItemRow[] = [];
    const links: { from_id: string; to_id: string }[] = [];
    for (const o of todo) {
      const planId = randomUUID();
      const meta = orgMeta.get(o.id)!;
      plans.push({ id: planId, organisation_id: o.id, territory_id: meta.territoryId });
      const own = proposalsFor(o.id);
      const rows = draftRows(meta.type, shortfallInputs(s, o), own);
      let position = 0;
      for (const c of carriedBy.get(o.id) ?? []) {
        const id = randomUUID();
        links.push({ from_id: c.item.id, to_id: id });
        items.push({
          id,
          plan_id: planId,
          section: c.item.section,
          position: ++position,
          indicator: c.item.indicator,
          checklist: c.item.checklist,
          item_id: c.item.itemId,
          source: 'carried',
          proposal_id: c.item.proposalId,
          shortfall: c.item.shortfall,
          measure: c.item.measure,
          planned_kind: c.item.plannedKind,
          planned_date: c.item.plannedKind === 'permanent' ? null : due(c.item.needsFunding ? 12 : 6),
          periodic_note: c.item.periodicNote,
          responsible_name: c.item.responsibleName,
          responsible_post: c.item.responsiblePost,
          needs_funding: c.item.needsFunding,
          carried_from_id: c.item.id,
        });
      }
      for (const r of rows) {
        items.push({
          id: randomUUID(),
          plan_id: planId,
          section: r.section,
          position: ++position,
          indicator: r.indicator,
          checklist: r.checklist,
          item_id: r.itemId,
          source: r.source,
          proposal_id: r.proposalId,
          shortfall: r.shortfall,
          measure: r.measure,
          planned_kind: 'date',
          planned_date: due(r.months),
          periodic_note: null,
          responsible_name: '',
          responsible_post: r.responsiblePost,
          needs_funding: r.needsFunding,
          carried_from_id: null,
        });
      }
    }
    for (let i = 0; i < plans.length; i += PLAN_CHUNK) {
      await tx.execute(sql`insert into improvement_plans (id, campaign_id, organisation_id, territory_id, result_version_id, year)
        select x.id, ${campaignId}::uuid, x.organisation_id, x.territory_id, ${locked.id}::uuid, ${year}::int
        from jsonb_to_recordset(${JSON.stringify(plans.slice(i, i + PLAN_CHUNK))}::jsonb) as x(id uuid, organisation_id uuid, territory_id uuid)`);
    }
    // The rows' tallies (decision 0085) are counted here from what is inserted, instead of by the trigger
    // per statement: on PGlite the trigger's aggregate cost two thirds of the insert. Only for these inserts.
    const tallies = new Map<
      string,
      { territory_id: string; section: string; needs_funding: boolean; due: string | null; n: number }
    >();
    const territoryOf = new Map(plans.map((p) => [p.id, p.territory_id]));
    for (const it of items) {
      const t = {
        territory_id: territoryOf.get(it.plan_id)!,
        section: it.section,
        needs_funding: it.needs_funding,
        due: it.planned_kind === 'permanent' ? null : it.planned_date,
      };
      const k = `${t.territory_id}|${t.section}|${t.needs_funding}|${t.due}`;
      const seen = tallies.get(k);
      if (seen) seen.n++;
      else tallies.set(k, { ...t, n: 1 });
    }
    await tx.execute(sql`select set_config('noko.plan_tallies_by_writer', 'on', true)`);
    for (let i = 0; i < items.length; i += ITEM_CHUNK) {
      await tx.execute(sql`insert into plan_items (id, plan_id, section, position, indicator, checklist, item_id, source, proposal_id, shortfall, measure,
          planned_kind, planned_date, periodic_note, responsible_name, responsible_post, needs_funding, carried_from_id)
        select x.id, x.plan_id, x.section, x.position, x.indicator, x.checklist, x.item_id, x.source, x.proposal_id, x.shortfall, x.measure,
          x.planned_kind, x.planned_date, x.periodic_note, x.responsible_name, x.responsible_post, x.needs_funding, x.carried_from_id
        from jsonb_to_recordset(${JSON.stringify(items.slice(i, i + ITEM_CHUNK))}::jsonb) as x(id uuid, plan_id uuid, section text, position int, indicator text,
          checklist text, item_id text, source text, proposal_id text, shortfall text, measure text, planned_kind text, planned_date date,
          periodic_note text, responsible_name text, responsible_post text, needs_funding boolean, carried_from_id uuid)`);
    }
    await tx.execute(sql`select set_config('noko.plan_tallies_by_writer', 'off', true)`);
    const tallyRows = [...tallies.values()];
    for (let i = 0; i < tallyRows.length; i += ITEM_CHUNK) {
      // New drafts: plan status «draft», row status «planned» (the columns' defaults above).
      await tx.execute(sql`insert into plan_row_tallies as t (campaign_id, territory_id, plan_status, section, needs_funding, status, due, n)
        select ${campaignId}::uuid, x.territory_id, 'draft', x.section, x.needs_funding, 'planned', x.due, x.n
        from jsonb_to_recordset(${JSON.stringify(tallyRows.slice(i, i + ITEM_CHUNK))}::jsonb) as x(territory_id uuid, section text, needs_funding boolean, due date, n int)
        on conflict on constraint plan_row_tallies_key do update set n = t.n + excluded.n`);
    }
    for (let i = 0; i < links.length; i += ITEM_CHUNK) {
      await tx.execute(sql`update plan_items set carried_to_id = x.to_id, updated_at = now()
        from jsonb_to_recordset(${JSON.stringify(links.slice(i, i + ITEM_CHUNK))}::jsonb) as x(from_id uuid, to_id uuid) where plan_items.id = x.from_id`);
    }
    const rowsTotal = items.length;
    const result = {
      created: todo.length,
      skipped: s.organisations.length - todo.length,
      rows: rowsTotal,
      versionId: locked.id,
    };
    await recordAudit(tx, {
      actor: user,
      action: 'plans.generate',
      entity: 'campaign',
      entityId: campaignId,
      territoryId: campaign.territoryId,
      after: { ...result, resultVersion: locked.version, proposals: proposals.length },
    });
    return result;
  });
  // A region's worth of new rows at once: fresh statistics keep the planner on the indexes the dashboard
  // needs. Embedded PGlite has no autovacuum to do this later, and PostgreSQL's would come minutes late.
  if (result.created > 0) await db.execute(sql`analyze plan_items, improvement_plans`);
  return result;
}
