import { bigserial, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { campaigns, organisations } from './registry';
import { users } from './auth';

export const checklistAnswerValues = ['yes', 'no', 'na'] as const;
export type ChecklistAnswerValue = (typeof checklistAnswerValues)[number];

/**
 * One expert answer to one checklist item of one organisation in one campaign. A row may exist without an
 * answer when only evidence (a photo) was recorded so far. `version` grows with every change: it is the
 * optimistic-concurrency token, per item, so that two experts filling different items never collide.
 */
export const checklistAnswers = pgTable(
  'checklist_answers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    /** Checklist key: 1.1-stand, 1.1-site, 1.2, 2.1, 3.1, 3.2 (see src/checklists/definitions.ts). */
    checklist: text('checklist').notNull(),
    itemId: text('item_id').notNull(),
    answer: text('answer', { enum: checklistAnswerValues }),
    note: text('note'),
    link: text('link'),
    version: integer('version').notNull().default(1),
    recordedBy: uuid('recorded_by').references(() => users.id),
    recordedByName: text('recorded_by_name'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('checklist_answers_item_idx').on(t.campaignId, t.organisationId, t.checklist, t.itemId),
    index('checklist_answers_campaign_idx').on(t.campaignId, t.checklist),
  ],
);

/** A photo attached to an answer. The bytes live under DATA_DIR/uploads/<sha256>, shared by identical files. */
export const checklistPhotos = pgTable(
  'checklist_photos',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    answerId: uuid('answer_id')
      .notNull()
      .references(() => checklistAnswers.id, { onDelete: 'cascade' }),
    sha256: text('sha256').notNull(),
    /** Sniffed from the bytes, never taken from the client. */
    mediaType: text('media_type', { enum: ['image/jpeg', 'image/png', 'image/heic'] }).notNull(),
    size: integer('size').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    uploadedByName: text('uploaded_by_name'),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('checklist_photos_answer_idx').on(t.answerId, t.sha256),
    index('checklist_photos_sha_idx').on(t.sha256),
  ],
);
