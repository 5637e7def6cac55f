// Issue 11 item 11: posters and QR codes never print a loopback address; a guessed address is flagged.
import { describe, expect, it } from 'vitest';
import { isLoopbackHost, printableBase } from '../../src/survey/public-base';

describe('the address printed on posters', () => {
  it('PUBLIC_URL wins and is not a guess', () => {
    expect(printableBase('https://nok.example.ru/', 'http://127.0.0.1:3000')).toEqual({
      ok: true,
      base: 'https://nok.example.ru',
      guessed: false,
    });
  });
  it('without PUBLIC_URL a loopback origin is refused, another origin is a guess', () => {
    for (const origin of [
      'http://127.0.0.1:3000',
      'http://localhost:3000',
      'http://[::1]:3000',
      'http://0.0.0.0:3000',
      'http://app.localhost',
    ]) {
      expect(printableBase(undefined, origin).ok, origin).toBe(false);
    }
    expect(printableBase(undefined, 'http://10.0.0.5:3000')).toEqual({
      ok: true,
      base: 'http://10.0.0.5:3000',
      guessed: true,
    });
  });
  it('a PUBLIC_URL that is itself loopback is refused too', () => {
    expect(printableBase('http://localhost:3000', 'http://localhost:3000').ok).toBe(false);
    expect(isLoopbackHost('127.8.9.10')).toBe(true);
    expect(isLoopbackHost('nok.example.ru')).toBe(false);
  });
});
