// Reviews and public replies: intake (validation, screening, blocks, duplicates — one statement), moderation
// with published reasons and the 30-day block, replies and their deadlines, and the public read models.
// Nothing is deleted: a rejected or hidden text stays with its reason.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import { recordAudit, type Actor } from '../db/audit.server';
import type { Db } from '../db/index.server';
import { executePrepared, preparedStatement } from '../db/prepared.server';
import { organisations } from '../db/schema/registry';
import {
  voiceBlocks,
  voiceConsents,
  voiceReplies,
  voiceSettings,
  voiceReviews,
  reviewSubjects,
  type ReviewStatus,
  type ReviewSubject,
} from '../db/schema/voice';
import { daysBetween, parseIso, toIso, todayIso } from '../campaigns/dates';
import { elapsedSinceRender, keyedHash, signRenderTime } from '../survey/codes.server';
import { SurveyError } from '../survey/submit.server';
import type { FieldSource } from '../survey/validate';
import {
  ABUSE_REASONS,
  ABUSE_REJECTIONS_TO_BLOCK,
  BLOCK_DAYS,
  CONSENT_VERSION,
  consentText,
  MAX_NAME_CHARS,
  MAX_REPLY_CHARS,
  MAX_REVIEW_CHARS,
  MIN_REVIEW_CHARS,
  ratingCriteria,
  reasonCodes,
  type RatingKey,
} from './labels';
import { fingerprint, screenText } from './screening';
import type { VoiceLink } from './settings.server';
import { ruDate } from '../lib/ru';

export class VoiceError extends SurveyError {}

/** Who operates the site and receives the consent: the territory's authority. */
export const consentOperator = (link: Pick<VoiceLink, 'territoryName'>) =>
  `органу управления образованием (${link.territoryName})`;
export const consentHash = (text: string) => createHash('sha256').update(text).digest('hex');

/** Signed into the form next to the consent: a consent not given on this form for this text is refused. */
export function consentToken(link: Pick<VoiceLink, 'secret' | 'code'>, at: number): string {
  return signRenderTime(link.secret, `consent:${CONSENT_VERSION}:${link.code}`, at);
}

const CONSENT_TOKEN_MAX_AGE_MS = 24 * 3_600_000;

export type ReviewInput = {
  subject: ReviewSubject;
  text: string;
  ratings: Partial<Record<RatingKey, number>>;
  displayName: string | null;
};

function str(f: FieldSource, name: string): string | null {
  const v = f.get(name);
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : '\u0000';
}

function cleanText(raw: string): string {
  return raw.replace(/\r\n?/g, '\n').trim();
}

