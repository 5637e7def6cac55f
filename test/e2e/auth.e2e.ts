import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations as axe, headingIs, launchBrowser, startServer, type RunningServer } from './server';

describe('accounts in Chromium: first-start link, login, admin pages', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the login page has no axe violations', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(server.url + '/login');
    expect(await page.textContent('h1')).toBe('Вход для сотрудников');
    expect(await axe(page)).toEqual([]);
    await page.close();
  });

  it('the first administrator sets up the account through the printed link, and the admin pages are axe-clean', async () => {
    const link = server.output().match(/http:\/\/localhost:\d+(\/setup\/[A-Za-z0-9_-]{43})/);
    expect(link, server.output()).not.toBeNull();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url + link![1]);
    expect(await axe(page)).toEqual([]);
    await page.fill('#name', 'Смирнова Ольга Викторовна');
    await page.fill('#email', 'admin@example.ru');
    await page.fill('#password', 'весенний ветер над рекой');
    await page.fill('#passwordRepeat', 'весенний ветер над рекой');
    await Promise.all([page.waitForURL('**/admin/users'), page.click('button[type=submit]')]);
    expect(await headingIs(page, 'Пользователи')).toBe('Пользователи');
    expect(await axe(page)).toEqual([]);

    // Create an account: the one-time link appears on screen (no SMTP configured).
    await page.fill('#new-name', 'Кузнецов Игорь Павлович');
    await page.fill('#new-email', 'admin2@example.ru');
    await page.selectOption('#new-role', 'admin');
    await Promise.all([page.waitForLoadState('load'), page.click('button[value=create]')]);
    expect(await page.inputValue('#issued-link')).toMatch(/\/setup\/[A-Za-z0-9_-]{43}$/);
    expect(await axe(page)).toEqual([]);

    // Change that account's role: a council member needs a territory, so the form comes back with the error
    // summary (focusable, linked to the field), values kept, axe-clean in both states.
    await page.goto(server.url + '/admin/users');
    await Promise.all([
      page.waitForURL('**/admin/users/*'),
      page.click('a:has-text("Изменить: Кузнецов Игорь Павлович")'),
    ]);
    expect(await headingIs(page, 'Изменение учётной записи')).toBe('Изменение учётной записи');
    expect(await axe(page)).toEqual([]);
    await page.selectOption('#edit-role', 'council');
    await Promise.all([page.waitForLoadState('load'), page.click('button:has-text("Сохранить изменения")')]);
    expect(await page.textContent('.error-summary')).toContain('Изменения не сохранены');
    expect(await page.inputValue('#edit-role')).toBe('council');
    expect(await axe(page)).toEqual([]);

    await page.goto(server.url + '/admin/audit');
    expect(await page.textContent('h1')).toBe('Журнал изменений');
    expect(await page.textContent('table.audit')).toContain('account.create');
    expect(await axe(page)).toEqual([]);

    await Promise.all([page.waitForURL(server.url + '/'), page.click('.logout button')]);
    await page.goto(server.url + '/admin/users');
    expect(page.url()).toContain('/login?next=%2Fadmin%2Fusers');
    await context.close();
  });

  it('a wrong password shows the Russian error without axe violations', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(server.url + '/login');
    await page.fill('#email', 'admin@example.ru');
    await page.fill('#password', 'не тот пароль совсем');
    await Promise.all([page.waitForLoadState('load'), page.click('button[type=submit]')]);
    expect(await page.textContent('[role=alert]')).toContain('Неверный адрес электронной почты или пароль');
    expect(await axe(page)).toEqual([]);
    await page.close();
  });
});
