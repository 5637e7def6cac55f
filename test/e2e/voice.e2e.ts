// Citizens' voice in Chromium: the permanent questionnaire answered inside an iframe on another site
// (with and without JavaScript), a review with a phone number held back by screening and rejected with a
// reason, a clean review published, the organisation's reply moderated and shown on the public card; axe
// on every new page, desktop and 375 px wide.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.server';
import { ensureVoiceLinks } from '../../src/voice/settings.server';
import { seedPeople, seedWorld, type Persona } from '../auth/fixtures';
import { axeViolations as axe, freePort, launchBrowser, startServer, type RunningServer } from './server';

const build = () =>
  execFileSync('flock', ['/tmp/noko-rr-build.lock', 'npx', 'react-router', 'build'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    stdio: 'pipe',
  });
const SHOTS = process.env.VOICE_SHOTS ?? '';

describe('citizens’ voice in Chromium', () => {
  let server: RunningServer;
  let host: http.Server;
  let hostUrl: string;
  let browser: Browser;
  let dataDir: string;
  let code: string;
  let townId: string;
  let schoolId: string;
  const sessions = {} as Record<Persona, string>;
  const contexts: BrowserContext[] = [];

  async function open(
    who: Persona | null,
    options: { javaScriptEnabled?: boolean; width?: number } = {},
  ): Promise<Page> {
    const context = await browser.newContext({
      javaScriptEnabled: options.javaScriptEnabled ?? true,
      viewport: { width: options.width ?? 1280, height: 900 },
    });
    contexts.push(context);
    if (who)
      await context.addCookies([
        { name: 'noko_session', value: sessions[who], url: server.url, httpOnly: true, sameSite: 'Lax' },
      ]);
    return context.newPage();
  }
  const shot = async (page: Page, name: string) => {
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    build();
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
    dataDir = mkdtempSync(path.join(tmpdir(), 'noko-e2e-voice-'));
    const seed = await openDatabase({ engine: 'pglite', dataDir });
    const world = await seedWorld(seed.db);
    townId = world.town.id;
    schoolId = world.school.id;
    code = (await ensureVoiceLinks(seed.db, world.town.id)).get(world.school.id)!;
    const { people } = await seedPeople(seed.db, world);
    for (const [who, p] of Object.entries(people)) sessions[who as Persona] = p.cookie.replace('noko_session=', '');
    await seed.close();
    for (let attempt = 0; ; attempt++) {
      try {
        server = await startServer({ DATA_DIR: dataDir });
        break;
      } catch (err) {
        if (attempt >= 2 || !String(err).includes('build/')) throw err;
        build();
      }
    }
    // The school's own site on another origin ("localhost" is another site than "127.0.0.1"), embedding the snippet.
    const port = await freePort();
    hostUrl = `http://localhost:${port}`;
    host = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Сайт школы № 1</title></head><body><main><h1>Школа № 1: мнение родителей</h1>
<iframe src="${server.url}/golos/${code}/vstavka" title="Анкета о качестве условий: Школа № 1" width="100%" height="1400" style="border:0"></iframe>
<p><a href="${server.url}/golos/${code}">Анкета и отзывы: Школа № 1</a></p></main></body></html>`);
    });
    await new Promise<void>((r) => host.listen(port, '127.0.0.1', r));
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await new Promise((r) => host?.close(r));
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  for (const javaScriptEnabled of [true, false]) {
    it(`a citizen answers the permanent questionnaire inside an iframe on the school's site (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const page = await open(null, { javaScriptEnabled });
      await page.goto(hostUrl);
      // axe runs inside the page: only with scripts on (the JS-off run checks that the form works).
      if (javaScriptEnabled) expect(await axe(page)).toEqual([]);
      const frame = page.frameLocator('iframe');
      await frame.locator('input[name=q1][value=yes]').check();
      await frame.locator('input[name=q2][value=yes]').check();
      await frame.locator('input[name=q3][value=no]').check();
      await frame.locator('input[name=q5][value=yes]').check();
      await frame.getByRole('button', { name: 'Отправить ответы' }).click();
      await expect.poll(() => frame.locator('h1').textContent()).toBe('Спасибо! Ваши ответы приняты');
      if (javaScriptEnabled) expect(await axe(page)).toEqual([]);
      await shot(page, `embed-thanks-js-${javaScriptEnabled ? 'on' : 'off'}`);
    });
  }

  it('a review with a phone number is held back, rejected with a reason; a clean one is published; the organisation replies; the card shows it', async () => {
    const citizen = await open(null, { width: 375 });
    await citizen.goto(`${server.url}/golos/${code}/otzyv`);
    expect(await axe(citizen)).toEqual([]);
    await shot(citizen, 'review-form-375');
    await citizen.fill('#text', 'Учительница не отвечает в чате, звоните ей сами: 8 912 345-67-89.');
    await citizen.getByRole('button', { name: 'Отправить отзыв' }).click();
    await citizen.waitForURL(/otzyv\/prinyat/);
    expect(await citizen.textContent('main')).toContain('Автоматическая проверка нашла');
    expect(await axe(citizen)).toEqual([]);

    await citizen.goto(`${server.url}/golos/${code}/otzyv`);
    await citizen.fill('#text', 'В школе тепло, в столовой вкусно. Спасибо поварам!');
    await citizen.check('input[name=k2][value="5"]');
    await citizen.getByRole('button', { name: 'Отправить отзыв' }).click();
    await citizen.waitForURL(/otzyv\/prinyat/);

    const moderator = await open('authority');
    await moderator.goto(`${server.url}/voice/t/${townId}/moderation`);
    expect(await axe(moderator)).toEqual([]);
    await shot(moderator, 'moderation');
    const held = moderator.locator('article', { hasText: '345-67-89' });
    expect(await held.textContent()).toContain('номер телефона');
    await held.locator('select[name=reason]').selectOption('personal-data');
    await held.getByRole('button', { name: 'Отклонить' }).click();
    await moderator.waitForURL(/done=rejected/);
    const clean = moderator.locator('article', { hasText: 'Спасибо поварам' });
    await clean.getByRole('button', { name: 'Опубликовать' }).click();
    await moderator.waitForURL(/done=published/);
    expect(await moderator.textContent('table')).toContain('персональные данные других людей');

    const school = await open('organisation');
    await school.goto(`${server.url}/voice/org/${schoolId}`);
    expect(await axe(school)).toEqual([]);
    expect(await school.textContent('main')).toContain('осталось 10 дней');
    await school.locator('textarea[name=text]').first().fill('Спасибо за добрые слова, передадим поварам!');
    await school.getByRole('button', { name: 'Отправить ответ на модерацию' }).click();
    await school.waitForURL(/done=reply/);
    await shot(school, 'organisation');

    await moderator.goto(`${server.url}/voice/t/${townId}/moderation`);
    await moderator
      .locator('article', { hasText: 'передадим поварам' })
      .getByRole('button', { name: 'Опубликовать' })
      .click();
    await moderator.waitForURL(/done=reply-published/);

    for (const width of [1280, 375]) {
      const reader = await open(null, { width });
      await reader.goto(`${server.url}/golos/o/${schoolId}`);
      const text = (await reader.textContent('main')) ?? '';
      expect(text).toContain('В школе тепло, в столовой вкусно. Спасибо поварам!');
      expect(text).toContain('Спасибо за добрые слова, передадим поварам!');
      expect(text).not.toContain('345-67-89');
      expect(text).toContain('не входят в официальную независимую оценку');
      expect(await axe(reader)).toEqual([]);
      await shot(reader, `card-${width}`);
    }
  });

  it('every other new page is axe-clean', async () => {
    const anonymous = await open(null);
    for (const p of [
      '/golos',
      '/golos/pravila',
      `/golos/t/${townId}`,
      `/golos/t/${townId}/vstavka`,
      `/golos/${code}`,
      `/golos/${code}/vstavka`,
      `/golos/${code}/spasibo`,
    ]) {
      await anonymous.goto(`${server.url}${p}`);
      expect(await axe(anonymous), p).toEqual([]);
    }
    // Errors too: the questionnaire shown again with a skip-logic error.
    await anonymous.goto(`${server.url}/golos/${code}`);
    await anonymous.locator('input[name=q1][value=no]').check();
    await anonymous.evaluate(() => {
      const f = document.querySelector('fieldset[data-gated-by=q1]') as HTMLElement;
      f.hidden = false;
      (f.querySelector('input[value=yes]') as HTMLInputElement).checked = true;
    });
    await anonymous.getByRole('button', { name: 'Отправить ответы' }).click();
    expect(await anonymous.textContent('.error-summary')).toContain('на него не отвечают');
    expect(await axe(anonymous)).toEqual([]);
    await shot(anonymous, 'questionnaire-error');
    const authority = await open('authority');
    for (const p of ['/voice', `/voice/t/${townId}`, '/dashboard']) {
      await authority.goto(`${server.url}${p}`);
      expect(await axe(authority), p).toEqual([]);
    }
    await shot(authority, 'dashboard');
    await authority.goto(`${server.url}/voice/t/${townId}`);
    await shot(authority, 'territory');
    const school = await open('organisation', { width: 375 });
    await school.goto(`${server.url}/voice`);
    expect(await axe(school)).toEqual([]);
  });
});