/** Validates a posted review form. Errors are Russian sentences; nothing is stored on any of them. */
export function parseReview(
  link: VoiceLink,
  f: FieldSource,
  now = Date.now(),
): { ok: true; value: ReviewInput } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const rawText = str(f, 'text') ?? '';
  if (rawText.includes('\u0000'))
    errors.push(
      'В тексте есть недопустимый (нулевой) символ. Перепечатайте текст без него — возможно, он попал при копировании.',
    );
  const text = cleanText(rawText.replaceAll('\u0000', ''));
  if (!rawText.includes('\u0000')) {
    if (text.length < MIN_REVIEW_CHARS) errors.push(`Напишите отзыв: не меньше ${MIN_REVIEW_CHARS} знаков.`);
    else if (text.length > MAX_REVIEW_CHARS)
      errors.push(`Отзыв не длиннее ${MAX_REVIEW_CHARS} знаков (сейчас ${text.length}). Сократите его.`);
  }
  const subjectRaw = str(f, 'subject') || 'organisation';
  const subject = (reviewSubjects as readonly string[]).includes(subjectRaw) ? (subjectRaw as ReviewSubject) : null;
  if (!subject) errors.push('Выберите, о чём отзыв.');
  const ratings: ReviewInput['ratings'] = {};
  for (const c of ratingCriteria) {
    const v = str(f, c.key);
    if (v === null || v === '') continue;
    if (/^[1-5]$/.test(v)) ratings[c.key] = Number(v);
    else errors.push(`«${c.label}»: оценка — от 1 до 5 или без оценки.`);
  }
  const nameRaw = str(f, 'name');
  const name = nameRaw === null ? '' : cleanText(nameRaw);
  const consent = str(f, 'consent');
  let displayName: string | null = null;
  if (name.includes('\u0000')) errors.push('В имени есть недопустимый (нулевой) символ.');
  else if (name !== '' || consent !== null) {
    if (consent !== 'yes')
      errors.push(
        'Имя показывается только с отдельным согласием на его распространение. Отметьте согласие или оставьте поле имени пустым — тогда отзыв будет анонимным.',
      );
    else if (name === '')
      errors.push('Вы дали согласие на публикацию имени, но не указали имя. Укажите его или снимите отметку согласия.');
    else if (name.length > MAX_NAME_CHARS) errors.push(`Имя не длиннее ${MAX_NAME_CHARS} знаков.`);
    else if (screenText(name).flags.length > 0 || /[<>]/.test(name))
      errors.push('В поле имени — только имя: без телефонов, адресов, ссылок и разметки.');
    else {
      const version = str(f, 'consent_version');
      const hash = str(f, 'consent_hash');
      const token = str(f, 'consent_token');
      const age = elapsedSinceRender(link.secret, `consent:${CONSENT_VERSION}:${link.code}`, token, now);
      const expectedHash = consentHash(consentText(consentOperator(link)));
      if (version !== CONSENT_VERSION || hash !== expectedHash || age === null || age > CONSENT_TOKEN_MAX_AGE_MS) {
        errors.push(
          'Согласие на публикацию имени не подтверждено: форма устарела или изменена. Откройте форму отзыва заново и отметьте согласие ещё раз.',
        );
      } else displayName = name;
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { subject: subject!, text, ratings, displayName } };
}

// Intake in one statement: refuse a blocked network, flag a duplicate, store the consent (a row of its own)
// and the review. No row back means the network is blocked.
const INSERT_REVIEW = preparedStatement(
  'voice_insert_review_v1',
  `with blocked as (select 1 from voice_blocks where territory_id = $1::uuid and network_hash = $3::text and until > now() limit 1),
    dup as (select 1 from voice_reviews where organisation_id = $2::uuid and fingerprint = $4::text limit 1),
    c as (insert into voice_consents (territory_id, text_version, text_hash, display_name)
          select $1::uuid, $12::text, $13::text, $14::text where $14::text is not null and not exists (select 1 from blocked)
          returning id),
    f as (select case when exists (select 1 from dup) then array_append($5::text[], 'duplicate') else $5::text[] end as flags),
    r as (insert into voice_reviews (territory_id, organisation_id, network_hash, fingerprint, flags, status, subject, text, k1, k2, k3, k4, k5, consent_id)
          select $1::uuid, $2::uuid, $3::text, $4::text, f.flags, case when cardinality(f.flags) > 0 then 'held' else 'pending' end,
            $6::text, $7::text, $8::smallint, $9::smallint, $10::smallint, $11::smallint, $15::smallint, (select id from c)
          from f where not exists (select 1 from blocked)
          returning id, status)
  select id, status from r`,
);

export type PostedReview = { id: number; status: ReviewStatus };

