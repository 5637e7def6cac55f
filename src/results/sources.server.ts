// Adapters to the rooms that own the inputs: checklists (expert answers + evidence), survey (live tallies)
// and the registry. Everything the results room reads from another room goes through this file, so a change
// on their side is a one-line fix here.
//
// Checklist counts are read in ONE grouped query for the whole campaign (a per-organisation call would be
// 3,000 round trips for a region and blow the 2 s recompute budget); the semantics follow the checklists
// room's table: an item counts when answered «yes»; «not applicable» items leave the 1.1 norm; a 1.1
// channel whose items are all «not applicable» has norm 0 (an organisation without stands).
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../db/index.server';
import { checklistAnswers, checklistPhotos } from '../db/schema/checklists';
import { campaignOrganisations, organisations, territories } from '../db/schema/registry';
import type { SurveyTally } from '../methodology/inputs';
import type { InfoChannel, MethodologyVersion, OrgType } from '../methodology/types';
import { getTallies, toSurveyTally } from '../survey/tallies.server';

export type OrganisationMeta = {
  id: string;
  shortName: string;
  fullName: string;
  type: OrgType;
  territoryId: string;
  territoryName: string;
  recipients: number | null;
  /** ИНН, carried into the snapshot so every export names the organisation unambiguously. */
  inn?: string | null;
};

/** The campaign's list (campaign_organisations) with names and municipalities. */
export async function campaignOrganisationsMeta(db: Tx, campaignId: string): Promise<OrganisationMeta[]> {
  const rows = await db
    .select({
      id: organisations.id,
      shortName: organisations.shortName,
      fullName: organisations.fullName,
      type: organisations.type,
      territoryId: organisations.territoryId,
      territoryName: territories.name,
      recipients: organisations.recipients,
      inn: organisations.inn,
    })
    .from(campaignOrganisations)
    .innerJoin(organisations, eq(organisations.id, campaignOrganisations.organisationId))
    .innerJoin(territories, eq(territories.id, organisations.territoryId))
    .where(eq(campaignOrganisations.campaignId, campaignId))
    .orderBy(asc(organisations.shortName));
  return rows;
}

/** Checklist key in the checklists room for the 1.1 list of a channel. */
export const infoChecklistKey = (channel: InfoChannel) => `1.1-${channel}`;

export type ChecklistState = {
  /** Item ids answered «yes», per checklist key (1.1-stand, 1.1-site, 1.2, 2.1, 3.1, 3.2). */
  yes: Map<string, string[]>;
  /** Item ids answered «not applicable», per checklist key. */
  na: Map<string, string[]>;
  /** Checklist keys with at least one answered item (yes, no or n/a): the others were never filled in. */
  answered: Set<string>;
};

/**
 * «yes» and «not applicable» item ids of every organisation of a campaign, from one query aggregated in
 * the database: one row per organisation (3,000 rows, not ~200k answers), entries «checklist<TAB>item»
 * separated by newlines (checklist keys and item ids never contain either). Grouping only by organisation
 * keeps the hash table small; the raised work_mem (this query's transaction only) keeps it in memory
 * instead of an external sort (measured: about half the time on PGlite).
 */
