import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createQuestionnaireApp } from '../../app/hot/questionnaire';
import { createHttpApp } from '../../app/server/http.server';
import { campaigns } from '../../src/db/schema/registry';
import { surveyResponses } from '../../src/db/schema/survey';
import { SharedWindowCounter } from '../../src/security/shared-limits.server';
import { keyedHash, signRenderTime } from '../../src/survey/codes.server';
import { defaultThresholds, IntegrityMonitor } from '../../src/survey/integrity';
import { forgetLinks, linkFor } from '../../src/survey/links.server';
import { SurveyKeyStore, sweepSurveyKeys } from '../../src/survey/network-keys.server';
import { getTallies } from '../../src/survey/tallies.server';
import { cookiesFrom, silentLogger, testConfig } from '../helpers/app';
import { createTestDb, newDataDir, type TestDatabase } from '../helpers/db';
import { noko } from '../helpers/noko';
import { ALL_YES, csrfPair, seedSurvey } from './fixtures';
import { Hono } from 'hono';

describe('the questionnaire is harder to stuff', () => {
  let t: TestDatabase;
  let keyDir: string;
  let keys: SurveyKeyStore;
  const config = testConfig();
  const csrf = csrfPair(config.sessionSecret);
  let app: ReturnType<typeof createHttpApp>;

  beforeAll(async () => {
    t = await createTestDb();
    keyDir = mkdtempSync(path.join(tmpdir(), 'noko-survey-keys-'));
    keys = new SurveyKeyStore(keyDir);
    app = createHttpApp({ db: t.db, config, logger: silentLogger, surveyKeys: keys });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(keyDir, { recursive: true, force: true });
  });
  beforeEach(() => forgetLinks());

  function post(
    target: { request: typeof app.request },
    code: string,
    fields: Record<string, string>,
    cookie?: string,
  ) {
    return target.request(`/q/${code}`, {
      method: 'POST',
      headers: {
        cookie: [csrf.cookie, cookie].filter(Boolean).join('; '),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ _csrf: csrf.token, ...fields }).toString(),
    });
  }
  const responses = async (organisationId: string) =>
    (
      await t.db
        .select({ n: sql<number>`count(*)::int` })
        .from(surveyResponses)
        .where(eq(surveyResponses.organisationId, organisationId))
    )[0]!.n;

  it('counts a rendered form once: 20 scripted posts of one signed form store one response', async () => {
    const f = await seedSurvey(t.db, { orgs: 1 });
    const link = (await linkFor(t.db, f.campaignId, f.orgIds[0]!))!;
    // One form "rendered" 90 s ago, replayed 20 times by a script that drops cookies.
    const token = signRenderTime(link.secret, link.code, Date.now() - 90_000);
    // Its own budget of posts (a different limit is a different counter), so the /q rate limit is not what stops it.
    const scripted = new Hono().route(
      '/q',
      createQuestionnaireApp({ db: t.db, config, logger: silentLogger, surveyKeys: keys }, { postLimit: 100 }),
    );
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await post(scripted, link.code, { ...ALL_YES, t: token })).status);
    expect(statuses.filter((s) => s === 303)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect(await responses(f.orgIds[0]!)).toBe(1);
    const [tally] = await getTallies(t.db, f.campaignId, f.orgIds[0]);
    expect(tally).toMatchObject({ received: 1, valid: 1 });
  });

  it('a replayed form comes back with the answers kept and a fresh token that works', async () => {
    const f = await seedSurvey(t.db, { orgs: 1 });
    const link = (await linkFor(t.db, f.campaignId, f.orgIds[0]!))!;
    const token = signRenderTime(link.secret, link.code, Date.now() - 90_000);
    const first = await post(app, link.code, { ...ALL_YES, q5: 'no', t: token });
    expect(first.status).toBe(303);
    const browser = cookiesFrom(first);
    const again = await post(app, link.code, { ...ALL_YES, q5: 'yes', t: token }, browser);
    expect(again.status).toBe(409);
    const html = await again.text();
    expect(html).toContain('Эта форма уже была отправлена');
    expect(html).toMatch(/name="q5" checked="" value="yes"/);
    const fresh = /name="t" value="([^"]+)"/.exec(html)![1]!;
    expect(fresh).not.toBe(token);
    expect(fresh.split('.')[0]).toBe(token.split('.')[0]); // the original render time is kept
    const third = await post(app, link.code, { ...ALL_YES, q5: 'yes', t: fresh }, browser);
    expect(third.status).toBe(303);
    expect(await responses(f.orgIds[0]!)).toBe(1); // the same browser replaced its answer
  });

  it('made-up browser cookies are not "browsers that answered before": a signed one is issued instead', async () => {
    const f = await seedSurvey(t.db, { orgs: 1 });
    const link = (await linkFor(t.db, f.campaignId, f.orgIds[0]!))!;
    const forged = 'A'.repeat(24);
    const res = await post(
      app,
      link.code,
      { ...ALL_YES, t: signRenderTime(link.secret, link.code, Date.now() - 90_000) },
      `noko_r_${link.code}=${forged}`,
    );
    expect(res.status).toBe(303);
    const issued = res.headers
      .getSetCookie()
      .find((c) => c.startsWith(`noko_r_${link.code}=`))!
      .split(';')[0]!
      .split('=')[1]!;
    expect(issued).not.toBe(forged);
    expect(issued).toMatch(/^[\w-]{24}\.[\w-]{22}$/);
    // A tampered signature is refused the same way.
    const tampered = `${issued.slice(0, 24)}.${'B'.repeat(22)}`;
    const next = await post(
      app,
      link.code,
      { ...ALL_YES, t: signRenderTime(link.secret, link.code, Date.now() - 90_000) },
      `noko_r_${link.code}=${tampered}`,
    );
    expect(next.headers.getSetCookie().some((c) => c.includes(tampered))).toBe(false);
    expect(await responses(f.orgIds[0]!)).toBe(2);
  });

  it('a NUL byte in the free text is a Russian 400 that keeps the parent’s answers; nothing is stored', async () => {
    const f = await seedSurvey(t.db, { orgs: 1 });
    const link = (await linkFor(t.db, f.campaignId, f.orgIds[0]!))!;
    const res = await post(app, link.code, {
      ...ALL_YES,
      q5: 'no',
      q15: 'Больше\u0000кружков',
      t: signRenderTime(link.secret, link.code, Date.now() - 90_000),
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Вопрос 15 (предложения): в тексте есть недопустимый символ');
    expect(html).toMatch(/name="q5" checked="" value="no"/);
    expect(html).toContain('Большекружков');
    expect(await responses(f.orgIds[0]!)).toBe(0);
  });

  it('burst windows are shared by every instance on the database', async () => {
    const f = await seedSurvey(t.db, { orgs: 1 });
    const link = (await linkFor(t.db, f.campaignId, f.orgIds[0]!))!;
    const monitor = () => new IntegrityMonitor({ ...defaultThresholds, burstLimit: 2 }, new SharedWindowCounter(t.db));
    const instance = () =>
      new Hono().route(
        '/q',
        createQuestionnaireApp({ db: t.db, config, logger: silentLogger, surveyKeys: keys }, { monitor: monitor() }),
      );
    const [a, b] = [instance(), instance()];
    const mixed = (i: number) => ({
      ...ALL_YES,
      q5: i % 2 ? 'no' : 'yes',
      q13: i % 3 ? 'no' : 'yes',
      t: signRenderTime(link.secret, link.code, Date.now() - 90_000),
    });
    // The sub-apps have no CSRF middleware; each call is a different parent behind the same network.
    for (const [i, target] of [a, b, a].entries())
      expect(
        (await target.request(`/q/${link.code}`, { method: 'POST', body: new URLSearchParams(mixed(i)) })).status,
      ).toBe(303);
    const rows = await t.db
      .select({ flags: surveyResponses.flags })
      .from(surveyResponses)
      .where(eq(surveyResponses.organisationId, f.orgIds[0]!))
      .orderBy(surveyResponses.id);
    expect(rows.map((r) => r.flags.includes('burst'))).toEqual([false, false, true]);
  });

  it('keeps the network key outside the database, per campaign, and destroys it when collection ends', async () => {
    const f = await seedSurvey(t.db, { orgs: 1 });
    const g = await seedSurvey(t.db, { orgs: 1 });
    for (const s of [f, g]) {
      const link = (await linkFor(t.db, s.campaignId, s.orgIds[0]!))!;
      expect(
        (await post(app, link.code, { ...ALL_YES, t: signRenderTime(link.secret, link.code, Date.now() - 90_000) }))
          .status,
      ).toBe(303);
    }
    const file = path.join(keyDir, `${f.campaignId}.key`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const key = readFileSync(file, 'utf8').trim();
    const link = (await linkFor(t.db, f.campaignId, f.orgIds[0]!))!;
    const [row] = await t.db
      .select({ hash: surveyResponses.networkHash })
      .from(surveyResponses)
      .where(eq(surveyResponses.organisationId, f.orgIds[0]!));
    // In-process requests have no socket: the network is «local». The hash is keyed with the file, not with anything in the database.
    expect(row!.hash).toBe(keyedHash(key, 'net', 'local'));
    expect(row!.hash).not.toBe(keyedHash(link.secret, 'net', 'local'));
    expect(readFileSync(path.join(keyDir, `${g.campaignId}.key`), 'utf8').trim()).not.toBe(key); // rotated per campaign
    const dump = JSON.stringify(await t.db.execute(sql`select * from survey_secrets`));
    expect(dump).not.toContain(key);

    await t.db.update(campaigns).set({ status: 'scoring' }).where(eq(campaigns.id, f.campaignId));
    expect(await sweepSurveyKeys(t.db, keys)).toEqual([f.campaignId]);
    expect(keys.has(f.campaignId)).toBe(false);
    expect(keys.has(g.campaignId)).toBe(true);
  });
});

describe('noko backup leaves the survey keys out unless asked', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'noko-backup-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--with-keys includes them, the default does not (child process of bin/noko.js)', async () => {
    const dataDir = await newDataDir(path.join(dir, 'data'));
    new SurveyKeyStore(path.join(dataDir, 'survey-keys')).key('00000000-0000-4000-8000-000000000001');
    const entries = async (args: string[], out: string) => {
      const r = await noko(['backup', '--out', out, ...args], { dataDir });
      expect(r.code, r.stderr).toBe(0);
      return spawnSync('tar', ['-tzf', out], { encoding: 'utf8' }).stdout;
    };
    expect(await entries([], path.join(dir, 'plain.tar.gz'))).not.toContain('survey-keys');
    expect(await entries(['--with-keys'], path.join(dir, 'keys.tar.gz'))).toContain(
      'files/survey-keys/00000000-0000-4000-8000-000000000001.key',
    );
  }, 120_000);
});
