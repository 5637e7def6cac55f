import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createHttpApp } from '../../app/server/http.server';
import { CSRF_COOKIE, csrfTokenFor } from '../../app/server/csrf.server';
import { createSession, SESSION_COOKIE } from '../../src/auth/sessions.server';
import { bundledCalendar } from '../../src/calendar/bundled.server';
import { calendarYears, importCalendarFile, loadCalendar } from '../../src/calendar/store.server';
import { isWorkingDay } from '../../src/calendar/production-calendar';
import { campaignCalendar, setOperatorReportDate } from '../../src/campaigns/calendar.server';
import { createCampaign, getCampaign } from '../../src/campaigns/campaigns.server';
import { recomputePreliminaryDeadlines } from '../../src/campaigns/events.server';
import { auditLog } from '../../src/db/schema/audit';
import { campaignDeadlines } from '../../src/db/schema/campaigns';
import { users } from '../../src/db/schema/auth';
import { createTerritory } from '../../src/registry/organisations.server';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';
import { silentLogger, testConfig } from '../helpers/app';
import { loadBuild } from '../helpers/build';

const actor = { id: null, name: 'Тест' };
const utf8 = (s: string) => new TextEncoder().encode(s);
// The 2027 decree as a region would type it (a made-up but well-formed file: New Year, 23.02, 08.03, 01.05, 09–10.05, 12.06, 04.11).
const year2027 = [
  'date,kind,moved_from,holiday',
  ...['01', '02', '03', '04', '05', '06', '07', '08'].map((d) => `2027-01-${d},day-off,,Новогодние каникулы`),
  '2027-02-23,day-off,,День защитника Отечества',
  '2027-03-08,day-off,,Международный женский день',
  '2027-05-01,day-off,,Праздник Весны и Труда',
  '2027-05-03,day-off,2027-05-01,',
  '2027-05-10,day-off,2027-05-09,',
  '2027-05-09,day-off,,День Победы',
  '2027-06-12,day-off,,День России',
  '2027-06-14,day-off,2027-06-12,',
  '2027-10-11,day-off,2027-01-02,',
  '2027-11-04,day-off,,День народного единства',
].join('\n');

