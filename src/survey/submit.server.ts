// Storing a response and its tallies atomically. A first submission is ONE statement (data-modifying
// CTEs: burn the access code, insert the response, upsert the tally shard, count the network, queue the
// suggestion), so it is atomic without an explicit transaction and costs one round trip. A repeated
// submission from the same browser runs a short transaction that updates the row in place and applies
// the difference to the tallies.
import { randomInt } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/index.server';
import { executePrepared, preparedStatement, sqlState } from '../db/prepared.server';
import type { ResponseMode, ResponseStatus } from '../db/schema/survey';
import { SURVEY_QUESTION_SLOTS } from '../db/schema/survey';
import { keyedHash, normaliseAccessCode, sha256 } from './codes.server';
import type { ParsedAnswers, Answer } from './validate';

/** Tally rows per organisation; submissions pick one at random so concurrent writers rarely share a row lock. */
export const TALLY_SHARDS = 8;

export class SurveyError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 410 | 413 | 429,
    readonly messages: string[],
  ) {
    super(messages.join(' '));
    this.name = 'SurveyError';
  }
}

export type SubmissionTarget = { campaignId: string; organisationId: string; closed: boolean; secret: string };

export type NewResponse = {
  mode: ResponseMode;
  parsed: ParsedAnswers;
  flags: string[];
  /** Random cookie value of the browser (online), null for staff-entered questionnaires. */
  browserToken: string | null;
  /** True when the browser presented this token (it may have answered before); false for a token just issued. */
  returningBrowser?: boolean;
  networkHash: string | null;
  fillSeconds: number | null;
  /** Closed mode: the one-time code the respondent typed. */
  accessCode: string | null;
  enteredBy: string | null;
  today: string;
};

export type SubmitResult = { responseId: number; status: ResponseStatus; replaced: boolean };

type Contribution = {
  received: number;
  valid: number;
  quarantined: number;
  excluded: number;
  replaced: number;
  modes: Record<ResponseMode, number>;
  yes: number[];
  no: number[];
};

const slots = Array.from({ length: SURVEY_QUESTION_SLOTS }, (_, i) => i + 1);

/** What one response adds to the tallies in a given status. */
export function contribution(status: ResponseStatus, mode: ResponseMode, answers: readonly Answer[]): Contribution {
  const counted = status === 'counted';
  return {
    received: status === 'excluded' ? 0 : 1,
    valid: counted ? 1 : 0,
    quarantined: status === 'quarantined' ? 1 : 0,
    excluded: status === 'excluded' ? 1 : 0,
    replaced: 0,
    modes: { online: 0, paper: 0, interview: 0, phone: 0, [mode]: status === 'excluded' ? 0 : 1 },
    yes: slots.map((s) => (counted && answers[s - 1] === 1 ? 1 : 0)),
    no: slots.map((s) => (counted && answers[s - 1] === 0 ? 1 : 0)),
  };
}

export function difference(a: Contribution, b: Contribution): Contribution {
  return {
    received: a.received - b.received,
    valid: a.valid - b.valid,
    quarantined: a.quarantined - b.quarantined,
    excluded: a.excluded - b.excluded,
    replaced: a.replaced - b.replaced,
    modes: {
      online: a.modes.online - b.modes.online,
      paper: a.modes.paper - b.modes.paper,
      interview: a.modes.interview - b.modes.interview,
      phone: a.modes.phone - b.modes.phone,
    },
    yes: a.yes.map((v, i) => v - (b.yes[i] ?? 0)),
    no: a.no.map((v, i) => v - (b.no[i] ?? 0)),
  };
}

const TALLY_COLUMNS = [
  'received',
  'valid',
  'quarantined',
  'excluded',
  'replaced',
  'online',
  'paper',
  'interview',
  'phone',
  ...slots.flatMap((s) => [`q${s}_yes`, `q${s}_no`]),
];

const TALLY_UPDATES =
  TALLY_COLUMNS.map((c) => `${c} = survey_tallies.${c} + excluded.${c}`).join(', ') +
  ', last_response_at = greatest(survey_tallies.last_response_at, excluded.last_response_at)';

function tallyValues(d: Contribution): number[] {
  return [
    d.received,
    d.valid,
    d.quarantined,
    d.excluded,
    d.replaced,
    d.modes.online,
    d.modes.paper,
    d.modes.interview,
    d.modes.phone,
    ...slots.flatMap((s) => [d.yes[s - 1] ?? 0, d.no[s - 1] ?? 0]),
  ];
}

