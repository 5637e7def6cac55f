// Issue 11, items 2, 4 and 9 in Chromium: the demo loads and shows a whole cycle; the authority sees
// deadlines that follow what actually happened (nothing «просрочен» that cannot start, the past
// campaign's clocks met, counted with the production calendar); approving and publishing a version with
// missing data demands an explicit confirmation, and the server refuses it without one.
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/auth/sessions.server';
import { seedDemo, type DemoResult } from '../../src/campaigns/demo.server';
import { todayIso } from '../../src/campaigns/dates';
import { users } from '../../src/db/schema/auth';
import { axeViolations as axe, launchBrowser, startSeededServer, type RunningServer } from './server';

const shots = process.env.CLOCK_SHOTS;

describe('demo, deadlines and incomplete results, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let demo: DemoResult;
  const tokens = { authority: '', chair: '' };
  const contexts: BrowserContext[] = [];

  async function as(who: keyof typeof tokens | 'public', width = 1280): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    contexts.push(context);
    if (who !== 'public')
      await context.addCookies([
        { name: 'noko_session', value: tokens[who], url: server.url, httpOnly: true, sameSite: 'Lax' },
      ]);
    return context.newPage();
  }
  const shot = async (page: Page, name: string) => {
    if (!shots) return;
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
  };

  beforeAll(async () => {
    server = (
      await startSeededServer(async (db, dataDir) => {
        const started = Date.now();
        demo = await seedDemo(db, dataDir);
        // The demo must be usable at once: loading it takes seconds, not minutes (figures in docs/benchmarks.md).
        expect(Date.now() - started).toBeLessThan(120_000);
        const [authority] = await db
          .insert(users)
          .values({
            email: 'uo@e2e.noko',
            name: 'Орлова Елена Сергеевна',
            role: 'authority',
            territoryId: demo.municipalityId,
          })
          .returning();
        const [chair] = await db
          .insert(users)
          .values({
            email: 'chair@e2e.noko',
            name: 'Громов Павел Андреевич',
            role: 'council',
            councilPosition: 'chair',
            territoryId: demo.municipalityId,
          })
          .returning();
        tokens.authority = (await createSession(db, authority!.id)).token;
        tokens.chair = (await createSession(db, chair!.id)).token;
      })
    ).server;
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('the demo loads: the past campaign has published results for all 30 organisations', async () => {
    const page = await as('public');
    const res = await page.goto(`${server.url}/rezultaty/${demo.pastCampaignId}`);
    expect(res!.status()).toBe(200);
    expect(await page.textContent('main')).toContain('30');
    expect(await page.locator(`a[href*="/rezultaty/${demo.pastCampaignId}/o/"]`).count()).toBeGreaterThanOrEqual(20);
    expect(await axe(page)).toEqual([]);
    await shot(page, 'public-past');
  });

  it('the authority sees deadlines that follow the recorded events', async () => {
    for (const width of [1280, 375]) {
      const page = await as('authority', width);
      await page.goto(`${server.url}/campaigns/${demo.currentCampaignId}`);
      const clocks = await page.textContent('ul.clocks');
      expect(clocks).toContain('ожидает: отчёт оператора ещё не получен');
      const calendar = (await page.textContent('table.calendar'))!;
      expect(calendar).not.toContain('просрочен');
      expect(calendar).toContain('ожидает');
      expect(await page.textContent('#events + p + table, main')).toContain('Совет утвердил перечень организаций');
      // No free stage dropdown any more: the stage follows the events.
      expect(await page.locator('select#status').count()).toBe(0);
      expect(await axe(page)).toEqual([]);
      await shot(page, `campaign-current-${width}`);
    }
    const page = await as('authority');
    await page.goto(`${server.url}/campaigns/${demo.pastCampaignId}`);
    const clocks = (await page.textContent('ul.clocks'))!;
    expect(clocks.match(/выполнено в срок/g)).toHaveLength(2);
    expect(clocks).toMatch(/ст\. 191–193 ГК РФ/);
    expect(clocks).toMatch(/производственный календарь на \d{4} год/);
    await shot(page, 'campaign-past');
    await page.goto(`${server.url}/dashboard`);
    expect(await page.textContent('#start-deadlines')).toContain('нет просроченных шагов');
  });

  it('approving and publishing a version with missing data demands confirmation', async () => {
    const chair = await as('chair');
    await chair.goto(`${server.url}/results/${demo.currentCampaignId}`);
    await Promise.all([chair.waitForLoadState('networkidle'), chair.click('button:has-text("Рассчитать")')]);
    await chair.waitForSelector('text=Рассчитано: версия 1');
    expect(await chair.textContent('[role=status], [role=alert]')).toContain('Не хватает данных');
    expect(await chair.textContent('#gaps + div')).toContain('нет итогового балла');
    await chair.fill('#number', '7-ОС');
    await chair.fill('#date', todayIso());
    // The browser will not send the form without the confirmation…
    await chair.click('button:has-text("Утвердить версию 1")');
    expect(await chair.locator('#confirm-gaps-approve:invalid').count()).toBe(1);
    // …and the server refuses it too when the box is taken away.
    await chair.evaluate(() => document.getElementById('confirm-gaps-approve')?.remove());
    await chair.click('button:has-text("Утвердить версию 1")');
    await chair.waitForSelector('text=В версии не хватает данных');
    await chair.goto(`${server.url}/results/${demo.currentCampaignId}`);
    await chair.check('#confirm-gaps-approve');
    await chair.fill('#number', '7-ОС');
    await chair.fill('#date', todayIso());
    await chair.click('button:has-text("Утвердить версию 1")');
    await chair.waitForSelector('text=Версия 1 утверждена советом');
    await shot(chair, 'results-approved');

    const uo = await as('authority');
    await uo.goto(`${server.url}/results/${demo.currentCampaignId}`);
    expect(await uo.locator('#confirm-gaps-publish').count()).toBe(1);
    await uo.click('button:has-text("Опубликовать версию 1")');
    expect(await uo.locator('#confirm-gaps-publish:invalid').count()).toBe(1);
    await uo.check('#confirm-gaps-publish');
    await uo.click('button:has-text("Опубликовать версию 1")');
    await uo.waitForSelector('text=Версия 1 опубликована');
    expect(await axe(uo)).toEqual([]);
    await shot(uo, 'results-published');
  });
});