export async function postReview(
  db: Db,
  link: VoiceLink,
  input: ReviewInput,
  networkKey: string,
): Promise<PostedReview> {
  if (!link.reviewsOpen) throw new VoiceError(410, ['Приём отзывов на этой территории сейчас закрыт.']);
  const networkHash = keyedHash(link.secret, 'net', networkKey);
  const flags = screenText(input.text).flags;
  const r = input.ratings;
  const consentTextHash = input.displayName ? consentHash(consentText(consentOperator(link))) : null;
  const params = [
    link.territoryId,
    link.organisationId,
    networkHash,
    fingerprint(input.text),
    `{${flags.join(',')}}`,
    input.subject,
    input.text,
    r.k1 ?? null,
    r.k2 ?? null,
    r.k3 ?? null,
    r.k4 ?? null,
    input.displayName ? CONSENT_VERSION : null,
    consentTextHash,
    input.displayName,
    r.k5 ?? null,
  ];
  const [row] = await executePrepared<{ id: number | string; status: ReviewStatus }>(db, INSERT_REVIEW, params);
  if (!row) {
    const [block] = await db
      .select({ until: voiceBlocks.until })
      .from(voiceBlocks)
      .where(
        and(
          eq(voiceBlocks.territoryId, link.territoryId),
          eq(voiceBlocks.networkHash, networkHash),
          sql`${voiceBlocks.until} > now()`,
        ),
      )
      .orderBy(desc(voiceBlocks.until))
      .limit(1);
    const until = block ? toIso(new Date(block.until.getTime() + 3 * 3_600_000)) : null;
    throw new VoiceError(403, [
      `Из вашей сети временно нельзя оставлять отзывы${until ? ` — до ${ruDate(until)}` : ''}: отсюда несколько раз присылали отзывы, нарушающие правила модерации. Блокировка снимается автоматически через ${BLOCK_DAYS} дней.`,
    ]);
  }
  return { id: Number(row.id), status: row.status };
}

export type ModerationDecision = 'publish' | 'reject' | 'hide';

export type ModerationInput = {
  id: number;
  decision: ModerationDecision;
  reason: string | null;
  note: string | null;
  actor: Actor;
  /** The moderator's reach: a territory (authority) or one organisation (organisation moderates its own). */
  territoryId: string;
  organisationId?: string;
};

export function validateDecision(decision: string, reason: string | null, note: string | null): string[] {
  const errors: string[] = [];
  if (!['publish', 'reject', 'hide'].includes(decision))
    errors.push('Выберите решение: опубликовать, отклонить или снять с публикации.');
  if (decision !== 'publish' && !(reasonCodes as readonly string[]).includes(reason ?? ''))
    errors.push('Выберите причину из опубликованных правил модерации.');
  if (note && note.length > 500) errors.push('Пояснение не длиннее 500 знаков.');
  if (note && note.includes('\u0000')) errors.push('В пояснении есть недопустимый (нулевой) символ.');
  return errors;
}

/** Publishes, rejects or hides one review, with the audit entry; may block the sender's network. */
export async function moderateReview(
  db: Db,
  m: ModerationInput,
  now = new Date(),
): Promise<{ status: ReviewStatus; blocked: boolean }> {
  const errors = validateDecision(m.decision, m.reason, m.note);
  if (errors.length > 0) throw new VoiceError(400, errors);
  return db.transaction(async (tx) => {
    const [review] = await tx
      .select()
      .from(voiceReviews)
      .where(
        and(
          eq(voiceReviews.id, m.id),
          eq(voiceReviews.territoryId, m.territoryId),
          m.organisationId ? eq(voiceReviews.organisationId, m.organisationId) : undefined,
        ),
      )
      .for('update');
    if (!review) throw new VoiceError(404, ['Отзыв не найден.']);
    const from = review.status;
    const allowed = m.decision === 'hide' ? from === 'published' : from === 'held' || from === 'pending';
    if (!allowed)
      throw new VoiceError(409, [
        `Отзыв уже ${from === 'published' ? 'опубликован' : from === 'rejected' ? 'отклонён' : 'снят с публикации'}: обновите страницу.`,
      ]);
    const status: ReviewStatus =
      m.decision === 'publish' ? 'published' : m.decision === 'reject' ? 'rejected' : 'hidden';
    const [settings] = await tx
      .select({ replyDays: voiceSettings.replyDays })
      .from(voiceSettings)
      .where(eq(voiceSettings.territoryId, m.territoryId));
    const today = todayIso(now);
    const replyDueOn =
      status === 'published'
        ? toIso(new Date(parseIso(today).getTime() + (settings?.replyDays ?? 10) * 86_400_000))
        : review.replyDueOn;
    await tx
      .update(voiceReviews)
      .set({
        status,
        reason: status === 'published' ? null : m.reason,
        reasonNote: status === 'published' ? null : m.note || null,
        moderatedBy: m.actor.id,
        moderatedAt: now,
        publishedAt: status === 'published' ? now : review.publishedAt,
        replyDueOn,
      })
      .where(eq(voiceReviews.id, review.id));
    await recordAudit(tx, {
      actor: m.actor,
      action: `voice.review.${m.decision}`,
      entity: 'voice_review',
      entityId: String(review.id),
      before: { status: from },
      after: { status, reason: m.reason, flags: review.flags },
      reason: m.note || m.reason,
      territoryId: review.territoryId,
    });
    let blocked = false;
    if (status === 'rejected' && m.reason && ABUSE_REASONS.has(m.reason) && review.networkHash) {
      blocked = await blockIfRepeated(tx, review.territoryId, review.networkHash, m.actor, now);
    }
    return { status, blocked };
  });
}

