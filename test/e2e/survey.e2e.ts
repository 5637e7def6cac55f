// The survey in Chromium: the public questionnaire answered by keyboard alone with and without JavaScript,
// its thank-you page and closed notice, the operator's keyboard-only paper entry, and axe on the staff pages.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.server';
import { campaignOrganisations, campaigns, organisations } from '../../src/db/schema/registry';
import { ensureSurveyLinks, linkFor } from '../../src/survey/links.server';
import { questionnaireFor } from '../../src/survey/questionnaire';
import { enterOffline } from '../../src/survey/respond.server';
import { submitResponse } from '../../src/survey/submit.server';
import { parseAnswers } from '../../src/survey/validate';
import { seedPeople, seedWorld, type Persona } from '../auth/fixtures';
import { axeViolations as axe, launchBrowser, startServer, type RunningServer } from './server';

/**
 * The focused element, read through locators only: they run in Playwright's isolated world, which works
 * with the page's JavaScript switched off (page.evaluate does not).
 */
async function focused(page: Page) {
  const el = page.locator(':focus');
  if ((await el.count()) === 0) return { tag: '', id: '', name: '', value: '' };
  const tag = (await page.locator('textarea:focus').count())
    ? 'textarea'
    : (await page.locator('button:focus').count())
      ? 'button'
      : (await page.locator('select:focus').count())
        ? 'select'
        : 'input';
  return {
    tag,
    id: (await el.getAttribute('id')) ?? '',
    name: (await el.getAttribute('name')) ?? '',
    value: (await el.getAttribute('value')) ?? '',
  };
}

const build = () =>
  execFileSync('flock', ['/tmp/noko-rr-build.lock', 'npx', 'react-router', 'build'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    stdio: 'pipe',
  });

