// What the scoring engine needs from the checklists: per list the "yes" count and the norm (items that
// apply, i.e. not answered "not applicable"). Unanswered items stay in the norm and do not count as found:
// an item nobody confirmed is not there. `unanswered` lets callers warn before scoring.
import { and, count, eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/index.server';
import { checklistAnswers } from '../db/schema/checklists';
import { campaignOrganisations, campaigns, organisations } from '../db/schema/registry';
import { getMethodology } from '../methodology/registry';
import type { OrgType } from '../methodology/types';
import { CHECKLIST_KEYS, checklistDefinitions, type ChecklistDefinition, type ChecklistKey } from './definitions';
import { isUuid } from '../lib/ids';

export type ChecklistCount = {
  checklist: ChecklistKey;
  indicator: string;
  /** Items in the list for this organisation type. */
  items: number;
  yes: number;
  no: number;
  notApplicable: number;
  unanswered: number;
  /** Items that apply: items − notApplicable. The denominator of 1.1; informative for the others. */
  norm: number;
};

export type ChecklistCounts = {
  campaignId: string;
  organisationId: string;
  methodologyId: string;
  organisationType: OrgType;
  byChecklist: Record<ChecklistKey, ChecklistCount>;
  /** Exactly the checklist part of the engine's RawInputs (src/methodology/inputs.ts). */
  rawInputs: {
    information: { stand: { found: number; norm: number }; site: { found: number; norm: number } };
    checklists: Record<string, number>;
  };
  /** Every item of every list has an answer. */
  complete: boolean;
};

type AnswerTally = { checklist: string; itemId: string; answer: string | null };

/** Pure: counts from the definitions and the stored answers (items not in the definition are ignored). */
export function countAnswers(
  head: Omit<ChecklistCounts, 'byChecklist' | 'rawInputs' | 'complete'>,
  definitions: readonly ChecklistDefinition[],
  answers: readonly AnswerTally[],
): ChecklistCounts {
  const byKey = new Map<string, Map<string, string | null>>();
  for (const a of answers) {
    const m = byKey.get(a.checklist) ?? new Map<string, string | null>();
    m.set(a.itemId, a.answer);
    byKey.set(a.checklist, m);
  }
  const byChecklist = {} as Record<ChecklistKey, ChecklistCount>;
  for (const key of CHECKLIST_KEYS) {
    const def = definitions.find((d) => d.key === key);
    const given = byKey.get(key);
    const c: ChecklistCount = {
      checklist: key,
      indicator: def?.indicator ?? key.slice(0, 3),
      items: def?.items.length ?? 0,
      yes: 0,
      no: 0,
      notApplicable: 0,
      unanswered: 0,
      norm: 0,
    };
    for (const item of def?.items ?? []) {
      const a = given?.get(item.id) ?? null;
      if (a === 'yes') c.yes++;
      else if (a === 'no') c.no++;
      else if (a === 'na') c.notApplicable++;
      else c.unanswered++;
    }
    c.norm = c.items - c.notApplicable;
    byChecklist[key] = c;
  }
  const checklists: Record<string, number> = {};
  for (const key of ['1.2', '2.1', '3.1', '3.2'] as const) checklists[key] = byChecklist[key].yes;
  return {
    ...head,
    byChecklist,
    rawInputs: {
      information: {
        stand: { found: byChecklist['1.1-stand'].yes, norm: byChecklist['1.1-stand'].norm },
        site: { found: byChecklist['1.1-site'].yes, norm: byChecklist['1.1-site'].norm },
      },
      checklists,
    },
    complete: CHECKLIST_KEYS.every((k) => byChecklist[k].unanswered === 0),
  };
}

/** Counts for one organisation of a campaign; null when the campaign does not include it. */
export async function getChecklistCounts(
  db: Tx,
  campaignId: string,
  organisationId: string,
): Promise<ChecklistCounts | null> {
  const all = await countsFor(db, campaignId, organisationId);
  return all.get(organisationId) ?? null;
}

/** Counts for every organisation of a campaign in two queries: for recomputing a whole campaign. */
export async function getCampaignChecklistCounts(db: Tx, campaignId: string): Promise<Map<string, ChecklistCounts>> {
  return countsFor(db, campaignId);
}

async function countsFor(db: Tx, campaignId: string, organisationId?: string): Promise<Map<string, ChecklistCounts>> {
  const out = new Map<string, ChecklistCounts>();
  if (!isUuid(campaignId) || (organisationId !== undefined && !isUuid(organisationId))) return out;
  const orgWhere = [eq(campaignOrganisations.campaignId, campaignId)];
  if (organisationId) orgWhere.push(eq(campaignOrganisations.organisationId, organisationId));
  const orgs = await db
    .select({ id: organisations.id, type: organisations.type, methodologyId: campaigns.methodologyId })
    .from(campaignOrganisations)
    .innerJoin(organisations, eq(organisations.id, campaignOrganisations.organisationId))
    .innerJoin(campaigns, eq(campaigns.id, campaignOrganisations.campaignId))
    .where(and(...orgWhere));
  if (!orgs.length) return out;
  const methodology = getMethodology(orgs[0]!.methodologyId);
  if (!methodology) throw new Error(`Неизвестная версия методики: ${orgs[0]!.methodologyId}`);

  const ansWhere = [eq(checklistAnswers.campaignId, campaignId), sql`${checklistAnswers.answer} is not null`];
  if (organisationId) ansWhere.push(eq(checklistAnswers.organisationId, organisationId));
  const rows = await db
    .select({
      organisationId: checklistAnswers.organisationId,
      checklist: checklistAnswers.checklist,
      itemId: checklistAnswers.itemId,
      answer: checklistAnswers.answer,
    })
    .from(checklistAnswers)
    .where(and(...ansWhere));
  const perOrg = new Map<string, AnswerTally[]>();
  for (const r of rows) {
    const list = perOrg.get(r.organisationId) ?? [];
    list.push(r);
    perOrg.set(r.organisationId, list);
  }
  const defsByType = new Map<OrgType, ChecklistDefinition[]>();
  for (const o of orgs) {
    let defs = defsByType.get(o.type);
    if (!defs) defsByType.set(o.type, (defs = checklistDefinitions(methodology, o.type)));
    out.set(
      o.id,
      countAnswers(
        { campaignId, organisationId: o.id, methodologyId: methodology.id, organisationType: o.type },
        defs,
        perOrg.get(o.id) ?? [],
      ),
    );
  }
  return out;
}

/** Number of answered items per organisation and list, for progress displays. */
export async function answeredPerChecklist(
  db: Tx,
  campaignId: string,
  organisationId: string,
): Promise<Map<string, number>> {
  const rows = await db
    .select({ checklist: checklistAnswers.checklist, n: count() })
    .from(checklistAnswers)
    .where(
      and(
        eq(checklistAnswers.campaignId, campaignId),
        eq(checklistAnswers.organisationId, organisationId),
        sql`${checklistAnswers.answer} is not null`,
      ),
    )
    .groupBy(checklistAnswers.checklist);
  return new Map(rows.map((r) => [r.checklist, Number(r.n)]));
}