async function blockIfRepeated(
  tx: Parameters<Parameters<Db['transaction']>[0]>[0],
  territoryId: string,
  networkHash: string,
  actor: Actor,
  now: Date,
): Promise<boolean> {
  const since = new Date(now.getTime() - BLOCK_DAYS * 86_400_000);
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(voiceReviews)
    .where(
      and(
        eq(voiceReviews.territoryId, territoryId),
        eq(voiceReviews.networkHash, networkHash),
        eq(voiceReviews.status, 'rejected'),
        inArray(voiceReviews.reason, [...ABUSE_REASONS]),
        sql`${voiceReviews.moderatedAt} >= ${since}`,
      ),
    );
  if ((row?.n ?? 0) < ABUSE_REJECTIONS_TO_BLOCK) return false;
  const [active] = await tx
    .select({ id: voiceBlocks.id })
    .from(voiceBlocks)
    .where(
      and(
        eq(voiceBlocks.territoryId, territoryId),
        eq(voiceBlocks.networkHash, networkHash),
        sql`${voiceBlocks.until} > ${now}`,
      ),
    );
  if (active) return false;
  const until = new Date(now.getTime() + BLOCK_DAYS * 86_400_000);
  const reason = `${row!.n} отзыва из одной сети отклонены за нарушения за ${BLOCK_DAYS} дней`;
  const [b] = await tx
    .insert(voiceBlocks)
    .values({ territoryId, networkHash, until, reason })
    .returning({ id: voiceBlocks.id });
  await recordAudit(tx, {
    actor,
    action: 'voice.block',
    entity: 'voice_block',
    entityId: String(b!.id),
    after: { until: until.toISOString() },
    reason,
    territoryId,
  });
  return true;
}

export async function activeBlocks(db: Db, territoryId: string, now = new Date()) {
  return db
    .select({
      id: voiceBlocks.id,
      until: voiceBlocks.until,
      reason: voiceBlocks.reason,
      createdAt: voiceBlocks.createdAt,
    })
    .from(voiceBlocks)
    .where(and(eq(voiceBlocks.territoryId, territoryId), sql`${voiceBlocks.until} > ${now}`))
    .orderBy(desc(voiceBlocks.createdAt));
}

export function parseReplyText(raw: unknown): { ok: true; text: string } | { ok: false; errors: string[] } {
  if (typeof raw !== 'string') return { ok: false, errors: ['Напишите текст ответа.'] };
  if (raw.includes('\u0000')) return { ok: false, errors: ['В тексте ответа есть недопустимый (нулевой) символ.'] };
  const text = cleanText(raw);
  if (text.length < MIN_REVIEW_CHARS) return { ok: false, errors: [`Ответ — не меньше ${MIN_REVIEW_CHARS} знаков.`] };
  if (text.length > MAX_REPLY_CHARS)
    return { ok: false, errors: [`Ответ не длиннее ${MAX_REPLY_CHARS} знаков (сейчас ${text.length}).`] };
  return { ok: true, text };
}

