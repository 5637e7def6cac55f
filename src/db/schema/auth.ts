import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { roles } from '../../auth/labels';
import { organisations, territories } from './registry';

// The list lives in a client-safe module (pages render it); the table definitions use it from here.
export { roles, type Role } from '../../auth/labels';

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    role: text('role', { enum: roles }).notNull(),
    /** Council members: chair, secretary or ordinary member. */
    councilPosition: text('council_position', { enum: ['chair', 'secretary', 'member'] }),
    territoryId: uuid('territory_id').references(() => territories.id),
    organisationId: uuid('organisation_id').references(() => organisations.id),
    active: boolean('active').notNull().default(true),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email_idx').on(t.email)],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie token: a leaked table does not yield usable sessions. */
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

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