describe('survey in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let dataDir: string;
  let campaignId: string;
  let code: string;
  let closedCode: string;
  const sessions = {} as Record<Persona, string>;
  const contexts: BrowserContext[] = [];

  async function staff(who: Persona, javaScriptEnabled = true): Promise<Page> {
    const context = await browser.newContext({ javaScriptEnabled });
    contexts.push(context);
    context.on('weberror', (e) => console.error('page error:', e.error().message));
    await context.addCookies([
      { name: 'noko_session', value: sessions[who], url: server.url, httpOnly: true, sameSite: 'Lax' },
    ]);
    return context.newPage();
  }

  beforeAll(async () => {
    // The server serves the React Router build; build it under the shared lock.
    build();
    dataDir = mkdtempSync(path.join(tmpdir(), 'noko-e2e-survey-'));
    // Seed the embedded database before the server takes its lock on DATA_DIR.
    const seed = await openDatabase({ engine: 'pglite', dataDir });
    const db = seed.db;
    const world = await seedWorld(db);
    const [second] = await db
      .insert(organisations)
      .values({
        territoryId: world.town.id,
        fullName: 'Детский сад № 7',
        shortName: 'Детский сад № 7',
        type: 'preschool',
        inn: '7712345670',
        recipients: 80,
      })
      .returning();
    const base = {
      territoryId: world.town.id,
      year: 2025,
      methodologyId: 'edu-2019',
      policies: {},
      surveyOpensOn: '2000-01-01',
      surveyClosesOn: '2999-12-31',
    };
    const [open] = await db
      .insert(campaigns)
      .values({ ...base, title: 'НОК 2025', status: 'collecting' })
      .returning();
    const [closed] = await db
      .insert(campaigns)
      .values({ ...base, year: 2024, title: 'НОК 2024', status: 'closed' })
      .returning();
    campaignId = open!.id;
    await db.insert(campaignOrganisations).values([
      { campaignId, organisationId: world.school.id },
      { campaignId, organisationId: second!.id },
      { campaignId: closed!.id, organisationId: world.school.id },
    ]);
    code = (await ensureSurveyLinks(db, campaignId)).get(world.school.id)!;
    closedCode = (await ensureSurveyLinks(db, closed!.id)).get(world.school.id)!;
    const { people } = await seedPeople(db, world);
    for (const [who, p] of Object.entries(people)) sessions[who as Persona] = p.cookie.replace('noko_session=', '');
    // Something for the council to look at: a flagged response and a suggestion waiting for moderation.
    const q = questionnaireFor('edu-2019');
    const parsed = parseAnswers(q, new Map(q.questions.map((x) => [x.id, 'yes'])));
    if (!parsed.ok) throw new Error(parsed.errors.join());
    await submitResponse(db, (await linkFor(db, campaignId, world.school.id))!, {
      mode: 'online',
      parsed: parsed.value,
      flags: ['fast-all-yes'],
      browserToken: null,
      networkHash: 'n',
      fillSeconds: 4,
      accessCode: null,
      enteredBy: null,
      today: '2025-03-01',
    });
    await enterOffline(db, {
      campaignId,
      organisationId: world.school.id,
      mode: 'paper',
      fields: new Map([
        ['answers', '1111'],
        ['q15', 'Больше кружков'],
      ]),
      enteredBy: people.operator.user.id,
    });
    await seed.close();

    // Other test runs rebuild build/ too (under the same lock): if it vanished meanwhile, build again.
    for (let attempt = 0; ; attempt++) {
      try {
        server = await startServer({ DATA_DIR: dataDir });
        break;
      } catch (err) {
        if (attempt >= 2 || !String(err).includes('build/')) throw err;
        build();
      }
    }
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** Tabs to the first answer and answers every question by keyboard; `no` lists question numbers answered «Нет». */
  async function answerByKeyboard(page: Page, no: number[]) {
    for (let i = 0; i < 40 && (await focused(page)).name !== 'q1'; i++) await page.keyboard.press('Tab');
    expect((await focused(page)).name).toBe('q1');
    const skipped = new Set<string>();
    for (let n = 1; n <= 14; n++) {
      const f = await focused(page);
      if (skipped.has(`q${n}`)) {
        // A question skipped by a «Нет» before: with scripts it is hidden (Tab never reaches it); without
        // scripts the respondent tabs past it without choosing anything.
        if (f.name === `q${n}`) await page.keyboard.press('Tab');
        continue;
      }
      expect(f.name, `focus on question ${n}`).toBe(`q${n}`);
      const want = no.includes(n) ? 'no' : 'yes';
      // Arrow keys move and select inside a radio group; Space selects the focused radio.
      for (let k = 0; k < 3 && (await focused(page)).value !== want; k++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Space');
      expect(await page.isChecked(`input[name=q${n}][value=${want}]`)).toBe(true);
      if (want === 'no') {
        const gated = page.locator(`fieldset[data-gated-by=q${n}]`);
        for (let g = 0; g < (await gated.count()); g++)
          skipped.add(((await gated.nth(g).getAttribute('id')) ?? '').replace(/^f-/, ''));
      }
      await page.keyboard.press('Tab');
    }
    // The suggestion box, then the optional profile questions are passed over, then the button.
    for (let i = 0; i < 10 && (await focused(page)).tag !== 'textarea'; i++) await page.keyboard.press('Tab');
    await page.keyboard.type('Спасибо учителям');
    for (let i = 0; i < 10 && (await focused(page)).tag !== 'button'; i++) await page.keyboard.press('Tab');
    await Promise.all([page.waitForURL(`**/q/${code}/spasibo`), page.keyboard.press('Enter')]);
  }

  it('the questionnaire and the closed notice have no axe violations', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    const res = await page.goto(`${server.url}/q/${code}`);
    expect(res?.status()).toBe(200);
    expect(await page.textContent('.org')).toContain('Школа № 1');
    expect(await axe(page)).toEqual([]);
    const closed = await page.goto(`${server.url}/q/${closedCode}`);
    expect(closed?.status()).toBe(410);
    expect(await page.textContent('h1')).toBe('Опрос завершён');
    expect(await axe(page)).toEqual([]);
  });

  it('a respondent answers by keyboard alone with JavaScript off; the thank-you page is axe-clean', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/q/${code}`);
    // Without scripts every question is shown, the skipped ones too.
    expect(await page.isVisible('fieldset[data-gated-by]')).toBe(true);
    await answerByKeyboard(page, [1]);
    expect(await page.textContent('h1')).toBe('Спасибо! Ваши ответы приняты');
    expect(await page.textContent('body')).not.toContain('Спасибо учителям');
    // axe needs scripts in the page: check the same thank-you page in a context with them.
    const checker = await (await browser.newContext()).newPage();
    await checker.goto(page.url());
    expect(await axe(checker)).toEqual([]);
    await checker.context().close();
  });

  it('a respondent answers by keyboard alone with JavaScript on (skipped questions are hidden)', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${server.url}/q/${code}`);
    expect(await page.isHidden('fieldset[data-gated-by=q1]')).toBe(true);
    await answerByKeyboard(page, [3]);
    expect(await page.textContent('h1')).toBe('Спасибо! Ваши ответы приняты');
    expect(await axe(page)).toEqual([]);
  });

  for (const javaScriptEnabled of [true, false]) {
    it(`the operator keys in paper questionnaires by keyboard alone (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const page = await staff('operator', javaScriptEnabled);
      await page.goto(`${server.url}/campaigns/${campaignId}/survey/paper`);
      expect(await page.textContent('h1')).toBe('Ввод бумажных анкет');
      if (javaScriptEnabled) expect(await axe(page)).toEqual([]);
      if (javaScriptEnabled)
        await page.waitForFunction(
          () => !!(window as unknown as { __reactRouterRouteModules?: unknown }).__reactRouterRouteModules,
        );
      expect((await focused(page)).id).toBe('answers');

      // Choose the other organisation with the keyboard: back to the select, arrow down, forward again.
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Shift+Tab');
      expect((await focused(page)).id).toBe('paper-org');
      const initial = await page.locator('#paper-org option:checked').textContent();
      await page.keyboard.press('ArrowDown');
      const chosen = (await page.locator('#paper-org option:checked').textContent())!;
      expect(chosen).not.toBe(initial);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      expect((await focused(page)).id).toBe('answers');
      await page.keyboard.type('111010-1111111');
      await Promise.all([page.waitForURL(/saved=\d+/), page.keyboard.press('Enter')]);
      await page.waitForSelector('.success-message [role=status]');
      const first = await page.textContent('.success-message [role=status]');
      expect(first).toMatch(/Анкета № \d+ сохранена\./);
      expect(first).toContain(`${chosen}: введено вручную`);
      await expect.poll(async () => (await focused(page)).id).toBe('answers');
      expect(await page.inputValue('#answers')).toBe('');
      // The organisation is remembered for the next questionnaire.
      expect(await page.locator('#paper-org option:checked').textContent()).toBe(chosen);

      // A skip-logic mistake: the error summary names the question and links to the field.
      await page.keyboard.type('01');
      await Promise.all([page.waitForSelector('.error-summary'), page.keyboard.press('Enter')]);
      expect(await page.textContent('.error-summary')).toContain('Вопрос 2: на него не отвечают');
      expect(await page.getAttribute('.error-summary a', 'href')).toBe('#answers');
      expect(await page.getAttribute('#answers', 'aria-invalid')).toBe('true');
      if (javaScriptEnabled) expect(await axe(page)).toEqual([]);

      // Fix it and save again, still without the mouse.
      await page.focus('#answers');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('0-1');
      await Promise.all([page.waitForURL(/saved=\d+/), page.keyboard.press('Enter')]);
      await page.waitForSelector('.success-message [role=status]');
      expect(await page.textContent('.success-message [role=status]')).not.toBe(first);
    });
  }

  it('the staff pages have no axe violations', async () => {
    const pages: [Persona, string, string][] = [
      ['authority', `/campaigns/${campaignId}/survey`, 'Опрос получателей услуг'],
      ['operator', `/campaigns/${campaignId}/survey`, 'Опрос получателей услуг'],
      ['operator', '/survey', 'Опрос получателей услуг'],
      ['chair', `/campaigns/${campaignId}/survey/quarantine`, 'Анкеты на проверке'],
      ['operator', `/campaigns/${campaignId}/survey/suggestions`, 'Предложения на модерации'],
      ['organisation', '/my/survey', 'Опрос получателей услуг: Школа № 1'],
    ];
    for (const [who, url, title] of pages) {
      const page = await staff(who);
      const res = await page.goto(server.url + url);
      expect(res?.status(), `${who} ${url}`).toBe(200);
      expect(await page.textContent('h1')).toBe(title);
      expect(await axe(page), `${who} ${url}`).toEqual([]);
      await page.close();
    }
    // The online answers of both respondents reached the live tallies shown on the dashboard.
    const page = await staff('authority');
    await page.goto(`${server.url}/campaigns/${campaignId}/survey`);
    const row = (await page.textContent('tr:has(th:text("Школа № 1"))')) ?? '';
    // Seeded: one flagged and one paper questionnaire; then the two respondents above (paper entries may add more).
    expect(Number(/\/ (\d+)/.exec(row)?.[1])).toBeGreaterThanOrEqual(4);
  });

  it('the operator prints a pack of access codes (axe-clean)', async () => {
    const page = await staff('operator');
    await page.goto(`${server.url}/campaigns/${campaignId}/survey`);
    await page.fill('#codes-group', '5 «Б»');
    await page.fill('#codes-count', '4');
    await page.click('text=Создать коды');
    await page.waitForSelector('.code-pack');
    expect(await page.textContent('h1')).toContain('Коды доступа');
    expect(await page.locator('.code-card-code').count()).toBe(4);
    expect(await axe(page)).toEqual([]);
  });
});
