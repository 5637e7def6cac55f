// The loop from a shortfall to its verified fix, in Chromium: the authority drafts plans from the council's
// adopted proposals, the organisation edits its plan on a phone, the authority returns then approves it, a
// row is claimed done with a photo and verified, a site row is verified by re-auditing a fixture site, and
// the public card shows the plan where a citizen answers «Устранено?».
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/auth/sessions.server';
import { publishVersion } from '../../src/results/versions.server';
import { seedAdoptedProposal, seedApprovedCampaign, setWebsite } from '../plans/fixtures';
import { compliantSchool } from '../site-audit/fixtures/school';
import { serve, type FixtureServer } from '../site-audit/helpers/server';
import { tinyPng } from '../checklists/fixtures';
import { axeViolations as axe, launchBrowser, startSeededServer, type RunningServer } from './server';

const SHOTS = '/tmp/plans-shots';

describe('improvement plan from proposal to verified fix in Chromium', () => {
  let server: RunningServer;
  let site: FixtureServer;
  let browser: Browser;
  let authority: BrowserContext;
  let org: BrowserContext;
  let citizen: BrowserContext;
  let seeded: { campaignId: string; orgId: string; tokens: { authority: string; org: string } };
  let planUrl = '';

  const notice = async (page: Page) => (await page.locator('[role=status], [role=alert]').first().textContent()) ?? '';
  /** Waits until the page's notice says `text` (the re-render after a post can follow the response). */
  const expectNotice = async (page: Page, text: string) => {
    await page
      .waitForFunction(
        (t) => [...document.querySelectorAll('[role=status], [role=alert]')].some((e) => e.textContent?.includes(t)),
        text,
        { timeout: 15_000 },
      )
      .catch(() => undefined);
    expect(await notice(page)).toContain(text);
  };
  const submitIn = async (page: Page, form: string, button?: string, timeout = 30_000) => {
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST', { timeout }),
      page
        .locator(form)
        .locator(button ?? 'button[type=submit]')
        .first()
        .click(),
    ]);
    await page.waitForLoadState('networkidle');
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    site = await serve(compliantSchool());
    const started = await startSeededServer(
      async (db) => {
        const f = await seedApprovedCampaign(db, { orgs: 2 });
        await publishVersion(db, f.versionId, f.users.authority, new Date(), { confirmGaps: true });
        await setWebsite(db, f.orgIds[0]!, site.url);
        await seedAdoptedProposal(db, f, f.orgIds[0]!, {
          criterion: 'K1',
          indicator: '1.2',
          sourceItem: '1.2:faq',
          text: 'Рекомендовать руководителю создать на сайте раздел «Часто задаваемые вопросы»',
        });
        return {
          campaignId: f.campaignId,
          orgId: f.orgIds[0]!,
          tokens: {
            authority: (await createSession(db, f.users.authority.id)).token,
            org: (await createSession(db, f.orgUser.id)).token,
          },
        };
      },
      { SITE_AUDIT_ALLOW_NETWORKS: '127.0.0.0/8' },
    );
    server = started.server;
    seeded = started.seeded;
    browser = await launchBrowser();
    authority = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await authority.addCookies([
      { name: 'noko_session', value: seeded.tokens.authority, url: server.url, httpOnly: true, sameSite: 'Lax' },
    ]);
    org = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    await org.addCookies([
      { name: 'noko_session', value: seeded.tokens.org, url: server.url, httpOnly: true, sameSite: 'Lax' },
    ]);
    citizen = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await site?.close();
  });

  it('the authority drafts the plans from the adopted proposals and the shortfalls', async () => {
    const page = await authority.newPage();
    await page.goto(`${server.url}/plans`);
    expect(await axe(page)).toEqual([]);
    await submitIn(page, 'form:has(input[value=generate])');
    await expectNotice(page, 'Составлено черновиков планов: 2');
    await page.screenshot({ path: `${SHOTS}/01-dashboard.png`, fullPage: true });
    await page.close();
  });

  it('the organisation edits its plan on a phone and submits it', async () => {
    const page = await org.newPage();
    await page.goto(`${server.url}/plans`);
    const href = await page.locator('main li a[href^="/plans/"]').first().getAttribute('href');
    planUrl = `${server.url}${href!.split('#')[0]}`;
    await page.goto(planUrl);
    expect(await page.textContent('h1')).toContain('План по устранению недостатков');
    expect(await page.textContent('body')).toContain('Создать на сайте раздел «Часто задаваемые вопросы»');
    expect(await axe(page)).toEqual([]);
    // Submitting before naming the responsible people is refused in Russian.
    await submitIn(page, 'form:has(input[value=submit])');
    await expectNotice(page, 'не указан ответственный исполнитель');
    await page.fill('#fill-name', 'Петрова Анна Сергеевна');
    await submitIn(page, 'form:has(input[value=fillResponsible])');
    await expectNotice(page, 'Ответственный указан');
    // Edit the row drafted from the council's proposal: open its details, change the measure.
    const row = page.locator('article.plan-row', { hasText: 'Создать на сайте раздел' }).first();
    const editedId = await row.getAttribute('id');
    await row.locator('summary', { hasText: 'Изменить строку' }).click();
    const measure = row.locator('textarea[name=measure]');
    await measure.fill('Создать раздел «Часто задаваемые вопросы» (не менее 10 вопросов), обновлять ежеквартально');
    await submitIn(page, `#${editedId} form:has(input[value="row.update"])`);
    await expectNotice(page, 'Строка сохранена');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
    await page.screenshot({ path: `${SHOTS}/02-org-phone.png`, fullPage: false });
    await submitIn(page, 'form:has(input[value=submit])');
    await expectNotice(page, 'отправлен на согласование');
    await page.close();
  });

  it('the authority returns it with comments, then agrees and approves it', async () => {
    const page = await authority.newPage();
    await page.goto(planUrl);
    await page.fill('#return-comment', 'Уточните сроки по разделу III');
    await submitIn(page, 'form:has(input[value=return])');
    await expectNotice(page, 'возвращён на доработку');
    const o = await org.newPage();
    await o.goto(planUrl);
    expect(await o.textContent('body')).toContain('Уточните сроки по разделу III');
    await submitIn(o, 'form:has(input[value=submit])');
    await expectNotice(o, 'отправлен на согласование');
    await o.close();
    await page.goto(planUrl);
    await submitIn(page, 'form:has(input[value=agree])');
    await expectNotice(page, 'План согласован');
    await page.fill('#act-number', '45-о');
    await page.fill('#act-date', '2025-12-01');
    await page.fill('#act-name', 'И. И. Иванов');
    await submitIn(page, 'form:has(input[value=approve])');
    await expectNotice(page, 'План утверждён');
    expect(await axe(page)).toEqual([]);
    await page.close();
  });

  it('a row is claimed done with a photo and verified', async () => {
    const page = await org.newPage();
    await page.goto(planUrl);
    const row = page.locator('article.plan-row', { hasNotText: 'Часто задаваемые' }).first();
    const rowId = await row.getAttribute('id');
    await row.locator('summary', { hasText: 'Отметить выполненным' }).click();
    await row.locator('textarea[name=implemented]').fill('Сведения размещены, назначен ответственный');
    await row
      .locator('input[type=file]')
      .first()
      .setInputFiles({ name: 'stend.png', mimeType: 'image/png', buffer: Buffer.from(tinyPng()) });
    await submitIn(page, `#${rowId} form:has(input[value="row.claim"])`);
    await expectNotice(page, 'ждёт проверки');
    await page.close();
    const a = await authority.newPage();
    await a.goto(planUrl);
    await submitIn(a, `#${rowId} form:has(input[value="row.verify"])`);
    await expectNotice(a, 'Выполнение подтверждено');
    await a.locator(`#${rowId}`, { hasText: 'выполнено и проверено' }).waitFor({ timeout: 15_000 });
    await a.close();
  });

  it('the site row is verified by re-auditing the fixture site', async () => {
    const page = await authority.newPage();
    await page.goto(planUrl);
    const row = page.locator('article.plan-row', { hasText: 'Часто задаваемые' }).first();
    const rowId = await row.getAttribute('id');
    // A whole re-audit of the site: slower than an ordinary form.
    await submitIn(page, `#${rowId} form:has(input[value="row.site"])`, undefined, 120_000);
    await expectNotice(page, 'Повторная проверка сайта: найдено');
    // The action's notice can arrive before the page's data is revalidated: wait for the row itself.
    await page.locator(`#${rowId}`, { hasText: 'выполнено и проверено' }).waitFor({ timeout: 15_000 });
    expect(site.log.some((l) => l.path === '/faq' || l.path === '/')).toBe(true);
    await page.screenshot({ path: `${SHOTS}/03-verified.png`, fullPage: true });
    await page.close();
  }, 180_000);

  it('the public card shows the plan and a citizen answers «Устранено?» once', async () => {
    const page = await citizen.newPage();
    await page.goto(`${server.url}/rezultaty/${seeded.campaignId}/o/${seeded.orgId}`);
    expect(await page.textContent('body')).toContain('План по устранению недостатков на');
    expect(await axe(page)).toEqual([]);
    const answer = await page.locator('a', { hasText: 'Ответить, устранены ли недостатки' }).getAttribute('href');
    expect(answer).toMatch(/^\/plany\//);
    await page.goto(`${server.url}${answer}`);
    expect(await axe(page)).toEqual([]);
    const first = page.locator('form.voice').first();
    await Promise.all([page.waitForURL(/otvet=ok/), first.locator('button', { hasText: 'да' }).click()]);
    await expectNotice(page, 'Спасибо, ответ учтён');
    expect(await page.textContent('body')).toContain('да — 1, нет — 0');
    expect(await page.textContent('body')).toContain('Вы уже ответили');
    await page.screenshot({ path: `${SHOTS}/04-public.png`, fullPage: true });
    expect(await axe(page)).toEqual([]);
    await page.close();
  });
});