/** The organisation answers a published review; the reply waits for moderation like a review. */
export async function postReply(
  db: Db,
  input: { reviewId: number; organisationId: string; text: string; actor: Actor },
): Promise<{ id: number; status: 'held' | 'pending' }> {
  return db.transaction(async (tx) => {
    const [review] = await tx
      .select()
      .from(voiceReviews)
      .where(and(eq(voiceReviews.id, input.reviewId), eq(voiceReviews.organisationId, input.organisationId)));
    if (!review || review.status !== 'published')
      throw new VoiceError(404, ['Отвечать можно только на опубликованный отзыв о вашей организации.']);
    const [open] = await tx
      .select({ id: voiceReplies.id })
      .from(voiceReplies)
      .where(and(eq(voiceReplies.reviewId, review.id), inArray(voiceReplies.status, ['held', 'pending', 'published'])));
    if (open) throw new VoiceError(409, ['На этот отзыв уже есть ответ (опубликованный или ждущий модерации).']);
    const flags = screenText(input.text).flags;
    const status = flags.length > 0 ? 'held' : 'pending';
    const [row] = await tx
      .insert(voiceReplies)
      .values({
        reviewId: review.id,
        territoryId: review.territoryId,
        organisationId: review.organisationId,
        text: input.text,
        authorId: input.actor.id,
        status,
        flags,
      })
      .returning({ id: voiceReplies.id });
    await recordAudit(tx, {
      actor: input.actor,
      action: 'voice.reply.post',
      entity: 'voice_reply',
      entityId: String(row!.id),
      after: { reviewId: review.id, status, flags },
      territoryId: review.territoryId,
    });
    return { id: row!.id, status };
  });
}

/** Replies are moderated by the territory (the organisation does not moderate its own answers). */
export async function moderateReply(
  db: Db,
  m: Omit<ModerationInput, 'organisationId'>,
  now = new Date(),
): Promise<{ status: 'published' | 'rejected' }> {
  const errors = validateDecision(m.decision, m.reason, m.note);
  if (m.decision === 'hide') errors.push('Ответ можно опубликовать или отклонить.');
  if (errors.length > 0) throw new VoiceError(400, errors);
  return db.transaction(async (tx) => {
    const [reply] = await tx
      .select()
      .from(voiceReplies)
      .where(and(eq(voiceReplies.id, m.id), eq(voiceReplies.territoryId, m.territoryId)))
      .for('update');
    if (!reply) throw new VoiceError(404, ['Ответ не найден.']);
    if (reply.status !== 'held' && reply.status !== 'pending')
      throw new VoiceError(409, ['Этот ответ уже рассмотрен: обновите страницу.']);
    const status = m.decision === 'publish' ? 'published' : 'rejected';
    await tx
      .update(voiceReplies)
      .set({
        status,
        reason: status === 'rejected' ? m.reason : null,
        reasonNote: status === 'rejected' ? m.note || null : null,
        moderatedBy: m.actor.id,
        moderatedAt: now,
        publishedAt: status === 'published' ? now : null,
      })
      .where(eq(voiceReplies.id, reply.id));
    await recordAudit(tx, {
      actor: m.actor,
      action: `voice.reply.${m.decision}`,
      entity: 'voice_reply',
      entityId: String(reply.id),
      before: { status: reply.status },
      after: { status, reason: m.reason },
      reason: m.note || m.reason,
      territoryId: reply.territoryId,
    });
    return { status };
  });
}

const reviewColumns = {
  id: voiceReviews.id,
  organisationId: voiceReviews.organisationId,
  organisationName: organisations.shortName,
  subject: voiceReviews.subject,
  text: voiceReviews.text,
  k1: voiceReviews.k1,
  k2: voiceReviews.k2,
  k3: voiceReviews.k3,
  k4: voiceReviews.k4,
  k5: voiceReviews.k5,
  status: voiceReviews.status,
  flags: voiceReviews.flags,
  reason: voiceReviews.reason,
  reasonNote: voiceReviews.reasonNote,
  receivedAt: voiceReviews.receivedAt,
  publishedAt: voiceReviews.publishedAt,
  moderatedAt: voiceReviews.moderatedAt,
  replyDueOn: voiceReviews.replyDueOn,
  displayName: sql<
    string | null
  >`(select display_name from voice_consents c where c.id = ${voiceReviews.consentId} and c.withdrawn_at is null)`,
};

