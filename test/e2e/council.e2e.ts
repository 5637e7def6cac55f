// The council secretary's year in Chromium: the operator's report is received, proposals are drafted and
// edited, a meeting is held (attendance, agenda, votes), results and proposals are adopted, the protocol is
// produced and published, and the authority's deadline appears once the authority records receipt. axe
// must find nothing on the council's pages, public and staff.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/auth/sessions.server';
import { todayIso } from '../../src/campaigns/dates';
import { addMember, createCouncil } from '../../src/council/council.server';
import { monthFrom } from '../../src/council/clock.server';
import { ruDate } from '../../src/council/protocol';
import { computeDraft } from '../../src/results/versions.server';
import { seedResultsCampaign } from '../results/fixtures';
import { axeViolations as axe, headingIs, launchBrowser, startSeededServer, type RunningServer } from './server';

describe('the council holds a meeting and adopts results and proposals, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let ids: { councilId: string; campaignId: string; regionId: string };
  const tokens = { secretary: '', authority: '' };
  const contexts: BrowserContext[] = [];
  const today = todayIso();

  async function as(who: keyof typeof tokens | 'public', phone = false): Promise<Page> {
    const context = await browser.newContext(
      phone ? { viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true } : {},
    );
    contexts.push(context);
    if (who !== 'public')
      await context.addCookies([
        { name: 'noko_session', value: tokens[who], url: server.url, httpOnly: true, sameSite: 'Lax' },
      ]);
    return context.newPage();
  }
  async function open(page: Page, path: string) {
    await page.goto(server.url + path);
    await page.waitForFunction(
      () => !!(window as unknown as { __reactRouterRouteModules?: unknown }).__reactRouterRouteModules,
    );
  }
  /** Submits and waits for the action and the loaders' revalidation that follows it. */
  async function submit(page: Page, button: string) {
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.waitForResponse((r) => r.request().method() === 'GET' && r.url().includes('.data')),
      page.click(button),
    ]);
    await page.waitForTimeout(100);
  }

  beforeAll(async () => {
    server = (
      await startSeededServer(async (db) => {
        const f = await seedResultsCampaign(db, { orgs: 3, seed: 5, year: Number(today.slice(0, 4)) });
        const actor = { id: null, name: 'подготовка теста' };
        const council = await createCouncil(
          db,
          f.regionId,
          {
            name: 'Общественный совет Тестовой области',
            quorumRule: 'more_than_half',
            tieRule: 'presiding_decides',
            absenteeVoting: false,
            proposalThreshold: 90,
          },
          actor,
        );
        for (const [i, role] of (['chair', 'secretary', 'member', 'member', 'member'] as const).entries()) {
          await addMember(
            db,
            council.id,
            {
              name: `Член совета ${i + 1}`,
              role,
              represents: 'родительская общественность',
              termFrom: '2020-01-01',
              termTo: '2099-12-31',
              eligibilityDeclaredOn: '2020-01-10',
              email: null,
            },
            actor,
          );
        }
        await computeDraft(db, f.campaignId, f.users.operator);
        tokens.secretary = (await createSession(db, f.users.chair.id)).token;
        tokens.authority = (await createSession(db, f.users.authority.id)).token;
        ids = { councilId: council.id, campaignId: f.campaignId, regionId: f.regionId };
      })
    ).server;
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('the report is received and the proposals are drafted and edited', async () => {
    const page = await as('secretary');
    await open(page, `/council/${ids.councilId}/campaigns/${ids.campaignId}`);
    await page.fill('#r-date', today);
    await page.fill('#r-doc', 'письмо управления образования № 5 с актом приёмки отчёта');
    await submit(page, 'button:has-text("Сохранить дату получения отчёта")');
    expect(await page.textContent('.success-message [role=status]')).toContain('месячный срок совета пошёл');
    expect(await page.textContent('.clocks')).toContain(ruDate(monthFrom(today).due));
    await submit(page, 'button:has-text("Составить проект")');
    expect(await page.textContent('.success-message [role=status]')).toMatch(/Проект предложений составлен: \d+/);
    const first = page.locator('ul.proposals details').first();
    await first.locator('summary').click();
    await first.locator('textarea[name=text]').fill('Оборудовать входную группу пандусом (с учредителем)');
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.waitForResponse((r) => r.request().method() === 'GET' && r.url().includes('.data')),
      first.locator('button:has-text("Сохранить предложение")').click(),
    ]);
    await expect
      .poll(() => page.textContent('ul.proposals'), { timeout: 10_000 })
      .toContain('Оборудовать входную группу пандусом (с учредителем)');
    expect(await axe(page)).toEqual([]);
  });

  it('the secretary holds a meeting, records the votes and adopts results and proposals', async () => {
    const page = await as('secretary');
    await open(page, `/council/${ids.councilId}`);
    await page.click('summary:has-text("Новое заседание")');
    await page.fill('#m-place', 'г. Тестов, ул. Ленина, 1');
    await Promise.all([page.waitForURL('**/meetings/**'), page.click('button:has-text("Создать заседание")')]);
    expect(await headingIs(page, `Заседание № 1 от ${ruDate(today)}`)).toBe(`Заседание № 1 от ${ruDate(today)}`);
    for (const n of [1, 2, 3, 4]) await page.getByLabel(new RegExp(`^Член совета ${n} \\(`)).check();
    await page.fill('#invitees', 'Иванов И. И. — руководитель группы экспертов оператора');
    await submit(page, 'button:has-text("Сохранить присутствие")');
    expect(await page.textContent('body')).toContain('Присутствуют 4 из 5');
    await page.selectOption('#a-kind', 'results');
    await page.selectOption('#a-campaign', ids.campaignId);
    await submit(page, 'button:has-text("Добавить вопрос")');
    // Beside the vote, before anyone votes: what the version lacks, in plain words (the vote confirms it).
    const gaps = page.locator('ol.agenda .notice.warn');
    expect(await gaps.textContent()).toContain('Перед голосованием: в версии результатов № 1 не хватает данных.');
    await gaps.locator('summary').focus();
    await page.keyboard.press('Enter');
    expect(await gaps.locator('details').getAttribute('open')).not.toBeNull();
    expect(await axe(page)).toEqual([]);
    await page.fill('textarea[name=heard]', 'Руководителя группы экспертов оператора об итогах оценки.');
    await page.fill(
      'textarea[name=decided]',
      'Утвердить результаты независимой оценки.\nПринять предложения об улучшении деятельности организаций.',
    );
    await page.fill('input[name=votesFor]', '4');
    await page.fill('input[name=votesAgainst]', '0');
    await page.fill('input[name=votesAbstained]', '0');
    await submit(page, 'button:has-text("Сохранить запись и итоги голосования")');
    await expect.poll(() => page.textContent('body'), { timeout: 10_000 }).toContain('Решение № 1/1');
    expect(await axe(page)).toEqual([]);
    await page.goto(
      `${server.url}/council/${ids.councilId}/meetings/${page.url().split('/meetings/')[1]!.split(/[#?]/)[0]}/protocol`,
    );
    const protocol = await page.textContent('article.protocol');
    for (const s of [
      'ПРОТОКОЛ № 1',
      'Председательствующий: Член совета 1',
      'Секретарь: Член совета 2',
      'Присутствовали: 4 из 5',
      'Кворум имеется',
      'СЛУШАЛИ',
      'РЕШИЛИ (решение № 1/1)',
      '«за» — 4',
    ])
      expect(protocol).toContain(s);
    await page.goBack();
    await page.waitForFunction(
      () => !!(window as unknown as { __reactRouterRouteModules?: unknown }).__reactRouterRouteModules,
    );
    await submit(page, 'button:has-text("Опубликовать протокол и решения")');
    await expect.poll(() => page.textContent('body'), { timeout: 10_000 }).toContain('Протокол и решения опубликованы');
  });

  it('the result version is locked and the public sees the protocol and the proposals', async () => {
    const page = await as('public', true);
    await page.goto(`${server.url}/sovet/${ids.councilId}`);
    expect(await page.textContent('h1')).toBe('Общественный совет Тестовой области');
    expect(await page.textContent('body')).toContain('Оборудовать входную группу пандусом (с учредителем)');
    // One closed group per organisation, its count in words.
    expect(
      await page
        .locator('details > summary')
        .filter({ hasText: /: \d+ предложени(е|я|й)$/ })
        .count(),
    ).toBeGreaterThan(0);
    expect(await axe(page)).toEqual([]);
    await page.click('a:has-text("Протокол № 1")');
    await page.waitForLoadState('networkidle');
    expect(await page.textContent('article.protocol')).toContain('Утвердить результаты независимой оценки.');
    expect(await axe(page)).toEqual([]);
    const api = await (await fetch(`${server.url}/api/council/campaigns/${ids.campaignId}/proposals`)).json();
    expect(
      api.proposals.some((p: { text: string }) => p.text === 'Оборудовать входную группу пандусом (с учредителем)'),
    ).toBe(true);
    const secretary = await as('secretary');
    await secretary.goto(`${server.url}/results/${ids.campaignId}`);
    expect(await secretary.textContent('body')).toContain('утверждено советом');
  });

  it('the authority records receipt of the decision and its deadline appears on the start page', async () => {
    const page = await as('authority');
    await open(page, `/council/${ids.councilId}/campaigns/${ids.campaignId}`);
    await page.fill('#g-date', today);
    await submit(page, 'button:has-text("Сохранить") >> nth=0');
    expect(await page.textContent('.success-message [role=status]')).toContain('месячный срок органа пошёл');
    const due = ruDate(monthFrom(today).due);
    expect(await page.textContent('.clocks')).toContain(
      `Решение органа о мерах: месяц со дня, следующего за событием «получение решения совета органом» (${ruDate(today)}); срок — ${due}`,
    );
    await page.goto(`${server.url}/dashboard`);
    expect(await page.textContent('#start-council ul.start-items')).toContain(`решение органа о мерах — до ${due}`);
    expect(await axe(page)).toEqual([]);
  });
});
