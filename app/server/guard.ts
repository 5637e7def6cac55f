import { data, redirect } from 'react-router';
import { can, type Action, type Scope, type SessionUser } from '../../src/auth/policy';
import type { NokoContext } from '../context';

export const FORBIDDEN_MESSAGE = 'Недостаточно прав: у вашей учётной записи нет доступа к этой странице или действию.';

const LOCAL_ORIGIN = 'http://noko.invalid';

/**
 * Where to come back after login: only a path on this site. Browsers strip tabs and newlines from URLs
 * and read a backslash as a slash, so `/\t/evil.example` or `/\\evil.example` would leave the site:
 * anything with a control character or a backslash, or that resolves to another origin, falls back to
 * the start page.
 */
export function safeNext(next: string | null | undefined): string {
  // eslint-disable-next-line no-control-regex
  if (!next || !next.startsWith('/') || next.startsWith('//') || /[\u0000-\u001f\u007f\\]/.test(next)) return '/';
  try {
    const url = new URL(next, LOCAL_ORIGIN);
    if (url.origin !== LOCAL_ORIGIN) return '/';
    return url.pathname + url.search + url.hash;
  } catch {
    return '/';
  }
}

/** The signed-in user, or a redirect to /login?next=<this page> for an anonymous visitor. */
export function requireUser(context: NokoContext, request: Request): SessionUser {
  if (context.user) return context.user;
  const url = new URL(request.url);
  throw redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
}

/**
 * The signed-in user allowed to do `action` on `scope`; anonymous visitors go to the login page, others
 * get a 403 with a Russian message (rendered by the root ErrorBoundary). `scope: null` means the target
 * does not exist: answered as 403 too (404 only for administrators, who could see it anyway), so ids of
 * other organisations cannot be probed.
 */
export function requireCan(
  context: NokoContext,
  request: Request,
  action: Action,
  scope: Scope | null = {},
): SessionUser {
  const user = requireUser(context, request);
  if (!scope && user.role === 'admin') throw data('Не найдено.', { status: 404 });
  if (!scope || !can(user, action, scope)) throw data(FORBIDDEN_MESSAGE, { status: 403 });
  return user;
}
