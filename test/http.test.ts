import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../app/server/http.server';
import { CSRF_COOKIE, csrfTokenFor } from '../app/server/csrf.server';
import { createTestDb, type TestDatabase } from './helpers/db';
import { cookiesFrom, silentLogger, testConfig } from './helpers/app';

describe('HTTP shell', () => {
  let t: TestDatabase;
  let app: ReturnType<typeof createHttpApp>;
  const config = testConfig();
  beforeAll(async () => {
    t = await createTestDb();
    app = createHttpApp({ db: t.db, config, logger: silentLogger });
  });
  afterAll(async () => t?.close());

  it('answers /healthz after checking the database', async () => {
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('reports 503 when the database is gone', async () => {
    const broken = createHttpApp({
      db: { execute: () => Promise.reject(new Error('down')) } as never,
      config,
      logger: silentLogger,
    });
    const res = await broken.request('/healthz');
    expect(res.status).toBe(503);
  });

  it('sends security headers', async () => {
    const res = await app.request('/healthz');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
  });

  it('compresses large responses for clients that accept gzip', async () => {
    const res = await app.request('/api/openapi.json', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
  });

  it('publishes the OpenAPI document', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as { openapi: string; info: { title: string } };
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe('НОКО API');
  });

  describe('CSRF', () => {
    it('sets an httpOnly SameSite cookie on the first visit', async () => {
      const res = await app.request('/api/openapi.json');
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${CSRF_COOKIE}=`));
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
    });

    it('refuses a form post without a token', async () => {
      const first = await app.request('/api/openapi.json');
      expect(cookiesFrom(first)).toContain(`${CSRF_COOKIE}=`);
      const res = await app.request('/anything', {
        method: 'POST',
        headers: { cookie: cookiesFrom(first), 'content-type': 'application/x-www-form-urlencoded' },
        body: 'name=x',
      });
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('Форма устарела');
    });

    it('refuses a token that belongs to another cookie', async () => {
      const res = await app.request('/anything', {
        method: 'POST',
        headers: {
          cookie: `${CSRF_COOKIE}=AAAAAAAAAAAAAAAAAAAAAAAA`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: `_csrf=${csrfTokenFor(config.sessionSecret, 'BBBBBBBBBBBBBBBBBBBBBBBB')}`,
      });
      expect(res.status).toBe(403);
    });

    it('refuses a cross-site post even with a valid token', async () => {
      const nonce = 'CCCCCCCCCCCCCCCCCCCCCCCC';
      const res = await app.request('http://localhost/anything', {
        method: 'POST',
        headers: {
          cookie: `${CSRF_COOKIE}=${nonce}`,
          origin: 'https://evil.example',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: `_csrf=${csrfTokenFor(config.sessionSecret, nonce)}`,
      });
      expect(res.status).toBe(403);
    });

    it('lets a matching form token through to routing', async () => {
      const nonce = 'DDDDDDDDDDDDDDDDDDDDDDDD';
      const res = await app.request('/anything', {
        method: 'POST',
        headers: { cookie: `${CSRF_COOKIE}=${nonce}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: `_csrf=${csrfTokenFor(config.sessionSecret, nonce)}`,
      });
      expect(res.status).toBe(404);
    });

    it('accepts the token in a header for fetch requests', async () => {
      const nonce = 'EEEEEEEEEEEEEEEEEEEEEEEE';
      const res = await app.request('/anything', {
        method: 'POST',
        headers: { cookie: `${CSRF_COOKIE}=${nonce}`, 'x-csrf-token': csrfTokenFor(config.sessionSecret, nonce) },
      });
      expect(res.status).toBe(404);
    });
  });
});