/** The moderation queue: reviews and replies waiting for a decision (held first, oldest first). */
export async function moderationQueue(db: Db, territoryId: string, organisationId?: string, limit = 100) {
  const reviews = await db
    .select(reviewColumns)
    .from(voiceReviews)
    .innerJoin(organisations, eq(organisations.id, voiceReviews.organisationId))
    .where(
      and(
        eq(voiceReviews.territoryId, territoryId),
        inArray(voiceReviews.status, ['held', 'pending']),
        organisationId ? eq(voiceReviews.organisationId, organisationId) : undefined,
      ),
    )
    .orderBy(sql`${voiceReviews.status} = 'pending'`, asc(voiceReviews.id))
    .limit(limit);
  const replies = organisationId
    ? []
    : await db
        .select({
          id: voiceReplies.id,
          reviewId: voiceReplies.reviewId,
          organisationName: organisations.shortName,
          text: voiceReplies.text,
          status: voiceReplies.status,
          flags: voiceReplies.flags,
          createdAt: voiceReplies.createdAt,
          reviewText: voiceReviews.text,
        })
        .from(voiceReplies)
        .innerJoin(organisations, eq(organisations.id, voiceReplies.organisationId))
        .innerJoin(voiceReviews, eq(voiceReviews.id, voiceReplies.reviewId))
        .where(and(eq(voiceReplies.territoryId, territoryId), inArray(voiceReplies.status, ['held', 'pending'])))
        .orderBy(asc(voiceReplies.id))
        .limit(limit);
  return { reviews, replies };
}

/** Recently decided reviews (the record, with reasons), for the moderators. */
export async function decidedReviews(db: Db, territoryId: string, limit = 50) {
  return db
    .select(reviewColumns)
    .from(voiceReviews)
    .innerJoin(organisations, eq(organisations.id, voiceReviews.organisationId))
    .where(
      and(eq(voiceReviews.territoryId, territoryId), inArray(voiceReviews.status, ['published', 'rejected', 'hidden'])),
    )
    .orderBy(desc(voiceReviews.moderatedAt))
    .limit(limit);
}

export type PublicReview = {
  id: number;
  subject: ReviewSubject;
  text: string;
  ratings: Partial<Record<RatingKey, number>>;
  displayName: string | null;
  publishedOn: string;
  reply: { text: string; publishedOn: string } | null;
  replyDueOn: string | null;
};

const moscowDay = (d: Date | null) => (d ? todayIso(d) : '');

/** Published reviews of one organisation with their published replies, newest first. */
export async function publishedReviews(db: Db, organisationId: string, limit = 200): Promise<PublicReview[]> {
  const rows = await db
    .select({ ...reviewColumns, replyText: voiceReplies.text, replyAt: voiceReplies.publishedAt })
    .from(voiceReviews)
    .innerJoin(organisations, eq(organisations.id, voiceReviews.organisationId))
    .leftJoin(voiceReplies, and(eq(voiceReplies.reviewId, voiceReviews.id), eq(voiceReplies.status, 'published')))
    .where(and(eq(voiceReviews.organisationId, organisationId), eq(voiceReviews.status, 'published')))
    .orderBy(desc(voiceReviews.publishedAt))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    subject: r.subject,
    text: r.text,
    ratings: Object.fromEntries(ratingCriteria.flatMap((c) => (r[c.key] ? [[c.key, r[c.key]!]] : []))),
    displayName: r.displayName,
    publishedOn: moscowDay(r.publishedAt),
    reply: r.replyText ? { text: r.replyText, publishedOn: moscowDay(r.replyAt) } : null,
    replyDueOn: r.replyDueOn,
  }));
}

export type ReviewStats = {
  published: number;
  /** Per criterion: how many published reviews gave 1…5 (index 0 = rating 1). */
  ratings: Record<RatingKey, number[]>;
  /** Published reviews whose reply deadline has passed or that were answered. */
  due: number;
  answeredInTime: number;
  answered: number;
};

