// Issue 10 through the real HTTP stack (Hono + React Router build): each case failed before the fix.
import { Writable } from 'node:stream';
import { count, eq } from 'drizzle-orm';
import pino from 'pino';
import type { ServerBuild } from 'react-router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceFirstAdminSetup } from '../../app/server/first-run.server';
import { safeNext } from '../../app/server/guard';
import { createHttpApp } from '../../app/server/http.server';
import { createSession } from '../../src/auth/sessions.server';
import { campaigns } from '../../src/db/schema/registry';
import { surveyAccessCodes } from '../../src/db/schema/survey';
import { computeDraft } from '../../src/results/versions.server';
import { ensureSurveyLinks } from '../../src/survey/links.server';
import { silentLogger, testConfig } from '../helpers/app';
import { loadBuild } from '../helpers/build';
import { createTestDb, type TestDatabase } from '../helpers/db';
import { seedResultsCampaign, type ResultsFixture } from '../results/fixtures';
import { seedPeople, seedWorld, type World } from './fixtures';
import { browser } from './http-helpers';

describe('hardening over HTTP (issue 10)', () => {
  let t: TestDatabase;
  let built: { build: ServerBuild; clientDir: string };
  let world: World;
  let people: Awaited<ReturnType<typeof seedPeople>>['people'];
  let app: ReturnType<typeof createHttpApp>;
  let b: ReturnType<typeof browser>;
  const config = testConfig();
  const session = (token: string) => `noko_session=${token}`;

  beforeAll(async () => {
    built = await loadBuild();
    t = await createTestDb();
    world = await seedWorld(t.db);
    ({ people } = await seedPeople(t.db, world));
    app = createHttpApp({ db: t.db, config, logger: silentLogger, ...built });
    b = browser(app, config);
  }, 120_000);
  afterAll(async () => t?.close());

  describe('login ?next= goes only to a path on this site', () => {
    it.each([
      ['/%09/127.0.0.1:8099/phish.html', '/'],
      ['/\t/127.0.0.1:8099/phish.html', '/'],
      ['/%0A/evil.example', '/'],
      ['/\\evil.example', '/'],
      ['//evil.example/x', '/'],
      ['https://evil.example/', '/'],
      ['/registry?page=2#top', '/registry?page=2#top'],
    ])('%s → %s', (next, expected) => {
      expect(safeNext(decodeURIComponent(next.replace(/%(?![0-9A-F]{2})/gi, '%25')))).toBe(expected);
    });

    it('a signed-in visitor is redirected to the start page, never to another host, and a newline is not a 500', async () => {
      for (const next of ['/%09/127.0.0.1:8099/phish.html', '/%0A/evil.example', '/%5C%5Cevil.example']) {
        const res = await b.get(`/login?next=${next}`, people.admin.cookie);
        expect(res.status, next).toBe(302);
        expect(res.headers.get('location'), next).toBe('/dashboard');
      }
      const ok = await b.get('/login?next=%2Fregistry', people.admin.cookie);
      expect(ok.headers.get('location')).toBe('/registry');
    });
  });

  it('a NUL byte in a form field is a Russian 400 naming the field, not a 500', async () => {
    const res = await b.post('/login', { email: 'admin\u0000@example.ru', password: 'что-то' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Поле «email» содержит недопустимый символ');
  });

  it('a NUL byte in the address is a 400, not a 500', async () => {
    const res = await b.get('/registry/org/%00', people.operator.cookie);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('нулевой байт');
  });

  it('scripts run by nonce, not by unsafe-inline, and every inline script carries it', async () => {
    const res = await b.get('/login');
    const csp = res.headers.get('content-security-policy')!;
    const scriptSrc = /script-src ([^;]+)/.exec(csp)![1]!;
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    const nonce = /'nonce-([^']+)'/.exec(scriptSrc)![1]!;
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attrs of scripts) {
      if (/\bsrc=/.test(attrs)) continue;
      expect(attrs).toContain(`nonce="${nonce}"`);
    }
    // A new nonce for every response.
    const again = (await b.get('/login')).headers.get('content-security-policy')!;
    expect(again).not.toContain(nonce);
  });

  it('staff pages are never cached; a route’s own stricter CSP is kept', async () => {
    const res = await b.get('/dashboard', people.operator.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  describe('the JSON API answers bad input in Russian, naming the field', () => {
    it('a malformed id is a 400, not a 500', async () => {
      const res = await b.get('/api/survey/campaigns/not-a-uuid/tallies', people.operator.cookie);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: string; errors: { field: string }[] };
      expect(body.error).toContain('«campaignId»');
      expect(body.errors[0]!.field).toBe('campaignId');
      const qr = await b.get(
        `/api/survey/campaigns/${crypto.randomUUID()}/organisations/xyz/qr.svg`,
        people.operator.cookie,
      );
      expect(qr.status).toBe(400);
    });

    it('a body that does not match the schema names the field in Russian', async () => {
      const res = await b.postJson(
        `/api/survey/campaigns/${crypto.randomUUID()}/responses`,
        { organisationId: 'nope', mode: 'letter', answers: 1 },
        people.operator.cookie,
      );
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: string; errors: { field: string; message: string }[] };
      expect(body.errors.map((e) => e.field).sort()).toEqual(['answers', 'mode', 'organisationId']);
      for (const e of body.errors) expect(e.message).toMatch(/[А-Яа-я]/);
      expect(JSON.stringify(body)).not.toMatch(/Invalid|expected/);
    });

    it('a NUL byte in JSON is refused before any handler', async () => {
      const res = await b.postJson(
        `/api/survey/campaigns/${crypto.randomUUID()}/quarantine`,
        { ids: [1], decision: 'release', reason: 'ok\u0000' },
        people.chair.cookie,
      );
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toContain('нулевой байт');
    });
  });

  it('the access-codes API issues codes only for an organisation of the campaign (one policy check with the page)', async () => {
    const [campaign] = await t.db
      .insert(campaigns)
      .values({
        territoryId: world.town.id,
        year: 2025,
        title: 'НОК коды',
        methodologyId: 'edu-2019',
        policies: {},
        status: 'collecting',
      })
      .returning();
    await ensureSurveyLinks(t.db, campaign!.id);
    const url = (orgId: string) => `/api/survey/campaigns/${campaign!.id}/organisations/${orgId}/access-codes`;
    for (const orgId of [world.otherSchool.id, crypto.randomUUID()]) {
      const res = await b.postJson(url(orgId), { group: '5А', count: 3 }, people.operator.cookie);
      expect(res.status, orgId).toBe(403);
    }
    expect((await b.postJson(url('garbage'), { group: '5А', count: 3 }, people.operator.cookie)).status).toBe(400);
    const [{ n }] = (await t.db
      .select({ n: count() })
      .from(surveyAccessCodes)
      .where(eq(surveyAccessCodes.campaignId, campaign!.id))) as [{ n: number }];
    expect(n).toBe(0);
  });

  describe('refused actions answer 403', () => {
    let f: ResultsFixture;
    beforeAll(async () => {
      f = await seedResultsCampaign(t.db, { orgs: 2 });
    }, 60_000);

    it('an operator publishing a draft gets 403 with the Russian message', async () => {
      const v = await computeDraft(t.db, f.campaignId, f.users.operator);
      const { token } = await createSession(t.db, f.users.operator.id);
      const res = await b.post(`/results/${f.campaignId}`, { intent: 'publish', versionId: v.id }, session(token));
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('Недостаточно прав');
    });
  });

  it('the first-run setup link is printed on the console and never written to the JSON log', async () => {
    const fresh = await createTestDb();
    try {
      let log = '';
      const sink = new Writable({ write: (chunk, _enc, done) => ((log += String(chunk)), done()) });
      let printed = '';
      await announceFirstAdminSetup(
        fresh.db,
        testConfig({ publicUrl: 'https://noko.example.ru' }),
        pino({ level: 'info' }, sink),
        (s) => (printed += s),
      );
      const link = /https:\/\/noko\.example\.ru\/setup\/[\w-]+/.exec(printed)?.[0];
      expect(link).toBeDefined();
      expect(log).toContain('Первый запуск');
      expect(log).not.toContain('/setup/');
    } finally {
      await fresh.close();
    }
  });
});
