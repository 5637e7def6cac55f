import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { SESSION_COOKIE, lookupSession } from '../../src/auth/sessions.server';
import type { CurrentUser } from '../context';
import type { HttpDeps } from './http.server';

/**
 * Who is making this request: one indexed lookup of the session cookie's hash joined to the account.
 * The cookie is a browser-session cookie, so the sliding expiry lives in the row and nothing is re-sent.
 */
export async function resolveUser(c: Context, deps: Pick<HttpDeps, 'db'>): Promise<CurrentUser> {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token) return null;
  const session = await lookupSession(deps.db, token);
  return session?.user ?? null;
}
