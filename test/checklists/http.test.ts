// The checklist pages through the real HTTP stack (Hono + React Router build) with JavaScript off: plain
// multipart posts with the CSRF field, as a phone without scripts would send them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/auth/sessions.server';
import { sha256Hex } from '../../src/checklists/evidence.server';
import { auditLog } from '../../src/db/schema/audit';
import { checklistAnswers, checklistPhotos } from '../../src/db/schema/checklists';
import { siteAuditResults, siteAuditRuns } from '../../src/db/schema/site-audit';
import { createHttpApp } from '../../app/server/http.server';
import { cookiesFrom, silentLogger, testConfig } from '../helpers/app';
import { loadBuild } from '../helpers/build';
import { createTestDb, type TestDatabase } from '../helpers/db';
import { fakeJpeg, seedChecklistWorld, tinyPng } from './fixtures';

let handle: TestDatabase;
let world: Awaited<ReturnType<typeof seedChecklistWorld>>;
let app: ReturnType<typeof createHttpApp>;
let dataDir: string;

beforeAll(async () => {
  handle = await createTestDb();
  world = await seedChecklistWorld(handle.db);
  dataDir = mkdtempSync(path.join(tmpdir(), 'noko-checklists-http-'));
  const { build, clientDir } = await loadBuild();
  app = createHttpApp({ db: handle.db, config: testConfig({ dataDir }), logger: silentLogger, build, clientDir });
}, 120_000);