describe(`production calendar in the database (${testEngine})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => t?.close());

  it('the migration seeds the bundled years, the same days as the shipped file', async () => {
    const years = await calendarYears(t.db);
    expect(years.map((y) => y.year)).toEqual(Array.from({ length: 14 }, (_, i) => 2013 + i));
    const db = await loadCalendar(t.db);
    const file = bundledCalendar();
    expect([...db.days.keys()].sort()).toEqual([...file.days.keys()].sort());
    expect(db.days.get('2026-12-31')).toEqual(file.days.get('2026-12-31'));
  });

  it('a broken file changes nothing and says what is wrong', async () => {
    const bad = `${year2027}\n2027-13-40,day-off,,`;
    const r = await importCalendarFile(t.db, { bytes: utf8(bad), fileName: 'bad.csv', replace: false, actor });
    expect(r).toEqual({ ok: false, errors: [expect.stringMatching(/^Строка 20: дата должна быть/)] });
    expect((await calendarYears(t.db)).some((y) => y.year === 2027)).toBe(false);
    expect(
      await importCalendarFile(t.db, { bytes: utf8('date,kind\n'), fileName: 'x.csv', replace: false, actor }),
    ).toMatchObject({ ok: false, errors: [expect.stringMatching(/заголовком/)] });
    expect(
      await importCalendarFile(t.db, {
        bytes: new Uint8Array([0xff, 0xfe, 0x00]),
        fileName: 'x.csv',
        replace: false,
        actor,
      }),
    ).toMatchObject({ ok: false, errors: [expect.stringMatching(/UTF-8/)] });
    expect(
      await importCalendarFile(t.db, {
        bytes: utf8('date,kind,moved_from,holiday\n2027-03-10,working-weekend,,'),
        fileName: 'x.csv',
        replace: false,
        actor,
      }),
    ).toMatchObject({ ok: false });
  });

  it('a loaded year already in the database is replaced only on purpose', async () => {
    const r = await importCalendarFile(t.db, {
      bytes: utf8('date,kind,moved_from,holiday\n2026-01-01,day-off,,Новый год'),
      fileName: 'x.csv',
      replace: false,
      actor,
    });
    expect(r).toMatchObject({ ok: false, errors: [expect.stringMatching(/уже загружен на 2026 год/)] });
    expect((await loadCalendar(t.db)).days.get('2026-12-31')?.kind).toBe('day-off');
  });

  it('loading a new year turns its preliminary deadlines into final ones, audited', async () => {
    const town = await createTerritory(t.db, { kind: 'region', name: 'Область', parentId: null }, actor);
    const c = await createCampaign(
      t.db,
      { territoryId: town.id, year: 2027, title: 'НОК 2027', methodologyId: 'edu-2019', policies: {} },
      actor,
      '2027-01-10',
    );
    // 10.09.2027 + 1 month = 10.10.2027, a Sunday; by art. 112 alone the deadline is Monday 11.10.
    await setOperatorReportDate(t.db, c.id, '2027-09-10', actor, '2027-09-12');
    const before = await campaignCalendar(t.db, (await getCampaign(t.db, c.id))!, '2027-09-20');
    expect(before.clocks[0]).toMatchObject({
      deadline: '2027-10-11',
      preliminary: 'календарь на 2027 год не загружен — срок предварительный',
    });

    const r = await importCalendarFile(t.db, {
      bytes: utf8(year2027),
      fileName: 'Постановление 2027.csv',
      replace: false,
      actor,
      onLoaded: (tx, years) => recomputePreliminaryDeadlines(tx, years, actor).then(() => undefined),
    });
    expect(r).toMatchObject({ ok: true, years: [2027], replaced: [] });
    expect(isWorkingDay(await loadCalendar(t.db), '2027-10-11')).toBe(false);
    const [stored] = await t.db.select().from(campaignDeadlines).where(eq(campaignDeadlines.campaignId, c.id));
    // With the decree the 11th is a transferred day off: the deadline is the 12th, and it is final.
    expect(stored).toMatchObject({
      key: 'council_results',
      nominal: '2027-10-10',
      due: '2027-10-12',
      preliminary: false,
      calendar: 'производственный календарь на 2027 год',
    });
    const after = await campaignCalendar(t.db, (await getCampaign(t.db, c.id))!, '2027-09-20');
    expect(after.clocks[0]).toMatchObject({ deadline: '2027-10-12', preliminary: null });
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, 'calendar.load'));
    expect(audit).toHaveLength(1);
    expect((await t.db.select().from(auditLog).where(eq(auditLog.action, 'campaign.deadline')))[0]).toMatchObject({
      entityId: c.id,
      reason: 'загружен производственный календарь на 2027 год',
    });
  });
});

describe(`the administrator's calendar page (${testEngine})`, () => {
  let t: TestDatabase;
  let app: ReturnType<typeof createHttpApp>;
  const config = testConfig();
  const NONCE = 'CalendarNonce123456789';
  const token = csrfTokenFor(config.sessionSecret, NONCE);
  let admin: string;
  let authority: string;
  const cookie = (session: string) => `${CSRF_COOKIE}=${NONCE}; ${SESSION_COOKIE}=${session}`;
  const upload = (session: string, text: string, replace = false) => {
    const fd = new FormData();
    fd.set('_csrf', token);
    fd.set('file', new File([text], '2027.csv', { type: 'text/csv' }));
    if (replace) fd.set('replace', 'yes');
    return app.request('http://localhost/admin/calendar', {
      method: 'POST',
      headers: { cookie: cookie(session), origin: 'http://localhost' },
      body: fd,
    });
  };

  beforeAll(async () => {
    t = await createTestDb();
    const { build, clientDir } = await loadBuild();
    app = createHttpApp({ db: t.db, config, logger: silentLogger, build, clientDir });
    const [a] = await t.db.insert(users).values({ email: 'a@x.ru', name: 'Админ', role: 'admin' }).returning();
    const [u] = await t.db.insert(users).values({ email: 'u@x.ru', name: 'Орган', role: 'authority' }).returning();
    admin = (await createSession(t.db, a!.id)).token;
    authority = (await createSession(t.db, u!.id)).token;
  }, 120_000);
  afterAll(async () => t?.close());

  it('lists the loaded years and loads a new one from a file; a bad file is a 400 that loads nothing', async () => {
    const page = await (
      await app.request('http://localhost/admin/calendar', { headers: { cookie: cookie(admin) } })
    ).text();
    expect(page).toContain('Производственный календарь');
    expect(page).toContain('поставка НОКО');
    const bad = await upload(admin, 'date,kind,moved_from,holiday\n2027-01-01,holiday,,');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('вид дня должен быть одним из');
    expect((await calendarYears(t.db)).some((y) => y.year === 2027)).toBe(false);
    const ok = await upload(admin, year2027);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Календарь на 2027 год загружен');
    expect((await calendarYears(t.db)).find((y) => y.year === 2027)).toMatchObject({
      source: '2027.csv',
      loadedBy: 'Админ',
    });
    const again = await upload(admin, year2027);
    expect(again.status).toBe(400);
    expect((await upload(admin, year2027, true)).status).toBe(200);
  });

  it('refuses everyone but the administrator', async () => {
    expect(
      (await app.request('http://localhost/admin/calendar', { headers: { cookie: cookie(authority) } })).status,
    ).toBe(403);
    expect((await upload(authority, year2027, true)).status).toBe(403);
  });
});