/** Counts by criterion rating and the share answered in time (a reply submitted by the due day). */
export async function reviewStats(db: Db, organisationId: string, today = todayIso()): Promise<ReviewStats> {
  const res = await db.execute<{ k: string; v: number; n: number }>(sql`
    select k, v, count(*)::int as n from (
      select unnest(array['k1','k2','k3','k4','k5']) as k, unnest(array[k1,k2,k3,k4,k5]) as v
      from voice_reviews where organisation_id = ${organisationId}::uuid and status = 'published') x
    where v is not null group by k, v`);
  const ratingRows =
    (res as { rows?: { k: string; v: number; n: number }[] }).rows ??
    (res as unknown as { k: string; v: number; n: number }[]);
  const ratings = Object.fromEntries(ratingCriteria.map((c) => [c.key, [0, 0, 0, 0, 0]])) as Record<
    RatingKey,
    number[]
  >;
  for (const r of ratingRows) ratings[r.k as RatingKey]![Number(r.v) - 1] = Number(r.n);
  const t = await db.execute<{ published: number; due: number; answered: number; in_time: number }>(sql`
    select count(*)::int as published,
      count(*) filter (where r.reply_due_on < ${today}::date or a.first_at is not null)::int as due,
      count(a.first_at)::int as answered,
      count(*) filter (where a.first_at is not null and (a.first_at at time zone 'Europe/Moscow')::date <= r.reply_due_on)::int as in_time
    from voice_reviews r
    left join lateral (select min(created_at) as first_at from voice_replies p where p.review_id = r.id and p.status = 'published') a on true
    where r.organisation_id = ${organisationId}::uuid and r.status = 'published'`);
  const row = ((t as { rows?: Record<string, number>[] }).rows ?? (t as unknown as Record<string, number>[]))[0] ?? {};
  return {
    published: Number(row.published ?? 0),
    ratings,
    due: Number(row.due ?? 0),
    answered: Number(row.answered ?? 0),
    answeredInTime: Number(row.in_time ?? 0),
  };
}

export type ReplyDeadline = {
  reviewId: number;
  organisationId: string;
  organisationName: string;
  dueOn: string;
  daysLeft: number;
  excerpt: string;
};

/**
 * Published reviews still without a published or waiting reply, by due day: the organisation's (or a
 * territory's) reply deadlines for its start page.
 */
export async function replyDeadlines(
  db: Db,
  scope: { organisationId?: string; territoryIds?: readonly string[] },
  today = todayIso(),
): Promise<ReplyDeadline[]> {
  if (!scope.organisationId && (!scope.territoryIds || scope.territoryIds.length === 0)) return [];
  const rows = await db
    .select({
      id: voiceReviews.id,
      organisationId: voiceReviews.organisationId,
      organisationName: organisations.shortName,
      dueOn: voiceReviews.replyDueOn,
      text: voiceReviews.text,
    })
    .from(voiceReviews)
    .innerJoin(organisations, eq(organisations.id, voiceReviews.organisationId))
    .where(
      and(
        eq(voiceReviews.status, 'published'),
        scope.organisationId
          ? eq(voiceReviews.organisationId, scope.organisationId)
          : inArray(voiceReviews.territoryId, [...scope.territoryIds!]),
        sql`not exists (select 1 from voice_replies p where p.review_id = ${voiceReviews.id} and p.status in ('held','pending','published'))`,
      ),
    )
    .orderBy(asc(voiceReviews.replyDueOn))
    .limit(200);
  return rows.map((r) => ({
    reviewId: r.id,
    organisationId: r.organisationId,
    organisationName: r.organisationName,
    dueOn: r.dueOn ?? today,
    daysLeft: daysBetween(today, r.dueOn ?? today),
    excerpt: r.text.length > 120 ? `${r.text.slice(0, 117)}…` : r.text,
  }));
}

