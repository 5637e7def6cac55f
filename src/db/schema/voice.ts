import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organisations, territories } from './registry';

export const voiceModerators = ['authority', 'organisation'] as const;
export type VoiceModerator = (typeof voiceModerators)[number];

/**
 * A territory's citizens' voice: its permanent questionnaire and its review rules. `streamId` is the id
 * under which the permanent questionnaire's answers are stored in the survey tables (survey_responses,
 * survey_tallies), in place of a campaign id. It is never a campaign's id, so nothing that scores a
 * campaign can read these answers (docs/decisions/0100).
 */
export const voiceSettings = pgTable('voice_settings', {
  territoryId: uuid('territory_id')
    .primaryKey()
    .references(() => territories.id),
  streamId: uuid('stream_id').notNull().defaultRandom().unique(),
  /** Keys the network hashes and signs render times of this territory's forms. Never leaves the server. */
  secret: text('secret').notNull(),
  methodologyId: text('methodology_id').notNull().default('edu-2019'),
  questionnaireOpen: boolean('questionnaire_open').notNull().default(true),
  reviewsOpen: boolean('reviews_open').notNull().default(true),
  /** Who publishes or rejects reviews of an organisation: the authority, or the organisation itself. */
  moderator: text('moderator', { enum: voiceModerators }).notNull().default('authority'),
  /** The authority's channel for formal appeals (59-ФЗ): shown on every review form. */
  appealsUrl: text('appeals_url'),
  /** Calendar days an organisation has to reply publicly to a published review. */
  replyDays: integer('reply_days').notNull().default(10),
  /** Permanent-questionnaire results are shown publicly only from this many valid answers (12 months). */
  minSample: integer('min_sample').notNull().default(30),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The public short code of an organisation's permanent questionnaire and review form (`/golos/<code>`). */
export const voiceLinks = pgTable(
  'voice_links',
  {
    code: text('code').primaryKey(),
    territoryId: uuid('territory_id')
      .notNull()
      .references(() => territories.id),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('voice_links_org_idx').on(t.organisationId)],
);

export const reviewSubjects = ['organisation', 'results', 'plan'] as const;
export type ReviewSubject = (typeof reviewSubjects)[number];

/**
 * held: automatic screening found something (waits for a moderator with the findings); pending: clean,
 * waits for a moderator; published; rejected (with a published reason); hidden (published, then taken
 * down with a reason). Nothing is ever deleted.
 */
export const reviewStatuses = ['held', 'pending', 'published', 'rejected', 'hidden'] as const;
export type ReviewStatus = (typeof reviewStatuses)[number];

/**
 * Consent to the distribution of one's name (152-ФЗ art. 10.1): a document of its own, stored apart from
 * the review, with the exact text version the person agreed to.
 */
export const voiceConsents = pgTable('voice_consents', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  territoryId: uuid('territory_id').notNull(),
  /** Version and SHA-256 of the consent text shown; a consent to another text is refused. */
  textVersion: text('text_version').notNull(),
  textHash: text('text_hash').notNull(),
  /** The name the person allowed to be published. */
  displayName: text('display_name').notNull(),
  givenAt: timestamp('given_at', { withTimezone: true }).notNull().defaultNow(),
  /** Withdrawal (art. 10.1 p. 12): the name is no longer shown. */
  withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
});

export const voiceReviews = pgTable(
  'voice_reviews',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    territoryId: uuid('territory_id').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    subject: text('subject', { enum: reviewSubjects }).notNull().default('organisation'),
    text: text('text').notNull(),
    /** Optional 1–5 ratings per criterion K1…K5 of the methodology. */
    k1: smallint('k1'),
    k2: smallint('k2'),
    k3: smallint('k3'),
    k4: smallint('k4'),
    k5: smallint('k5'),
    status: text('status', { enum: reviewStatuses }).notNull(),
    /** What automatic screening found (obscenity, phone, email, child-name, link, advertising, duplicate, markup). */
    flags: text('flags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Published reason code of a rejection or hiding, and an optional note (shown publicly). */
    reason: text('reason'),
    reasonNote: text('reason_note'),
    moderatedBy: uuid('moderated_by'),
    moderatedAt: timestamp('moderated_at', { withTimezone: true }),
    /** HMAC of the sender's network with the territory secret; never the address itself. */
    networkHash: text('network_hash'),
    /** Hash of the normalised text: the duplicate screen. */
    fingerprint: text('fingerprint').notNull(),
    consentId: bigint('consent_id', { mode: 'number' }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** Day by which the organisation should reply publicly (set at publication from the territory setting). */
    replyDueOn: date('reply_due_on'),
  },
  (t) => [
    index('voice_reviews_queue_idx').on(t.territoryId, t.status, t.id),
    index('voice_reviews_org_idx').on(t.organisationId, t.status, t.id),
    index('voice_reviews_fingerprint_idx').on(t.organisationId, t.fingerprint),
    index('voice_reviews_network_idx').on(t.networkHash, t.receivedAt),
  ],
);

export const replyStatuses = ['held', 'pending', 'published', 'rejected'] as const;
export type ReplyStatus = (typeof replyStatuses)[number];

/** An organisation's public reply under a review; moderated like reviews. A rejected reply can be followed by a new one. */
export const voiceReplies = pgTable(
  'voice_replies',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    reviewId: bigint('review_id', { mode: 'number' }).notNull(),
    territoryId: uuid('territory_id').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    text: text('text').notNull(),
    authorId: uuid('author_id'),
    status: text('status', { enum: replyStatuses }).notNull(),
    flags: text('flags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    reason: text('reason'),
    reasonNote: text('reason_note'),
    moderatedBy: uuid('moderated_by'),
    moderatedAt: timestamp('moderated_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [
    index('voice_replies_review_idx').on(t.reviewId, t.status),
    index('voice_replies_queue_idx').on(t.territoryId, t.status, t.id),
  ],
);

/** A network blocked from posting reviews in a territory (repeated abuse), until a date. */
export const voiceBlocks = pgTable(
  'voice_blocks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    territoryId: uuid('territory_id').notNull(),
    networkHash: text('network_hash').notNull(),
    until: timestamp('until', { withTimezone: true }).notNull(),
    reason: text('reason').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('voice_blocks_network_idx').on(t.territoryId, t.networkHash, t.until)],
);
