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
      const form = c.get('parsedForm' as never) ? null : await readFormClone(c);
      const presented = c.req.header(CSRF_HEADER) ?? (await formToken(c, form));
      if (!presented || !same(presented, expected)) return refuse(c);
      // PostgreSQL cannot store a NUL byte in text: refuse it here, naming the field, instead of a 500 later.
      // (The questionnaire parses its own form and keeps the parent's answers: app/hot/questionnaire.tsx.)
      const bad = form ? nulField(form) : null;
      if (bad !== null) {
        return c.text(
          `Поле «${bad}» содержит недопустимый символ (нулевой байт). Уберите его и отправьте форму ещё раз. Ничего не сохранено.`,
          400,
        );
      }
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

async function formToken(c: Context, form: FormData | null): Promise<string | undefined> {
  // A hot path that already parsed its form (app/server/form.ts) shares it: no second parse.
  const parsed = (c.get('parsedForm' as never) as ParsedForm | undefined) ?? form;
  if (!parsed) return undefined;
  const value = parsed.get(CSRF_FIELD);
  return typeof value === 'string' ? value : undefined;
}

async function readFormClone(c: Context): Promise<FormData | null> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return null;
  try {
    // A clone, so that React Router or the route handler can still read the body. The global body limit
    // (app/server/body-limit.server.ts) has already bounded its size.
    return await c.req.raw.clone().formData();
  } catch {
    return null;
  }
}

/** The name of the first text field (or field name) holding a NUL byte; files may hold anything. */
export function nulField(form: FormData): string | null {
  for (const [name, value] of form.entries()) {
    if (name.includes('\0')) return name.replace(/\0/g, '');
    if (typeof value === 'string' && value.includes('\0')) return name;
  }
  return null;
}

function refuse(c: Context) {
  return c.text('Форма устарела или отправлена не со страницы НОКО. Обновите страницу и отправьте форму ещё раз.', 403);
}