/**
 * The tally upsert as SQL: `insert … select <values> from <source> on conflict do update set col = col + excluded.col`.
 * `source` is a CTE name (the row exists only if the response was stored) or null for a plain VALUES row.
 */
export function tallyUpsert(
  campaignId: string,
  organisationId: string,
  d: Contribution,
  lastAt: SQL | null,
  source: string | null,
): SQL {
  const shard = randomInt(TALLY_SHARDS);
  const cols = sql.raw(TALLY_COLUMNS.join(', '));
  const values = sql.join(
    tallyValues(d).map((v) => sql`${v}::int`),
    sql`, `,
  );
  const updates = sql.raw(TALLY_UPDATES);
  const from = source ? sql.raw(` from ${source}`) : sql``;
  return sql`insert into survey_tallies (campaign_id, organisation_id, shard, ${cols}, last_response_at)
    select ${campaignId}::uuid, ${organisationId}::uuid, ${shard}::smallint, ${values}, ${lastAt ?? sql`null::timestamptz`}${from}
    on conflict (campaign_id, organisation_id, shard) do update set ${updates}`;
}

const answerCols = sql.raw(slots.map((s) => `q${s}`).join(', '));

function rows<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}

function statusFor(flags: readonly string[]): ResponseStatus {
  return flags.length > 0 ? 'quarantined' : 'counted';
}

/**
 * Stores one questionnaire. Throws SurveyError(403) for a wrong or used access code (nothing stored).
 * With a browser token seen before, replaces that browser's earlier response.
 */
export async function submitResponse(db: Db, target: SubmissionTarget, r: NewResponse): Promise<SubmitResult> {
  if (target.closed && !r.accessCode) throw new SurveyError(403, ['Введите код доступа с листка, который вам выдали.']);
  const browserKey = r.browserToken ? sha256(r.browserToken) : null;
  const accessHash =
    target.closed && r.accessCode ? keyedHash(target.secret, 'access', normaliseAccessCode(r.accessCode)) : null;

  if (browserKey && r.returningBrowser) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await db.transaction(async (tx) => {
          const existing = rows<
            { id: number; status: ResponseStatus; mode: ResponseMode } & Record<string, number | null>
          >(
            await tx.execute(sql`select id, status, mode, ${answerCols} from survey_responses
              where campaign_id = ${target.campaignId} and organisation_id = ${target.organisationId} and browser_key = ${browserKey}
              for update`),
          )[0];
          if (!existing) return insertResponse(tx, target, r, browserKey, accessHash);
          return replaceResponse(tx, target, r, existing, accessHash);
        });
      } catch (err) {
        // Two first submissions from one browser at once (double tap): the loser retries as a replacement.
        if (attempt === 0 && isUniqueViolation(err)) continue;
        throw err;
      }
    }
  }
  // A first visit (token just issued) or staff entry: one statement, no transaction round trips.
  return insertResponse(db, target, r, browserKey, accessHash);
}

function isUniqueViolation(err: unknown): boolean {
  return sqlState(err) === '23505';
}

// The first-submission statement, built once: the access-code burn, the network count and the suggestion
// are switched on by their parameters being non-null, so one text (and one server-side prepared statement
// per connection) serves every variant. Every data-modifying CTE runs exactly once; the tally, network and
// suggestion rows select `from r`, so they exist only if the response was stored.
const RESPONSE_PARAMS = 30; // $1 … $30 below; the tally contribution follows as $31 …
const INSERT_RESPONSE = preparedStatement(
  'survey_insert_response_v1',
  `with burn as (update survey_access_codes set used = true
      where $27::text is not null and code_hash = $27::text and campaign_id = $1::uuid and organisation_id = $2::uuid and not used
      returning 1),
    r as (insert into survey_responses (campaign_id, organisation_id, mode, status, flags, browser_key, network_hash, fill_seconds,
            ${slots.map((s) => `q${s}`).join(', ')}, respondent, sex, age, entered_by)
          select $1::uuid, $2::uuid, $3::text, $4::text, $5::text[], $6::text, $7::text, $8::int,
            ${slots.map((s) => `$${8 + s}::smallint`).join(', ')}, $23::text, $24::text, $25::text, $26::uuid
          where $27::text is null or exists (select 1 from burn)
          returning id, submitted_at),
    t as (insert into survey_tallies (campaign_id, organisation_id, shard, ${TALLY_COLUMNS.join(', ')}, last_response_at)
          select $1::uuid, $2::uuid, $28::smallint, ${TALLY_COLUMNS.map((_, i) => `$${RESPONSE_PARAMS + 1 + i}::int`).join(', ')}, submitted_at from r
          on conflict (campaign_id, organisation_id, shard) do update set ${TALLY_UPDATES}),
    n as (insert into survey_network_tallies (campaign_id, organisation_id, network_hash, responses)
          select $1::uuid, $2::uuid, $7::text, 1 from r where $7::text is not null
          on conflict (campaign_id, organisation_id, network_hash) do update set responses = survey_network_tallies.responses + 1),
    s as (insert into survey_suggestions (campaign_id, organisation_id, text, received_on)
          select $1::uuid, $2::uuid, $29::text, $30::text from r where $29::text is not null)
  select id from r`,
);

