// From a visit to published results, in Chromium: an expert fills a checklist with a photo on a phone and
// loses the connection mid-way (the checklists room's flow), the council approves the computed results,
// the authority publishes, the public page shows the result and its explanation down to the expert's
// evidence, and a correction produces a second version. axe must find nothing on the public pages.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/auth/sessions.server';
import { users } from '../../src/db/schema/auth';
import { surveyTallies } from '../../src/db/schema/survey';
import { seedChecklistWorld, tinyPng } from '../checklists/fixtures';
import { axeViolations as axe, launchBrowser, startSeededServer, type RunningServer } from './server';

describe('checklist → council approval → public results → correction, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let world: Awaited<ReturnType<typeof seedChecklistWorld>>;
  const tokens: Record<'expert' | 'chair' | 'authority', string> = { expert: '', chair: '', authority: '' };
  const contexts: BrowserContext[] = [];

  async function as(who: keyof typeof tokens | 'public', phone = false): Promise<Page> {
    const context = await browser.newContext(
      phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : {},
    );
    contexts.push(context);
    if (who !== 'public')
      await context.addCookies([
        { name: 'noko_session', value: tokens[who], url: server.url, httpOnly: true, sameSite: 'Lax' },
      ]);
    return context.newPage();
  }

  beforeAll(async () => {
    server = (
      await startSeededServer(async (db) => {
        world = await seedChecklistWorld(db);
        const [chair] = await db
          .insert(users)
          .values({
            email: `chair-${Date.now()}@example.ru`,
            name: 'Председатель Совета',
            role: 'council',
            councilPosition: 'chair',
            territoryId: world.home.id,
          })
          .returning();
        const [authority] = await db
          .insert(users)
          .values({
            email: `uo-${Date.now()}@example.ru`,
            name: 'Управление образования',
            role: 'authority',
            territoryId: world.home.id,
          })
          .returning();
        // Survey tallies as the survey room keeps them: the school has enough answers, the kindergarten too few.
        const tally = (organisationId: string, valid: number) => {
          const row: Record<string, unknown> = {
            campaignId: world.campaign.id,
            organisationId,
            shard: 0,
            received: valid,
            valid,
            online: valid,
          };
          for (let q = 1; q <= 14; q++)
            row[`q${q}Yes`] =
              q === 6 ? Math.round(valid * 0.1) : q === 7 ? Math.round(valid * 0.05) : Math.round(valid * 0.8);
          return row as typeof surveyTallies.$inferInsert;
        };
        await db.insert(surveyTallies).values([tally(world.school.id, 60), tally(world.kindergarten.id, 4)]);
        tokens.expert = (await createSession(db, world.expertA.id)).token;
        tokens.chair = (await createSession(db, chair!.id)).token;
        tokens.authority = (await createSession(db, authority!.id)).token;
      })
    ).server;
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('an expert fills checklist 2.1 on a phone with a photo, offline mid-way and back', async () => {
    const page = await as('expert', true);
    const base = `/campaigns/${world.campaign.id}/org/${world.school.id}/checklists/2.1`;
    await page.goto(server.url + base);
    await page.waitForFunction(
      () => !!(window as unknown as { __reactRouterRouteModules?: unknown }).__reactRouterRouteModules,
    );
    await page.check('#item-rest-zone input[value=yes]');
    await page.click('#item-rest-zone summary');
    await page.fill('#n-rest-zone', 'диваны в холле');
    await page.setInputFiles('#p-rest-zone', {
      name: 'holl.png',
      mimeType: 'image/png',
      buffer: Buffer.from(tinyPng()),
    });
    await Promise.all([page.waitForURL('**/checklists/2.1*'), page.click('.cl-submit button')]);
    await page.waitForSelector('.success-message [role=status]');
    await page.context().setOffline(true);
    await page.check('#item-navigation input[value=yes]');
    await page.check('#item-water input[value=no]');
    await page.click('.cl-submit button');
    await expect.poll(() => page.textContent('.cl-draft')).toContain('Черновик сохранён на устройстве');
    await Promise.all([
      page.waitForURL('**/checklists/2.1?saved=*').catch(() => undefined),
      page.context().setOffline(false),
    ]);
    await page.waitForSelector('.success-message [role=status]');
    expect(await page.isChecked('#item-navigation input[value=yes]')).toBe(true);
  });

  it('the council computes and approves, the authority publishes', async () => {
    const chair = await as('chair');
    await chair.goto(`${server.url}/results/${world.campaign.id}`);
    await Promise.all([chair.waitForLoadState('networkidle'), chair.click('button:has-text("Рассчитать")')]);
    await chair.waitForSelector('text=Рассчитано: версия 1', { timeout: 10_000 }).catch(async (e) => {
      throw new Error(`${e}\n${(await chair.textContent('body'))?.slice(0, 1500)}\n${server.output().slice(-3000)}`);
    });
    await chair.fill('#number', '5-НОК');
    await chair.fill('#date', '2025-10-20');
    // Small samples: approving needs the explicit confirmation.
    await chair.check('#confirm-gaps-approve');
    await chair.click('button:has-text("Утвердить версию 1")');
    await chair.waitForSelector('text=Версия 1 утверждена советом');
    // Before publication nothing is public.
    const anon = await as('public');
    expect((await anon.goto(`${server.url}/rezultaty/${world.campaign.id}`))!.status()).toBe(404);
    const uo = await as('authority');
    await uo.goto(`${server.url}/results/${world.campaign.id}`);
    await uo.check('#confirm-gaps-publish');
    await uo.click('button:has-text("Опубликовать версию 1")');
    await uo.waitForSelector('text=Версия 1 опубликована');
  });

  it('the public page shows the result and explains it down to the evidence; axe finds nothing', async () => {
    const page = await as('public');
    await page.goto(`${server.url}/rezultaty/${world.campaign.id}`);
    expect(await page.textContent('h1')).toBe('НОК 2025: результаты');
    expect(await page.textContent('main')).toContain('№ 5-НОК от 20.10.2025');
    expect(await page.textContent('tbody')).toContain('недостаточно данных');
    expect(await axe(page)).toEqual([]);
    // Keyboard: reach the «Итого» sort link and follow it with Enter.
    let found = false;
    for (let i = 0; i < 40 && !found; i++) {
      await page.keyboard.press('Tab');
      found = (await page.evaluate(() => document.activeElement?.textContent ?? '')).startsWith('Итого');
    }
    expect(found).toBe(true);
    await Promise.all([page.waitForURL('**sort=total**'), page.keyboard.press('Enter')]);

    await page.click(`a[href$="/o/${world.school.id}"]`);
    expect(await page.textContent('h1')).toBe('Школа № 1');
    expect(await page.getAttribute('svg[role=img]', 'aria-label')).toContain('K1–K5');
    expect(await axe(page)).toEqual([]);

    await page.click(`a[href$="/o/${world.school.id}/kak/2.1"]`);
    expect(await page.textContent('h1')).toContain('2.1');
    const text = await page.textContent('main');
    expect(text).toContain('диваны в холле');
    expect(text).toContain('Фото: 1');
    expect(text).toContain('Эксперт Анна');
    expect(await axe(page)).toEqual([]);

    await page.goto(`${server.url}/rezultaty/${world.campaign.id}?contrast=1`);
    expect(await page.getAttribute('body', 'class')).toBe('contrast');
    expect(await axe(page)).toEqual([]);
  });

  it('a correction with a reason produces a second version; both stay visible', async () => {
    const chair = await as('chair');
    await chair.goto(`${server.url}/results/${world.campaign.id}`);
    await chair.fill('#reason', 'Эксперт не отметил питьевую воду');
    await chair.click('button:has-text("Создать исправленную версию")');
    await chair.waitForSelector('text=Рассчитано: версия 2');
    await chair.fill('#number', '6-НОК');
    await chair.fill('#date', '2025-11-05');
    // Small samples: approving needs the explicit confirmation.
    await chair.check('#confirm-gaps-approve');
    await chair.click('button:has-text("Утвердить версию 2")');
    await chair.waitForSelector('text=Версия 2 утверждена советом');
    const uo = await as('authority');
    await uo.goto(`${server.url}/results/${world.campaign.id}`);
    await uo.check('#confirm-gaps-publish');
    await uo.click('button:has-text("Опубликовать версию 2")');
    await uo.waitForSelector('text=Версия 2 опубликована');

    const page = await as('public');
    await page.goto(`${server.url}/rezultaty/${world.campaign.id}/versii`);
    const text = await page.textContent('main');
    expect(text).toContain('Версия 2 (действующая)');
    expect(text).toContain('Версия 1 (заменена)');
    expect(text).toContain('Эксперт не отметил питьевую воду');
    expect(await axe(page)).toEqual([]);
    await page.click('a:has-text("Версия 1")');
    expect(await page.textContent('main')).toContain('Эта версия заменена исправленной');
  });
});