/** Open data: published reviews of a territory without any personal data (no names, no networks). */
export async function openDataRows(db: Db, territoryId: string) {
  const rows = await db
    .select({
      id: voiceReviews.id,
      organisationId: voiceReviews.organisationId,
      inn: organisations.inn,
      organisation: organisations.shortName,
      subject: voiceReviews.subject,
      text: voiceReviews.text,
      k1: voiceReviews.k1,
      k2: voiceReviews.k2,
      k3: voiceReviews.k3,
      k4: voiceReviews.k4,
      k5: voiceReviews.k5,
      publishedAt: voiceReviews.publishedAt,
      replyDueOn: voiceReviews.replyDueOn,
      replyText: voiceReplies.text,
      replyAt: voiceReplies.publishedAt,
      replySubmittedAt: voiceReplies.createdAt,
    })
    .from(voiceReviews)
    .innerJoin(organisations, eq(organisations.id, voiceReviews.organisationId))
    .leftJoin(voiceReplies, and(eq(voiceReplies.reviewId, voiceReviews.id), eq(voiceReplies.status, 'published')))
    .where(and(eq(voiceReviews.territoryId, territoryId), eq(voiceReviews.status, 'published')))
    .orderBy(asc(voiceReviews.id));
  return rows.map((r) => ({
    id: r.id,
    organisation_id: r.organisationId,
    inn: r.inn,
    organisation: r.organisation,
    subject: r.subject,
    text: r.text,
    k1: r.k1,
    k2: r.k2,
    k3: r.k3,
    k4: r.k4,
    k5: r.k5,
    published_on: moscowDay(r.publishedAt),
    reply_due_on: r.replyDueOn,
    reply: r.replyText,
    reply_published_on: r.replyAt ? moscowDay(r.replyAt) : null,
    answered_in_time: r.replySubmittedAt && r.replyDueOn ? moscowDay(r.replySubmittedAt) <= r.replyDueOn : null,
  }));
}

export type OpenDataRow = Awaited<ReturnType<typeof openDataRows>>[number];

/** RFC 4180 CSV with a BOM (Excel opens it in UTF-8); formula-looking cells are quoted with a leading apostrophe. */
export function openDataCsv(rows: OpenDataRow[]): string {
  const header = [
    'id',
    'organisation_id',
    'inn',
    'organisation',
    'subject',
    'text',
    'k1',
    'k2',
    'k3',
    'k4',
    'k5',
    'published_on',
    'reply_due_on',
    'reply',
    'reply_published_on',
    'answered_in_time',
  ] as const;
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return '';
    let s = String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return (
    '\uFEFF' + [header.join(','), ...rows.map((r) => header.map((h) => cell(r[h])).join(','))].join('\r\n') + '\r\n'
  );
}

/** How many reviews of an organisation were not published (rejected or hidden), by published reason: public transparency. */
export async function unpublishedByReason(db: Db, organisationId: string): Promise<{ reason: string; n: number }[]> {
  const rows = await db
    .select({ reason: voiceReviews.reason, n: sql<number>`count(*)::int` })
    .from(voiceReviews)
    .where(and(eq(voiceReviews.organisationId, organisationId), inArray(voiceReviews.status, ['rejected', 'hidden'])))
    .groupBy(voiceReviews.reason)
    .orderBy(desc(sql`count(*)`));
  return rows.map((r) => ({ reason: r.reason ?? '', n: Number(r.n) }));
}

/**
 * Records the withdrawal of a consent to distribution (152-ФЗ art. 10.1 p. 12), received by the authority:
 * the name stops being shown at once; the review stays, anonymous.
 */
export async function withdrawConsent(
  db: Db,
  input: { reviewId: number; territoryId: string; actor: Actor },
  now = new Date(),
): Promise<void> {
  await db.transaction(async (tx) => {
    const [review] = await tx
      .select({ consentId: voiceReviews.consentId })
      .from(voiceReviews)
      .where(and(eq(voiceReviews.id, input.reviewId), eq(voiceReviews.territoryId, input.territoryId)));
    if (!review?.consentId) throw new VoiceError(404, ['У этого отзыва нет согласия на публикацию имени.']);
    const done = await tx
      .update(voiceConsents)
      .set({ withdrawnAt: now })
      .where(and(eq(voiceConsents.id, review.consentId), sql`${voiceConsents.withdrawnAt} is null`))
      .returning({ id: voiceConsents.id });
    if (done.length === 0) throw new VoiceError(409, ['Согласие уже отозвано.']);
    await recordAudit(tx, {
      actor: input.actor,
      action: 'voice.consent.withdraw',
      entity: 'voice_consent',
      entityId: String(review.consentId),
      after: { reviewId: input.reviewId },
      territoryId: input.territoryId,
    });
  });
}
