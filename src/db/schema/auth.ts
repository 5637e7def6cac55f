import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './registry';

export const invitationPurposes = ['invite', 'reset', 'setup'] as const;
export type InvitationPurpose = (typeof invitationPurposes)[number];

/**
 * One-time links that let a person set a password: an invitation for a new account, a reset for an
 * existing one, or the setup link for the very first administrator (no user row yet, so userId is null).
 * Only the SHA-256 of the token is stored: the link itself is shown or mailed once and never kept.
 */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: invitationPurposes }).notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    /** Set when a newer link for the same account replaces this one or the account is deactivated. */
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('invitations_token_idx').on(t.tokenHash), index('invitations_user_idx').on(t.userId)],
);
