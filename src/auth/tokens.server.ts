import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: for session cookies and one-time links. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps instead of a token, so a leaked table yields no usable session or link. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function looksLikeToken(value: string | undefined | null): value is string {
  return !!value && /^[A-Za-z0-9_-]{43}$/.test(value);
}
