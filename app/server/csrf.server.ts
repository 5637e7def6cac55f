import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { ParsedForm } from './form';

export const CSRF_COOKIE = 'noko_csrf';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function csrfTokenFor(secret: string, nonce: string): string {
  return createHmac('sha256', secret).update(`csrf:${nonce}`).digest('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Signed double-submit tokens: a random nonce in an httpOnly cookie, and its HMAC in every form (hidden
 * field `_csrf`) or fetch (header `x-csrf-token`). Works for anonymous visitors too, so the public
 * questionnaire is protected the same way as staff forms. The Origin check rejects cross-site posts early.
 */
export function csrfProtection(secret: string, options: { secureCookie: boolean }): MiddlewareHandler {
  return async (c, next) => {
    let nonce = getCookie(c, CSRF_COOKIE);
    if (!nonce || !/^[A-Za-z0-9_-]{16,64}$/.test(nonce)) {
      nonce = randomBytes(18).toString('base64url');
      setCookie(c, CSRF_COOKIE, nonce, {
        httpOnly: true,
        sameSite: 'Lax',
        secure: options.secureCookie,
        path: '/',
      });
      c.set('csrfFresh', true);
    }
    const expected = csrfTokenFor(secret, nonce);
    c.set('csrfToken', expected);

    if (UNSAFE.has(c.req.method)) {
      if (crossSite(c)) return refuse(c);
      if (c.get('csrfFresh')) return refuse(c);
      const presented = c.req.header(CSRF_HEADER) ?? (await formToken(c));
      if (!presented || !same(presented, expected)) return refuse(c);
    }
    await next();
  };
}

function crossSite(c: Context): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return true;
  const origin = c.req.header('origin');
  if (!origin || origin === 'null') return false;
  try {
    return new URL(origin).host !== new URL(c.req.url).host;
  } catch {
    return true;
  }
}

async function formToken(c: Context): Promise<string | undefined> {
  // A hot path that already parsed its form (app/server/form.ts) shares it: no second parse.
  const parsed = c.get('parsedForm' as never) as ParsedForm | undefined;
  if (parsed) {
    const value = parsed.get(CSRF_FIELD);
    return typeof value === 'string' ? value : undefined;
  }
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return undefined;
  try {
    // A clone, so that React Router or the route handler can still read the body.
    const form = await c.req.raw.clone().formData();
    const value = form.get(CSRF_FIELD);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function refuse(c: Context) {
  return c.text(
    'Форма устарела или отправлена не со страницы НОКО. Обновите страницу и отправьте форму ещё раз.',
    403,
  );
}