afterAll(async () => {
  await handle?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

type Browser = { cookie: string; csrf: string };

async function signIn(userId: string): Promise<Browser> {
  const { token } = await createSession(handle.db, userId);
  return { cookie: `noko_session=${token}`, csrf: '' };
}

async function get(b: Browser, url: string): Promise<Response> {
  const res = await app.request(url, { headers: { cookie: b.cookie } });
  const fresh = cookiesFrom(res);
  if (fresh.includes('noko_csrf='))
    b.cookie = `${b.cookie}; ${fresh.split('; ').find((c) => c.startsWith('noko_csrf='))}`;
  return res;
}

function formOf(html: string) {
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const hidden = new Map<string, string>();
  for (const m of html.matchAll(/<input type="hidden" name="([vh]\.[^"]+)" value="([^"]*)"/g)) hidden.set(m[1]!, m[2]!);
  return { csrf, hidden };
}

const sheetUrl = (key: string, orgId = world.school.id, campaignId = world.campaign.id) =>
  `/campaigns/${campaignId}/org/${orgId}/checklists/${key}`;

async function post(b: Browser, url: string, body: FormData): Promise<Response> {
  return app.request(url, { method: 'POST', body, headers: { cookie: b.cookie, origin: 'http://localhost' } });
}

/** Loads the page and returns a FormData pre-filled like the browser would send it unchanged. */
async function openForm(b: Browser, url: string) {
  const res = await get(b, url);
  expect(res.status).toBe(200);
  const html = await res.text();
  const { csrf, hidden } = formOf(html);
  const fd = new FormData();
  fd.set('_csrf', csrf);
  for (const [k, v] of hidden) fd.set(k, v);
  return { fd, html, hidden };
}

describe('checklist pages over HTTP, JavaScript off', () => {
  let expert: Browser;
  beforeAll(async () => {
    expert = await signIn(world.expertA.id);
  });

  it('sends an anonymous visitor to the login page', async () => {
    const res = await app.request(sheetUrl('2.1'));
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/login\?next=/);
  });

  it('shows the overview and a checklist form with big radio answers and a multipart form', async () => {
    const overview = await get(expert, `/campaigns/${world.campaign.id}/org/${world.school.id}/checklists`);
    expect(overview.status).toBe(200);
    const o = await overview.text();
    expect(o).toContain('Чек-листы: Школа № 1');
    expect(o).toContain(`/checklists/1.1-stand`);
    const { html } = await openForm(expert, sheetUrl('2.1'));
    expect(html).toMatch(/enctype="multipart\/form-data"/i);
    expect(html).toContain('Понятная навигация внутри здания');
    expect(html).toContain('Не применимо');
  });

  it('saves an answer with a note, a link and a photo, and serves the photo back safely', async () => {
    const { fd } = await openForm(expert, sheetUrl('2.1'));
    fd.set('a.rest-zone', 'yes');
    fd.set('n.rest-zone', 'диваны в холле 1 этажа');
    fd.set('l.rest-zone', 'https://school1.example.ru/foto');
    const png = tinyPng();
    fd.append('p.rest-zone', new File([Buffer.from(png)], '../../etc/passwd.jpg', { type: 'image/jpeg' }));
    fd.set('a.water', 'na');
    const res = await post(expert, sheetUrl('2.1'), fd);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/\/checklists\/2\.1\?saved=\d+$/);

    const [row] = await handle.db
      .select()
      .from(checklistAnswers)
      .where(and(eq(checklistAnswers.organisationId, world.school.id), eq(checklistAnswers.itemId, 'rest-zone')));
    expect(row).toMatchObject({
      answer: 'yes',
      note: 'диваны в холле 1 этажа',
      link: 'https://school1.example.ru/foto',
      version: 1,
      recordedByName: 'Эксперт Анна',
    });
    const sha = sha256Hex(png);
    const photoUrl = `/campaigns/${world.campaign.id}/org/${world.school.id}/checklists/photos/${sha}`;
    const photo = await get(expert, photoUrl);
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/png');
    expect(photo.headers.get('x-content-type-options')).toBe('nosniff');
    // The route's sandbox policy survives the global headers (issue 10).
    expect(photo.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(photo.headers.get('content-disposition')).toBe(`inline; filename="foto-${sha.slice(0, 12)}.png"`);
    expect(Buffer.from(await photo.arrayBuffer())).toEqual(Buffer.from(png));

    const page = await (await get(expert, sheetUrl('2.1'))).text();
    expect(page).toContain(photoUrl);
    expect(page).toContain('Записал(а): Эксперт Анна');

    // a council member may see it; an operator of another territory and an anonymous visitor may not
    const council = await signIn(world.council.id);
    expect((await get(council, photoUrl)).status).toBe(200);
    const foreign = await signIn(world.foreignExpert.id);
    const refused = await get(foreign, photoUrl);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Недостаточно прав');
    expect((await app.request(photoUrl)).status).toBe(302);
    // the same hash under an organisation it is not evidence for
    expect(
      (await get(expert, `/campaigns/${world.campaign.id}/org/${world.kindergarten.id}/checklists/photos/${sha}`))
        .status,
    ).toBe(404);
  });

  it('refuses a non-image renamed .jpg and an oversize photo in Russian, and changes nothing', async () => {
    const before = (await handle.db.select().from(checklistAnswers)).length;
    const photosBefore = (await handle.db.select().from(checklistPhotos)).length;
    const { fd } = await openForm(expert, sheetUrl('3.1'));
    fd.set('a.ramps', 'yes');
    fd.append(
      'p.ramps',
      new File([new TextEncoder().encode('#!/bin/sh\necho not a photo\n')], 'пандус.jpg', { type: 'image/jpeg' }),
    );
    const big = new Uint8Array(10 * 1024 * 1024 + 10);
    big.set(fakeJpeg().subarray(0, 6));
    fd.set('a.parking', 'yes');
    fd.append('p.parking', new File([big], 'стоянка.jpg', { type: 'image/jpeg' }));
    const res = await post(expert, sheetUrl('3.1'), fd);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Ничего не сохранено');
    expect(html).toContain('не является фотографией JPEG, PNG или HEIC');
    expect(html).toContain('больше 10 МБ');
    // The summary links each item to its first answer, whose group names the error (the kit's ids).
    expect(html).toContain('href="#a-ramps"');
    expect(html).toMatch(/<fieldset aria-describedby="[^"]*a-ramps-error"/);
    expect(html).toContain('id="a-ramps-error"');
    expect(html).toMatch(/<input id="a-ramps" type="radio"/);
    expect((await handle.db.select().from(checklistAnswers)).length).toBe(before);
    expect((await handle.db.select().from(checklistPhotos)).length).toBe(photosBefore);
  });

  it('refuses a forged post without the CSRF token and changes nothing', async () => {
    const { fd } = await openForm(expert, sheetUrl('3.2'));
    fd.delete('_csrf');
    fd.set('a.braille', 'yes');
    const res = await post(expert, sheetUrl('3.2'), fd);
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/Форма устарела или отправлена не со страницы НОКО/);
    expect(await handle.db.select().from(checklistAnswers).where(eq(checklistAnswers.itemId, 'braille'))).toEqual([]);
  });

  it('refuses an operator of another territory who puts our ids in the URL, and changes nothing', async () => {
    const foreign = await signIn(world.foreignExpert.id);
    const own = await openForm(foreign, sheetUrl('2.1', world.foreignSchool.id, world.foreignCampaign.id));
    const fd = new FormData();
    fd.set('_csrf', own.fd.get('_csrf') as string);
    fd.set('v.navigation', '0');
    fd.set('h.navigation', 'x');
    fd.set('a.navigation', 'no');
    const auditBefore = (await handle.db.select().from(auditLog)).length;
    for (const url of [
      sheetUrl('2.1'),
      sheetUrl('2.1', world.school.id, world.foreignCampaign.id),
      sheetUrl('2.1', world.foreignSchool.id, world.campaign.id),
    ]) {
      const res = await post(foreign, url, fd);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('Недостаточно прав');
      expect((await get(foreign, url)).status).toBe(403);
    }
    expect(await handle.db.select().from(checklistAnswers).where(eq(checklistAnswers.itemId, 'navigation'))).toEqual(
      [],
    );
    expect((await handle.db.select().from(auditLog)).length).toBe(auditBefore);
  });

  it('a council member sees the checklist read-only and cannot post', async () => {
    const council = await signIn(world.council.id);
    const res = await get(council, sheetUrl('2.1'));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Просмотр: заполнять чек-листы могут эксперты оператора');
    expect(html).not.toMatch(/enctype="multipart\/form-data"/i);
  });

  it('a second expert with a stale form gets a conflict page with both values, then chooses', async () => {
    const b = await signIn(world.expertB.id);
    const formA = await openForm(expert, sheetUrl('1.2'));
    const formB = await openForm(b, sheetUrl('1.2'));
    formA.fd.set('a.phone', 'yes');
    formA.fd.set('n.phone', 'дозвонились с первого раза');
    expect((await post(expert, sheetUrl('1.2'), formA.fd)).status).toBe(302);

    formB.fd.set('a.phone', 'no');
    formB.fd.set('n.phone', 'никто не ответил');
    formB.fd.set('a.faq', 'yes');
    const res = await post(b, sheetUrl('1.2'), formB.fd);
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('Ответы изменил другой эксперт');
    expect(html).toContain('дозвонились с первого раза');
    expect(html).toContain('никто не ответил');
    expect(html).toContain('Эксперт Анна');
    const stored = async (item: string) =>
      (
        await handle.db
          .select()
          .from(checklistAnswers)
          .where(
            and(
              eq(checklistAnswers.organisationId, world.school.id),
              eq(checklistAnswers.checklist, '1.2'),
              eq(checklistAnswers.itemId, item),
            ),
          )
      )[0];
    expect(await stored('phone')).toMatchObject({ answer: 'yes', note: 'дозвонились с первого раза' });
    expect(await stored('faq')).toMatchObject({ answer: 'yes', recordedByName: 'Эксперт Борис' });

    // the conflict page's own form: choose "mine"
    const resolve = new FormData();
    for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
      resolve.set(m[1]!, m[2]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
    resolve.set('choice.phone', 'mine');
    const done = await post(b, sheetUrl('1.2'), resolve);
    expect(done.status).toBe(302);
    expect(await stored('phone')).toMatchObject({
      answer: 'no',
      note: 'никто не ответил',
      version: 2,
      recordedByName: 'Эксперт Борис',
    });
  });

  it('pre-fills 1.2 from the latest stored site audit as a proposal the expert confirms', async () => {
    const [run] = await handle.db
      .insert(siteAuditRuns)
      .values({ campaignId: world.campaign.id, settings: {}, status: 'done' })
      .returning();
    const report = {
      auditDate: '2025-03-15',
      sections: [],
      answers: {
        indicator11Site: { present: 0, norm: 0, points: 0 },
        indicator12: {
          channels: [
            {
              channel: 'email',
              title: 'почта',
              detected: true,
              evidence: 'mailto:',
              url: 'https://school1.example.ru/kontakty',
            },
            { channel: 'faq', title: 'faq', detected: false, evidence: null, url: null },
          ],
          detected: 1,
          points: 30,
        },
        note: '',
      },
    };
    await handle.db.insert(siteAuditResults).values({
      runId: run!.id,
      organisationId: world.kindergarten.id,
      url: 'https://sad5.example.ru',
      orgType: 'preschool',
      report,
      finishedAt: new Date(),
    });
    const res = await get(expert, sheetUrl('1.2', world.kindergarten.id));
    const html = await res.text();
    expect(html).toContain('Предложение (автоматическая проверка сайта от 15.03.2025)');
    expect(html).toMatch(/name="a\.email" checked="" value="yes"/);
    expect(html).toMatch(/name="a\.faq" checked="" value="no"/);
    // nothing is stored until the expert saves
    expect(
      await handle.db.select().from(checklistAnswers).where(eq(checklistAnswers.organisationId, world.kindergarten.id)),
    ).toEqual([]);
  });
});
