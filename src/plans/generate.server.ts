// Drafting plans from the locked result version: one draft per organisation of the campaign, rows from the
// council's adopted proposals and the version's shortfalls, plus last cycle's carried-over rows.
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
import type { Snapshot } from '../results/snapshot';
import { PlansError } from './errors';
import { draftRows, plannedDateFor, type ProposalInput, type ShortfallInput } from './model';
import { calendar, getSettings, planDeadlines } from './settings.server';

/** Where adopted proposals come from: src/council once it exists; tests and the bench pass their own. */
export type ProposalSource = (db: Tx, campaignId: string) => Promise<ProposalInput[]>;

export const noProposals: ProposalSource = async () => [];

/** The version plans answer: the newest approved or published one. A later recomputation never changes a plan. */
export async function lockedVersion(db: Tx, campaignId: string) {
  const [v] = await db
    .select({ id: resultVersions.id, version: resultVersions.version, status: resultVersions.status, decisionDate: resultVersions.decisionDate })
    .from(resultVersions)
    .where(and(eq(resultVersions.campaignId, campaignId), inArray(resultVersions.status, ['approved', 'published'])))
    .orderBy(desc(resultVersions.version))
    .limit(1);
  return v ?? null;
}

/** Shortfalls of one organisation of a snapshot, as the generator reads them. */
export function shortfallInputs(s: Snapshot, orgId: string): ShortfallInput[] {
  const org = s.organisations.find((o) => o.id === orgId);
  if (!org) return [];
  const survey = new Set(s.criteria.flatMap((c) => c.indicators.filter((i) => i.survey).map((i) => i.id)));
  return shortfalls(s, org, 'staff').map((x) => ({ indicator: x.id, indicatorTitle: x.title, value: x.value, survey: survey.has(x.id), missing: x.missing }));
}

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
  if (!locked) throw new PlansError('Результаты кампании ещё не утверждены советом: планы составляются по утверждённой версии.', 409);
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

  return db.transaction(async (tx) => {
    // Serialises two generations of one campaign.
    await tx.execute(sql`select id from ${campaigns} where id = ${campaignId} for update`);
    const existing = new Set((await tx.select({ org: improvementPlans.organisationId }).from(improvementPlans).where(eq(improvementPlans.campaignId, campaignId))).map((r) => r.org));
    const orgRows = await tx.select({ id: organisations.id, territoryId: organisations.territoryId, type: organisations.type, headName: organisations.headName }).from(organisations).where(inArray(organisations.id, s.organisations.map((o) => o.id)));
    const orgMeta = new Map(orgRows.map((o) => [o.id, o]));
    const todo = s.organisations.filter((o) => !existing.has(o.id) && orgMeta.has(o.id));
    // Rows the previous cycle carried over and nobody has copied yet.
    const carried = todo.length
      ? await tx
          .select({ item: planItems, organisationId: improvementPlans.organisationId })
          .from(planItems)
          .innerJoin(improvementPlans, eq(improvementPlans.id, planItems.planId))
          .where(and(eq(planItems.status, 'carried_over'), isNull(planItems.carriedToId), sql`${improvementPlans.campaignId} <> ${campaignId}`, inArray(improvementPlans.organisationId, todo.map((o) => o.id))))
      : [];
    const carriedBy = new Map<string, typeof carried>();
    for (const c of carried) carriedBy.set(c.organisationId, [...(carriedBy.get(c.organisationId) ?? []), c]);

    let rowsTotal = 0;
    const CHUNK = 500;
    for (let i = 0; i < todo.length; i += CHUNK) {
      const chunk = todo.slice(i, i + CHUNK);
      const inserted = await tx
        .insert(improvementPlans)
        .values(chunk.map((o) => ({ campaignId, organisationId: o.id, territoryId: orgMeta.get(o.id)!.territoryId, resultVersionId: locked.id, year })))
        .returning({ id: improvementPlans.id, organisationId: improvementPlans.organisationId });
      const items: (typeof planItems.$inferInsert)[] = [];
      const links: { fromId: string; index: number }[] = [];
      for (const p of inserted) {
        const meta = orgMeta.get(p.organisationId)!;
        const own = proposals.filter((x) => x.organisationId === null || x.organisationId === p.organisationId);
        const rows = draftRows(meta.type, shortfallInputs(s, p.organisationId), own);
        let position = 0;
        for (const c of carriedBy.get(p.organisationId) ?? []) {
          links.push({ fromId: c.item.id, index: items.length });
          items.push({
            planId: p.id, section: c.item.section, position: ++position, indicator: c.item.indicator, checklist: c.item.checklist, itemId: c.item.itemId,
            source: 'carried', proposalId: c.item.proposalId, shortfall: c.item.shortfall, measure: c.item.measure, plannedKind: c.item.plannedKind,
            plannedDate: c.item.plannedKind === 'permanent' ? null : due(c.item.needsFunding ? 12 : 6), periodicNote: c.item.periodicNote,
            responsibleName: c.item.responsibleName, responsiblePost: c.item.responsiblePost, needsFunding: c.item.needsFunding, carriedFromId: c.item.id,
          });
        }
        for (const r of rows) {
          items.push({
            planId: p.id, section: r.section, position: ++position, indicator: r.indicator, checklist: r.checklist, itemId: r.itemId, source: r.source,
            proposalId: r.proposalId, shortfall: r.shortfall, measure: r.measure, plannedKind: 'date', plannedDate: due(r.months),
            responsibleName: '', responsiblePost: r.responsiblePost, needsFunding: r.needsFunding,
          });
        }
      }
      for (let k = 0; k < items.length; k += 1000) {
        const part = items.slice(k, k + 1000);
        const ids = await tx.insert(planItems).values(part).returning({ id: planItems.id });
        for (const l of links) {
          if (l.index < k || l.index >= k + part.length) continue;
          const newId = ids[l.index - k]!.id;
          await tx.update(planItems).set({ carriedToId: newId, updatedAt: new Date() }).where(eq(planItems.id, l.fromId));
        }
      }
      rowsTotal += items.length;
    }
    const result = { created: todo.length, skipped: s.organisations.length - todo.length, rows: rowsTotal, versionId: locked.id };
    await recordAudit(tx, {
      actor: user, action: 'plans.generate', entity: 'campaign', entityId: campaignId, territoryId: campaign.territoryId,
      after: { ...result, resultVersion: locked.version, proposals: proposals.length },
    });
    return result;
  });
}
