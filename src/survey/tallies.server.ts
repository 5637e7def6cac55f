// Reading the live tallies: sums the shards of survey_tallies, never the responses themselves.
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/index.server';
import { SURVEY_QUESTION_SLOTS, surveyNetworkTallies, surveyTallies } from '../db/schema/survey';
import type { SurveyTally } from '../methodology/inputs';
import { questionnaireFor } from './questionnaire';

export type OrganisationTally = {
  campaignId: string;
  organisationId: string;
  /** Stored and not excluded: counted + quarantined. */
  received: number;
  /** Valid respondents N (counted responses only). */
  valid: number;
  quarantined: number;
  excluded: number;
  replaced: number;
  modes: { online: number; paper: number; interview: number; phone: number };
  /** "Yes" / "no" counts of counted responses per question id (q1…q14). */
  yes: Record<string, number>;
  no: Record<string, number>;
  lastResponseAt: Date | null;
};

const slots = Array.from({ length: SURVEY_QUESTION_SLOTS }, (_, i) => i + 1);
const sum = (col: string) => sql<number>`coalesce(sum(${sql.raw(col)}), 0)::int`;

/**
 * Tallies of a campaign, per organisation (or of one organisation). Organisations without any response
 * are absent; callers treat a missing organisation as all zeros (see emptyTally).
 */
export async function getTallies(
  db: Db | Tx,
  campaignId: string,
  organisationId?: string,
): Promise<OrganisationTally[]> {
  const fields: Record<string, ReturnType<typeof sum> | typeof surveyTallies.organisationId> = {
    organisationId: surveyTallies.organisationId,
  };
  for (const c of ['received', 'valid', 'quarantined', 'excluded', 'replaced', 'online', 'paper', 'interview', 'phone'])
    fields[c] = sum(c);
  for (const s of slots) {
    fields[`q${s}_yes`] = sum(`q${s}_yes`);
    fields[`q${s}_no`] = sum(`q${s}_no`);
  }
  fields.last = sql<string | null>`max(last_response_at)` as unknown as ReturnType<typeof sum>;
  const where = organisationId
    ? and(eq(surveyTallies.campaignId, campaignId), eq(surveyTallies.organisationId, organisationId))
    : eq(surveyTallies.campaignId, campaignId);
  const result = (await db
    .select(fields)
    .from(surveyTallies)
    .where(where)
    .groupBy(surveyTallies.organisationId)) as Record<string, unknown>[];
  return result.map((r) => ({
    campaignId,
    organisationId: r.organisationId as string,
    received: Number(r.received),
    valid: Number(r.valid),
    quarantined: Number(r.quarantined),
    excluded: Number(r.excluded),
    replaced: Number(r.replaced),
    modes: { online: Number(r.online), paper: Number(r.paper), interview: Number(r.interview), phone: Number(r.phone) },
    yes: Object.fromEntries(slots.map((s) => [`q${s}`, Number(r[`q${s}_yes`])])),
    no: Object.fromEntries(slots.map((s) => [`q${s}`, Number(r[`q${s}_no`])])),
    lastResponseAt: r.last ? new Date(r.last as string) : null,
  }));
}

export function emptyTally(campaignId: string, organisationId: string): OrganisationTally {
  return {
    campaignId,
    organisationId,
    received: 0,
    valid: 0,
    quarantined: 0,
    excluded: 0,
    replaced: 0,
    modes: { online: 0, paper: 0, interview: 0, phone: 0 },
    yes: Object.fromEntries(slots.map((s) => [`q${s}`, 0])),
    no: Object.fromEntries(slots.map((s) => [`q${s}`, 0])),
    lastResponseAt: null,
  };
}

/**
 * The scoring engine's survey input (methodology SurveyTally): N and the "yes" count per question id of
 * the version. A filter question's "yes" count is the denominator of the questions it gates.
 */
export function toSurveyTally(t: OrganisationTally, methodologyId: string): SurveyTally {
  const q = questionnaireFor(methodologyId);
  return { valid: t.valid, yes: Object.fromEntries(q.questions.map((x) => [x.id, t.yes[`q${x.slot}`] ?? 0])) };
}

/** Largest share of an organisation's responses that came from one network (hashed), for the integrity panel. */
export async function topNetworkShares(
  db: Db,
  campaignId: string,
): Promise<Map<string, { top: number; total: number }>> {
  const rows = await db
    .select({
      organisationId: surveyNetworkTallies.organisationId,
      top: sql<number>`max(${surveyNetworkTallies.responses})::int`,
      total: sql<number>`sum(${surveyNetworkTallies.responses})::int`,
    })
    .from(surveyNetworkTallies)
    .where(eq(surveyNetworkTallies.campaignId, campaignId))
    .groupBy(surveyNetworkTallies.organisationId);
  return new Map(rows.map((r) => [r.organisationId, { top: Number(r.top), total: Number(r.total) }]));
}