async function insertResponse(
  tx: Tx,
  target: SubmissionTarget,
  r: NewResponse,
  browserKey: string | null,
  accessHash: string | null,
): Promise<SubmitResult> {
  const status = statusFor(r.flags);
  const p = r.parsed.profile;
  const params: unknown[] = [
    target.campaignId,
    target.organisationId,
    r.mode,
    status,
    `{${r.flags.join(',')}}`,
    browserKey,
    r.networkHash,
    r.fillSeconds,
    ...slots.map((s) => r.parsed.answers[s - 1] ?? null),
    p.respondent,
    p.sex,
    p.age,
    r.enteredBy,
    accessHash,
    randomInt(TALLY_SHARDS),
    r.parsed.suggestion,
    r.today,
    ...tallyValues(contribution(status, r.mode, r.parsed.answers)),
  ];
  const [row] = await executePrepared<{ id: number | string }>(tx, INSERT_RESPONSE, params);
  if (!row) throw new SurveyError(403, ['Код доступа неверен или уже использован. Каждый код действует один раз.']);
  return { responseId: Number(row.id), status, replaced: false };
}

async function replaceResponse(
  tx: Tx,
  target: SubmissionTarget,
  r: NewResponse,
  old: { id: number; status: ResponseStatus; mode: ResponseMode } & Record<string, number | null>,
  accessHash: string | null,
): Promise<SubmitResult> {
  const { campaignId, organisationId } = target;
  if (accessHash) {
    const burned = rows(
      await tx.execute(sql`update survey_access_codes set used = true
      where code_hash = ${accessHash} and campaign_id = ${campaignId} and organisation_id = ${organisationId} and not used returning 1`),
    );
    if (burned.length === 0)
      throw new SurveyError(403, ['Код доступа неверен или уже использован. Каждый код действует один раз.']);
  }
  // An excluded response stays excluded: resubmitting must not be a way around the council's decision.
  // A quarantined one stays quarantined until the council looks at it.
  const status: ResponseStatus =
    old.status === 'excluded' ? 'excluded' : old.status === 'quarantined' ? 'quarantined' : statusFor(r.flags);
  const oldAnswers = slots.map((s) => (old[`q${s}`] ?? null) as Answer);
  const delta = difference(
    contribution(status, r.mode, r.parsed.answers),
    contribution(old.status, old.mode, oldAnswers),
  );
  delta.replaced = 1;
  const p = r.parsed.profile;
  const sets = sql.join(
    slots.map((s) => sql`${sql.raw(`q${s}`)} = ${r.parsed.answers[s - 1] ?? null}::smallint`),
    sql`, `,
  );
  const flags = sql`${`{${r.flags.join(',')}}`}::text[]`;
  await tx.execute(sql`update survey_responses set ${sets},
      respondent = ${p.respondent}, sex = ${p.sex}, age = ${p.age}, status = ${status}, mode = ${r.mode},
      flags = ${flags}, network_hash = ${r.networkHash}, fill_seconds = ${r.fillSeconds}::int,
      revision = revision + 1, submitted_at = now()
    where id = ${old.id}`);
  await tx.execute(tallyUpsert(campaignId, organisationId, delta, sql`now()`, null));
  if (r.parsed.suggestion) {
    await tx.execute(sql`insert into survey_suggestions (campaign_id, organisation_id, text, received_on)
      values (${campaignId}::uuid, ${organisationId}::uuid, ${r.parsed.suggestion}, ${r.today})`);
  }
  return { responseId: Number(old.id), status, replaced: true };
}