export async function checklistStates(db: Tx, campaignId: string): Promise<Map<string, ChecklistState>> {
  const entry = sql`${checklistAnswers.checklist} || E'\t' || ${checklistAnswers.itemId}`;
  const rows = await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('work_mem', '64MB', true)`);
    return tx
      .select({
        org: checklistAnswers.organisationId,
        yes: sql<string | null>`string_agg(${entry}, E'\n') filter (where ${checklistAnswers.answer} = 'yes')`,
        na: sql<string | null>`string_agg(${entry}, E'\n') filter (where ${checklistAnswers.answer} = 'na')`,
        answered: sql<string | null>`string_agg(distinct ${checklistAnswers.checklist}, E'\n')`,
      })
      .from(checklistAnswers)
      .where(and(eq(checklistAnswers.campaignId, campaignId), inArray(checklistAnswers.answer, ['yes', 'no', 'na'])))
      .groupBy(checklistAnswers.organisationId);
  });
  const out = new Map<string, ChecklistState>();
  const add = (to: Map<string, string[]>, list: string) => {
    for (const e of list.split('\n')) {
      const tab = e.indexOf('\t');
      const key = e.slice(0, tab);
      const ids = to.get(key);
      if (ids) ids.push(e.slice(tab + 1));
      else to.set(key, [e.slice(tab + 1)]);
    }
  };
  for (const r of rows) {
    const s: ChecklistState = {
      yes: new Map(),
      na: new Map(),
      answered: new Set(r.answered ? r.answered.split('\n') : []),
    };
    if (r.yes) add(s.yes, r.yes);
    if (r.na) add(s.na, r.na);
    out.set(r.org, s);
  }
  return out;
}

// Item id sets per methodology list, built once (3,000 organisations × 6 lists otherwise).
const idSets = new WeakMap<readonly { id: string }[], Set<string>>();
function idSet(list: readonly { id: string }[]): Set<string> {
  let set = idSets.get(list);
  if (!set) idSets.set(list, (set = new Set(list.map((i) => i.id))));
  return set;
}

/** The engine's 1.1 counts for one channel: found = «yes» items of the type's list, norm = list minus «n/a». */
export function informationCount(
  m: MethodologyVersion,
  type: OrgType,
  channel: InfoChannel,
  state: ChecklistState | undefined,
) {
  const list = m.informationItems.lists[type]?.[channel] ?? [];
  const ids = idSet(list);
  const key = infoChecklistKey(channel);
  const na = (state?.na.get(key) ?? []).filter((id) => ids.has(id)).length;
  const found = (state?.yes.get(key) ?? []).filter((id) => ids.has(id)).length;
  return { found, norm: list.length - na };
}

/** Items present per engine checklist id (1.2, 2.1, 3.1, 3.2), ignoring ids the methodology does not list. */
export function checklistCounts(m: MethodologyVersion, state: ChecklistState | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of m.checklists) {
    const ids = idSet(c.items);
    out[c.id] = (state?.yes.get(c.id) ?? []).filter((id) => ids.has(id)).length;
  }
  return out;
}

/**
 * The RawInputs `noData` keys of an organisation: every checklist nobody has answered a single item of.
 * An unanswered checklist is not a checklist answered «no» (decision 0055).
 */
export function unfilledSources(m: MethodologyVersion, state: ChecklistState | undefined): string[] {
  const out: string[] = [];
  for (const channel of ['stand', 'site'] as const)
    if (!state?.answered.has(infoChecklistKey(channel))) out.push(`information.${channel}`);
  for (const c of m.checklists) if (!state?.answered.has(c.id)) out.push(`checklists.${c.id}`);
  return out;
}

/** Live survey tallies of a campaign as engine input, per organisation (absent = no responses). */
export async function surveyTallies(
  db: Tx,
  campaignId: string,
  methodologyId: string,
): Promise<Map<string, SurveyTally>> {
  const tallies = await getTallies(db, campaignId);
  return new Map(tallies.map((t) => [t.organisationId, toSurveyTally(t, methodologyId)]));
}

export type EvidenceRecord = {
  checklist: string;
  itemId: string;
  answer: 'yes' | 'no' | 'na' | null;
  note: string | null;
  link: string | null;
  recordedByName: string | null;
  recordedAt: Date;
  photos: { id: number; sha256: string; mediaType: string }[];
};

/** Every checklist answer of one organisation with its evidence (for "explain this score"). */
export async function checklistEvidence(db: Tx, campaignId: string, organisationId: string): Promise<EvidenceRecord[]> {
  const rows = await db
    .select({
      id: checklistAnswers.id,
      checklist: checklistAnswers.checklist,
      itemId: checklistAnswers.itemId,
      answer: checklistAnswers.answer,
      note: checklistAnswers.note,
      link: checklistAnswers.link,
      recordedByName: checklistAnswers.recordedByName,
      recordedAt: checklistAnswers.recordedAt,
    })
    .from(checklistAnswers)
    .where(and(eq(checklistAnswers.campaignId, campaignId), eq(checklistAnswers.organisationId, organisationId)));
  const photos = rows.length
    ? await db
        .select({
          answerId: checklistPhotos.answerId,
          id: checklistPhotos.id,
          sha256: checklistPhotos.sha256,
          mediaType: checklistPhotos.mediaType,
        })
        .from(checklistPhotos)
        .where(
          inArray(
            checklistPhotos.answerId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(checklistPhotos.id))
    : [];
  return rows.map(({ id, ...r }) => ({
    ...r,
    photos: photos.filter((p) => p.answerId === id).map(({ answerId: _a, ...p }) => p),
  }));
}
