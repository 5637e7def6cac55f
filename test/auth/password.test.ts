import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from '../../src/auth/password.server';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '../../src/auth/password-rules';
import { hashToken, newToken } from '../../src/auth/tokens.server';

// This file checks the production cost itself, not the cheap one vitest.config.ts gives the rest of the suite.
delete process.env.NOKO_TEST_SCRYPT_LOG2N;

describe('password hashing (scrypt)', () => {
  it('encodes algorithm, parameters, salt and key in the hash string', async () => {
    const hash = await hashPassword('верный-пароль-42');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(hash).not.toContain('верный');
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salts: the same password hashes differently each time', async () => {
    const a = await hashPassword('одинаковый пароль');
    const b = await hashPassword('одинаковый пароль');
    expect(a).not.toBe(b);
    expect(await verifyPassword('одинаковый пароль', a)).toBe(true);
    expect(await verifyPassword('одинаковый пароль', b)).toBe(true);
  });

  it('treats Unicode compositions of the same text as the same password', async () => {
    const composed = 'ёлка-пароль-1'; // U+0451
    const decomposed = 'е\u0308лка-пароль-1';
    expect(await verifyPassword(decomposed, await hashPassword(composed))).toBe(true);
  });

  it('refuses malformed or tampered hashes instead of throwing or burning memory', async () => {
    const hash = await hashPassword('some long password');
    const parts = hash.split('$');
    expect(await verifyPassword('some long password', null)).toBe(false);
    expect(await verifyPassword('some long password', 'plain-text-password')).toBe(false);
    expect(await verifyPassword('some long password', ['scrypt', String(2 ** 30), ...parts.slice(2)].join('$'))).toBe(
      false,
    );
    expect(await verifyPassword('some long password', ['scrypt', '1000', ...parts.slice(2)].join('$'))).toBe(false);
    expect(needsRehash('scrypt$16384$8$1$' + parts[4] + '$' + parts[5])).toBe(true);
    expect(needsRehash(hash)).toBe(false);
  });

  it('checks new passwords: length, common passwords, repetition, own e-mail', () => {
    expect(passwordProblem('short1')).toContain(String(MIN_PASSWORD_LENGTH));
    expect(passwordProblem('1234567890')).toMatch(/распространён/);
    expect(passwordProblem('Qwertyuiop')).toMatch(/распространён/);
    expect(passwordProblem('йцукенгшщз')).toMatch(/распространён/);
    expect(passwordProblem('aaaaaaaaaaaa')).toMatch(/повторяющ/);
    expect(passwordProblem('ivanova-2024!', { email: 'ivanova@example.ru' })).toMatch(/почты/);
    expect(passwordProblem('тихий дом у реки')).toBeNull();
  });

  it('stores only a hash of tokens', () => {
    const token = newToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hashToken(token)).not.toBe(token);
    expect(hashToken(token)).toBe(hashToken(token));
    expect(newToken()).not.toBe(token);
  });
});
