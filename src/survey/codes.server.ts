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

export function newBrowserToken(): string {
  return randomBytes(18).toString('base64url');
}

/** Render time signed with the campaign secret: `<ms>.<mac>`. */
export function signRenderTime(secret: string, code: string, at: number): string {
  return `${at}.${keyedHash(secret, `render:${code}`, String(at)).slice(0, 22)}`;
}

/** Milliseconds since render, or null when the token is missing, forged or from the future. */
export function elapsedSinceRender(secret: string, code: string, token: string | null, now: number): number | null {
  if (!token) return null;
  const m = /^(\d{10,15})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!m) return null;
  const at = Number(m[1]);
  const expected = Buffer.from(keyedHash(secret, `render:${code}`, String(at)).slice(0, 22));
  const given = Buffer.from(m[2]!);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (at > now + 5_000) return null;
  return now - at;
}
