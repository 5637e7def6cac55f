// Results of the permanent questionnaire: per organisation and month for staff, and the last twelve
// months above the territory's minimum sample for the public. Read from survey_responses under the
// territory's stream id; counted answers only (quarantined ones wait, as in a campaign).
import { sql } from 'drizzle-orm';
import type { Db } from '../db/index.server';
import { permanentQuestionnaire } from './questionnaire.server';

export type MonthRow = {
  organisationId: string;
  month: string; // yyyy-mm (Moscow time)
  valid: number;
  quarantined: number;
  /** Per question, in questionnaire order: yes and no counts among counted answers. */
  yes: number[];
  no: number[];
};

function rowsOf<T>(r: unknown): T[] {
  return ((r as { rows?: T[] }).rows ?? (r as T[])) as T[];
}

const slots = Array.from({ length: 14 }, (_, i) => i + 1);
const aggregates = sql.raw(
  slots
    .map(
      (s) =>
        `count(*) filter (where status = 'counted' and q${s} = 1)::int as y${s}, count(*) filter (where status = 'counted' and q${s} = 0)::int as n${s}`,
    )
    .join(', '),
);

export async function monthlyResults(db: Db, streamId: string, organisationId?: string): Promise<MonthRow[]> {
  const res = await db.execute(sql`
    select organisation_id, to_char(submitted_at at time zone 'Europe/Moscow', 'YYYY-MM') as month,
      count(*) filter (where status = 'counted')::int as valid, count(*) filter (where status = 'quarantined')::int as quarantined, ${aggregates}
    from survey_responses
    where campaign_id = ${streamId}::uuid ${organisationId ? sql`and organisation_id = ${organisationId}::uuid` : sql``} and status <> 'excluded'
    group by 1, 2 order by 2 desc, 1`);
  return rowsOf<Record<string, unknown>>(res).map((r) => ({
    organisationId: String(r.organisation_id),
    month: String(r.month),
    valid: Number(r.valid),
    quarantined: Number(r.quarantined),
    yes: slots.map((s) => Number(r[`y${s}`])),
    no: slots.map((s) => Number(r[`n${s}`])),
  }));
}

export type PublicSummary =
  | { shown: false; valid: number; minSample: number }
  | {
      shown: true;
      valid: number;
      minSample: number;
      from: string;
      to: string;
      questions: { number: number; text: string; yes: number; answered: number; share: number }[];
    };

/** The last 12 months (this month included) for one organisation; only from `minSample` valid answers. */
export async function publicSummary(
  db: Db,
  link: { streamId: string; organisationId: string; minSample: number; methodologyId: string },
  today: string,
): Promise<PublicSummary> {
  const from = `${Number(today.slice(0, 4)) - 1}-${today.slice(5, 7)}`;
  const months = (await monthlyResults(db, link.streamId, link.organisationId)).filter((m) => m.month > from);
  const valid = months.reduce((a, m) => a + m.valid, 0);
  if (valid < link.minSample) return { shown: false, valid, minSample: link.minSample };
  const q = permanentQuestionnaire(link.methodologyId);
  const questions = q.questions.map((question) => {
    const yes = months.reduce((a, m) => a + (m.yes[question.slot - 1] ?? 0), 0);
    const no = months.reduce((a, m) => a + (m.no[question.slot - 1] ?? 0), 0);
    return {
      number: question.number,
      text: question.text,
      yes,
      answered: yes + no,
      share: yes + no > 0 ? yes / (yes + no) : 0,
    };
  });
  return {
    shown: true,
    valid,
    minSample: link.minSample,
    from: months.at(-1)?.month ?? from,
    to: months[0]?.month ?? today.slice(0, 7),
    questions,
  };
}
