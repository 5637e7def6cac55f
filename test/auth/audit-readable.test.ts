// Issue 11 item 10: the change log speaks Russian — the action, the object and what changed from what to
// what — for entries recorded by the real code paths, on the page an administrator reads.
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../app/server/http.server';
import { readableAction, readableChanges, readableEntity, readableValue } from '../../src/auth/audit-readable';
import { createAccount } from '../../src/auth/accounts.server';
import { createSession, SESSION_COOKIE } from '../../src/auth/sessions.server';
import { auditLog } from '../../src/db/schema/audit';
import { organisations } from '../../src/db/schema/registry';
import { users } from '../../src/db/schema/auth';
import {
  createOrganisation,
  createTerritory,
  pickInput,
  updateOrganisation,
} from '../../src/registry/organisations.server';
import { innWithCheckDigit } from '../../src/registry/validation';
import { browser } from './http-helpers';
import { silentLogger, testConfig } from '../helpers/app';
import { loadBuild } from '../helpers/build';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';

const actor = { id: null, name: 'Тест' };
const text = (html: string) =>
  html
    .replace(/<!-- -->/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&laquo;/g, '«')
    .replace(/&raquo;/g, '»');

describe(`the change log in Russian (${testEngine})`, () => {
  let t: TestDatabase;
  let orgId: string;
  let townId: string;
  const last = async () => (await t.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1))[0]!;
  beforeAll(async () => {
    t = await createTestDb();
    const region = await createTerritory(t.db, { kind: 'region', name: 'Область', parentId: null }, actor);
    const town = await createTerritory(t.db, { kind: 'municipality', name: 'Город', parentId: region.id }, actor);
    const o = await createOrganisation(
      t.db,
      town.id,
      {
        fullName: 'МБОУ «Школа № 7»',
        shortName: 'Школа № 7',
        type: 'school',
        inn: innWithCheckDigit('770700001'),
        ogrn: null,
        kpp: null,
        address: null,
        website: 'https://school7.ru',
        headName: 'Иванова И. И.',
        founder: null,
        recipients: 300,
        status: 'active',
        lastAssessedOn: null,
      },
      actor,
    );
    orgId = o.id;
    townId = town.id;
  });
  afterAll(async () => t?.close());

  it('an organisation card edit: the action, the object and each changed field «было → станет»', async () => {
    const [row] = await t.db.select().from(organisations).where(eq(organisations.id, orgId));
    await updateOrganisation(
      t.db,
      orgId,
      { ...pickInput(row!), headName: 'Петров П. П.', recipients: 320, lastAssessedOn: '2024-05-01' },
      actor,
    );
    const e = await last();
    expect(readableAction(e.action)).toBe('изменена карточка организации');
    expect(readableEntity(e.entity)).toBe('организация');
    expect(readableChanges(e.before, e.after)).toEqual([
      { field: 'Руководитель', from: 'Иванова И. И.', to: 'Петров П. П.' },
      { field: 'Число получателей услуг', from: '300', to: '320' },
      { field: 'Дата последней оценки', from: 'пусто', to: '01.05.2024' },
    ]);
  });

  it('an account: role and position in Russian, no password hash ever', async () => {
    const created = await createAccount(t.db, actor, {
      email: 'op@x.ru',
      name: 'Оператор',
      role: 'operator',
      councilPosition: null,
      territoryId: townId,
      organisationId: null,
    });
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const c = await last();
    expect(readableAction(c.action)).toBe('создана учётная запись');
    const made = readableChanges(c.before, c.after);
    expect(made).toContainEqual({ field: 'Роль', from: '—', to: 'Организация-оператор' });
    expect(made.map((x) => x.field).join(' ')).not.toMatch(/hash|password/i);
    await t.db.update(users).set({ passwordHash: 'scrypt$secret' }).where(eq(users.id, created.user.id));
    expect(readableValue('', { passwordHash: 'scrypt$secret', name: 'x' })).toBe('Имя: x');
    expect(readableAction('account.invite')).toBe('выдана ссылка-приглашение');
    expect(readableAction('something.new')).toBe('something.new');
  });

  it('the page shows the Russian action and the changes, the raw entry only folded away', async () => {
    const config = testConfig();
    const built = await loadBuild();
    const app = createHttpApp({ db: t.db, config, logger: silentLogger, ...built });
    const [admin] = await t.db.insert(users).values({ email: 'admin@x.ru', name: 'Админ', role: 'admin' }).returning();
    const session = (await createSession(t.db, admin!.id)).token;
    const res = await browser(app, config).get('/admin/audit?entity=organisation', `${SESSION_COOKIE}=${session}`);
    expect(res.status).toBe(200);
    const html = text(await res.text());
    expect(html).toContain('изменена карточка организации');
    expect(html).toContain('Руководитель: «Иванова И. И.» → «Петров П. П.»');
    expect(html).toContain('<option value="organisation" selected="">организация</option>');
    // No raw JSON outside the folded «Запись целиком».
    const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
    const visible = main.replace(/<details>[\s\S]*?<\/details>/g, '');
    expect(visible).not.toMatch(/"headName"|organisation\.update/);
  });
});
