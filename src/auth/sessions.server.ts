import { and, eq, gt } from 'drizzle-orm';
import type { Db, Tx } from '../db/index.server';
import { sessions, users } from '../db/schema/auth';
import type { SessionUser } from './policy';
import { hashToken, looksLikeToken, newToken } from './tokens.server';

export const SESSION_COOKIE = 'noko_session';
/** Sliding idle timeout: a session unused for this long ends. */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
/** Absolute limit: however active, a session ends this long after sign-in. */
export const SESSION_MAX_MS = 7 * 24 * 60 * 60 * 1000;
/** The expiry is pushed forward at most this often, so a busy session costs one write per interval, not per request. */
export const SESSION_REFRESH_MS = 15 * 60 * 1000;

function expiryFor(createdAt: Date, now: Date): Date {
  return new Date(Math.min(now.getTime() + SESSION_IDLE_MS, createdAt.getTime() + SESSION_MAX_MS));
}

export async function createSession(
  tx: Tx,
  userId: string,
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = expiryFor(now, now);
  await tx.insert(sessions).values({ id: hashToken(token), userId, createdAt: now, expiresAt });
  return { token, expiresAt };
}

export type ActiveSession = { user: SessionUser; expiresAt: Date; refreshed: boolean };

/**
 * The user behind a session cookie: one primary-key lookup joined to the user row. Expired sessions and
 * deactivated accounts resolve to null. When the sliding expiry is due for a push, one more short update.
 */
export async function lookupSession(
  db: Db,
  token: string | undefined,
  now = new Date(),
): Promise<ActiveSession | null> {
  if (!looksLikeToken(token)) return null;
  const id = hashToken(token);
  const rows = await db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      councilPosition: users.councilPosition,
      territoryId: users.territoryId,
      organisationId: users.organisationId,
      createdAt: sessions.createdAt,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now), eq(users.active, true)))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  const { createdAt, expiresAt, ...user } = row;
  const next = expiryFor(createdAt, now);
  if (next.getTime() - expiresAt.getTime() >= SESSION_REFRESH_MS) {
    await db.update(sessions).set({ expiresAt: next }).where(eq(sessions.id, id));
    return { user, expiresAt: next, refreshed: true };
  }
  return { user, expiresAt, refreshed: false };
}

export async function deleteSession(tx: Tx, token: string | undefined): Promise<void> {
  if (!looksLikeToken(token)) return;
  await tx.delete(sessions).where(eq(sessions.id, hashToken(token)));
}

export async function deleteUserSessions(tx: Tx, userId: string): Promise<void> {
  await tx.delete(sessions).where(eq(sessions.userId, userId));
}

export type CookieOptions = { secure: boolean };

/** Secure only when the public address is https: a plain-http intranet install must still be able to log in. */
export function secureCookies(publicUrl: string | undefined): boolean {
  return !!publicUrl && publicUrl.startsWith('https:');
}

/**
 * A browser-session cookie (no Expires): it goes when the browser closes, and the server enforces the idle
 * and absolute limits from the sessions row, so a sliding refresh never has to re-send the cookie.
 */
export function sessionCookie(token: string, options: CookieOptions): string {
  const parts = [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

export function clearSessionCookie(options: CookieOptions): string {
  const parts = [
    `${SESSION_COOKIE}=`,
    'Path=/',
    'Max-Age=0',
    'Expires=Thu, 01 Jan 1970 00:00:00 GMT',
    'HttpOnly',
    'SameSite=Lax',
  ];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

/** The session token from a Cookie request header. */
export function sessionTokenFrom(cookieHeader: string | null | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return rest.join('=');
  }
  return undefined;
}
