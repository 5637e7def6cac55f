// Short public codes, one-time access codes and the keyed hashes that keep addresses and codes out of
// the database in clear.
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** Lower-case base32-like alphabet without look-alikes (0/o, 1/l/i, u/v). */
export const CODE_ALPHABET = 'abcdefghjkmnpqrstwxyz23456789';

export function randomCode(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return out;
}

/** The questionnaire's public code: 8 symbols ≈ 39 bits, unguessable at the rate limits of /q. */
export function newLinkCode(): string {
  return randomCode(8);
}

export function isLinkCode(value: string): boolean {
  return /^[a-z2-9]{6,12}$/.test(value);
}

/** One-time access code as printed: XXXX-XXXX in capitals, 8 symbols ≈ 39 bits. */
export function newAccessCode(): string {
  const c = randomCode(8).toUpperCase();
  return `${c.slice(0, 4)}-${c.slice(4)}`;
}

/** Whatever the respondent typed (spaces, dashes, case) reduced to the canonical form that is hashed. */
export function normaliseAccessCode(input: string): string {
  return input.toLowerCase().replace(/[\s-]+/g, '');
}

export function keyedHash(secret: string, purpose: string, value: string): string {
  return createHmac('sha256', secret).update(`${purpose}:${value}`).digest('base64url').slice(0, 32);
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The one-response-per-browser cookie: a random value and its MAC with the campaign secret, so that a
 * script cannot present made-up values as "a browser that answered before" (issue 10).
 */
export function newBrowserToken(secret: string, code: string): string {
  const value = randomBytes(18).toString('base64url');
  return `${value}.${keyedHash(secret, `browser:${code}`, value).slice(0, 22)}`;
}

/** True when the cookie value was issued by us for this questionnaire. */
export function isSignedBrowserToken(secret: string, code: string, token: string | null | undefined): token is string {
  const m = token ? /^([A-Za-z0-9_-]{24})\.([A-Za-z0-9_-]{22})$/.exec(token) : null;
  if (!m) return false;
  return same(m[2]!, keyedHash(secret, `browser:${code}`, m[1]!).slice(0, 22));
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** How long a rendered form may be sent; its nonce is remembered (used once) for as long. */
export const FORM_TOKEN_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The form token: render time, a single-use nonce, and their MAC with the campaign secret,
 * `<ms>.<nonce>.<mac>`. Each call makes a new nonce.
 */
export function signRenderTime(secret: string, code: string, at: number): string {
  const nonce = randomBytes(12).toString('base64url');
  return `${at}.${nonce}.${keyedHash(secret, `render:${code}`, `${at}.${nonce}`).slice(0, 22)}`;
}

export type FormToken = { at: number; nonce: string; elapsedMs: number };

/** The verified token, or null when it is missing, forged, from the future or older than FORM_TOKEN_TTL_MS. */
export function readFormToken(secret: string, code: string, token: string | null, now: number): FormToken | null {
  if (!token) return null;
  const m = /^(\d{10,15})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!m) return null;
  const at = Number(m[1]);
  if (!same(m[3]!, keyedHash(secret, `render:${code}`, `${at}.${m[2]}`).slice(0, 22))) return null;
  if (at > now + 5_000 || now - at > FORM_TOKEN_TTL_MS) return null;
  return { at, nonce: m[2]!, elapsedMs: now - at };
}

/** Milliseconds since render, or null when the token is missing, forged or from the future. */
export function elapsedSinceRender(secret: string, code: string, token: string | null, now: number): number | null {
  return readFormToken(secret, code, token, now)?.elapsedMs ?? null;
}

/**
 * A fresh token for a form shown again (validation error, token already used): a new nonce, but the
 * original render time, so that fixing one answer does not make the whole form look "too fast".
 */
export function renewFormToken(secret: string, code: string, previous: string | null, now: number): string {
  const old = readFormToken(secret, code, previous, now);
  return signRenderTime(secret, code, old ? old.at : now);
}
