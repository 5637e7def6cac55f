import { Form, data } from 'react-router';
import { asc } from 'drizzle-orm';
import { createAccount, issueAccountLink, linkUrl, listAccounts, LAST_ADMIN_REFUSED, setAccountActive, type FieldErrors } from '../../../src/auth/accounts.server';
import { councilPositionLabels, councilPositions, roleLabels } from '../../../src/auth/labels';
import { sendLinkMail } from '../../../src/auth/mail.server';
import { organisations, territories } from '../../../src/db/schema/registry';
import { roles } from '../../../src/auth/labels';
import { requireCan } from '../../server/guard';
import type { NokoContext } from '../../context';
import type { Route } from './+types/users';

export function meta(_: Route.MetaArgs) {
  return [{ title: 'Пользователи — НОКО' }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  requireCan(context, request, 'admin.users');
  const [accounts, territoryList, organisationList] = await Promise.all([
    listAccounts(context.db),
    context.db.select({ id: territories.id, name: territories.name, kind: territories.kind }).from(territories).orderBy(asc(territories.name)),
    context.db.select({ id: organisations.id, name: organisations.shortName }).from(organisations).orderBy(asc(organisations.shortName)).limit(5000),
  ]);
  // After an edit (admin.users.edit.tsx redirects here): the notice names the account from the list, so a
  // hand-made query string cannot put arbitrary text on the page.
  const query = new URL(request.url).searchParams;
  const updated = accounts.find((a) => a.id === query.get('updated'));
  const notice = !updated
    ? null
    : query.get('unchanged')
      ? `В учётной записи ${updated.name} ничего не изменилось.`
      : `Изменения в учётной записи ${updated.name} сохранены.` +
        (query.get('ended') ? ' Её открытые сеансы завершены: новые права действуют со следующего входа.' : '');
  return {
    notice,
    accounts: accounts.map((a) => ({ ...a, lockedUntil: a.lockedUntil?.toISOString() ?? null, createdAt: a.createdAt.toISOString() })),
    territories: territoryList,
    organisations: organisationList,
    csrfToken: context.csrfToken,
    mailConfigured: !!context.config.smtpUrl,
  };
}

type Issued = { name: string; email: string; url: string | null; mailed: boolean; expiresAt: string; purpose: string };
type ActionResult = { errors?: FieldErrors; values?: Record<string, string>; issued?: Issued; message?: string };

async function deliver(context: NokoContext, request: Request, user: { name: string; email: string }, link: { token: string; expiresAt: Date; purpose: 'invite' | 'reset' | 'setup' }): Promise<Issued> {
  const url = linkUrl(context.config.publicUrl ?? new URL(request.url).origin, link.token);
  const base = { name: user.name, email: user.email, expiresAt: link.expiresAt.toISOString(), purpose: link.purpose };
  if (context.config.smtpUrl) {
    try {
      await sendLinkMail({ url: context.config.smtpUrl, from: context.config.smtpFrom }, { to: user.email, name: user.name, url, purpose: link.purpose, expiresAt: link.expiresAt });
      return { ...base, url: null, mailed: true };
    } catch (err) {
      context.logger.error({ err }, 'sending the link by e-mail failed');
    }
  }
  return { ...base, url, mailed: false };
}

export async function action({ request, context }: Route.ActionArgs) {
  const admin = requireCan(context, request, 'admin.users');
  const actor = { id: admin.id, name: admin.name };
  const form = await request.formData();
  const text = (name: string) => String(form.get(name) ?? '').trim();
  const intent = text('intent');

  if (intent === 'create') {
    const values = {
      email: text('email'),
      name: text('name'),
      role: text('role'),
      councilPosition: text('councilPosition'),
      territoryId: text('territoryId'),
      organisationId: text('organisationId'),
    };
    const created = await createAccount(context.db, actor, values);
    if (!created.ok) return data<ActionResult>({ errors: created.errors, values }, { status: 400 });
    const link = await issueAccountLink(context.db, actor, created.user.id);
    if (!link) return data<ActionResult>({ message: 'Учётная запись создана, но ссылку выдать не удалось.' }, { status: 500 });
    return data<ActionResult>({ issued: await deliver(context, request, created.user, link), message: `Учётная запись ${created.user.email} создана.` });
  }

  const userId = text('userId');
  if (intent === 'link') {
    const accounts = await listAccounts(context.db);
    const user = accounts.find((a) => a.id === userId);
    const link = user ? await issueAccountLink(context.db, actor, userId) : null;
    if (!user || !link) return data<ActionResult>({ message: 'Ссылку можно выдать только действующей учётной записи.' }, { status: 400 });
    return data<ActionResult>({ issued: await deliver(context, request, user, link) });
  }
  if (intent === 'deactivate' || intent === 'reactivate') {
    const outcome = await setAccountActive(context.db, actor, userId, intent === 'reactivate', text('reason') || null);
    if (outcome === 'self') return data<ActionResult>({ message: 'Нельзя отключить собственную учётную запись.' }, { status: 400 });
    if (outcome === 'last-admin') return data<ActionResult>({ message: LAST_ADMIN_REFUSED }, { status: 400 });
    if (outcome === 'not-found') return data<ActionResult>({ message: 'Такой учётной записи нет.' }, { status: 404 });
    return data<ActionResult>({ message: intent === 'deactivate' ? 'Учётная запись отключена, её сеансы завершены.' : 'Учётная запись снова включена.' });
  }
  return data<ActionResult>({ message: 'Неизвестное действие.' }, { status: 400 });
}

const dateFormat = new Intl.DateTimeFormat('ru-RU', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Moscow' });

export default function AdminUsers({ loaderData, actionData }: Route.ComponentProps) {
  const { accounts, csrfToken, mailConfigured } = loaderData;
  const result = actionData as ActionResult | undefined;
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const scopeOf = (a: (typeof accounts)[number]) =>
    a.role === 'organisation' ? (a.organisationName ?? '—') : a.role === 'admin' ? 'вся система' : (a.territoryName ?? '—');
  return (
    <section>
      <h1>Пользователи</h1>
      {result?.message ? <p className="notice" role="status">{result.message}</p> : null}
      {!result && loaderData.notice ? <p className="notice" role="status">{loaderData.notice}</p> : null}
      {result?.issued ? (
        <div className="notice" role="status">
          {result.issued.mailed ? (
            <p>
              Ссылка для {result.issued.name} отправлена на {result.issued.email}. Она действует до {dateFormat.format(new Date(result.issued.expiresAt))}.
            </p>
          ) : (
            <>
              <p>
                Одноразовая ссылка для {result.issued.name} ({result.issued.email}). Она показана только сейчас: скопируйте и
                передайте её лично. Действует до {dateFormat.format(new Date(result.issued.expiresAt))}.
              </p>
              <p>
                <label htmlFor="issued-link">Ссылка</label>
                <input id="issued-link" className="link-output" readOnly value={result.issued.url ?? ''} />
              </p>
            </>
          )}
        </div>
      ) : null}

      <h2>Учётные записи</h2>
      <table>
        <caption className="visually-hidden">Учётные записи НОКО</caption>
        <thead>
          <tr>
            <th scope="col">Имя</th>
            <th scope="col">Почта</th>
            <th scope="col">Роль</th>
            <th scope="col">Область доступа</th>
            <th scope="col">Состояние</th>
            <th scope="col">Действия</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => (
            <tr key={a.id}>
              <td>{a.name}</td>
              <td>{a.email}</td>
              <td>
                {roleLabels[a.role]}
                {a.councilPosition ? `, ${councilPositionLabels[a.councilPosition]}` : ''}
              </td>
              <td>{scopeOf(a)}</td>
              <td>
                {!a.active ? 'отключена' : !a.hasPassword ? 'приглашение не принято' : a.lockedUntil && new Date(a.lockedUntil) > new Date() ? 'вход временно заблокирован' : 'действует'}
              </td>
              <td className="actions">
                <a href={`/admin/users/${a.id}`}>
                  Изменить<span className="visually-hidden">: {a.name}</span>
                </a>
                {a.active ? (
                  <>
                    <Form method="post">
                      <input type="hidden" name="_csrf" value={csrfToken} />
                      <input type="hidden" name="userId" value={a.id} />
                      <button type="submit" name="intent" value="link" className="secondary">
                        {a.hasPassword ? 'Ссылка для смены пароля' : 'Новая ссылка-приглашение'}
                        <span className="visually-hidden">: {a.name}</span>
                      </button>
                    </Form>
                    <Form method="post">
                      <input type="hidden" name="_csrf" value={csrfToken} />
                      <input type="hidden" name="userId" value={a.id} />
                      <button type="submit" name="intent" value="deactivate" className="secondary">
                        Отключить<span className="visually-hidden">: {a.name}</span>
                      </button>
                    </Form>
                  </>
                ) : (
                  <Form method="post">
                    <input type="hidden" name="_csrf" value={csrfToken} />
                    <input type="hidden" name="userId" value={a.id} />
                    <button type="submit" name="intent" value="reactivate" className="secondary">
                      Включить<span className="visually-hidden">: {a.name}</span>
                    </button>
                  </Form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Новая учётная запись</h2>
      <p>
        После создания {mailConfigured ? 'на указанную почту уйдёт письмо' : 'на экране появится ссылка'} со ссылкой-приглашением: по ней
        человек сам задаст пароль. Представителю организации выберите организацию, органу управления, совету и оператору — территорию.
      </p>
      {result?.errors ? (
        <div className="error-summary" role="alert">
          <p>Учётная запись не создана:</p>
          <ul>{Object.values(errors).map((m) => <li key={m}>{m}</li>)}</ul>
        </div>
      ) : null}
      <Form method="post" className="stacked">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <label htmlFor="new-name">Фамилия, имя, отчество</label>
        <input id="new-name" name="name" required defaultValue={values.name ?? ''} aria-invalid={errors.name ? true : undefined} />
        <label htmlFor="new-email">Электронная почта</label>
        <input id="new-email" name="email" type="email" required defaultValue={values.email ?? ''} aria-invalid={errors.email ? true : undefined} />
        <label htmlFor="new-role">Роль</label>
        <select id="new-role" name="role" required defaultValue={values.role ?? 'authority'} aria-invalid={errors.role ? true : undefined}>
          {roles.map((r) => (
            <option key={r} value={r}>{roleLabels[r]}</option>
          ))}
        </select>
        <label htmlFor="new-position">Должность в общественном совете (только для совета)</label>
        <select id="new-position" name="councilPosition" defaultValue={values.councilPosition ?? 'member'}>
          {councilPositions.map((p) => (
            <option key={p} value={p}>{councilPositionLabels[p]}</option>
          ))}
        </select>
        <label htmlFor="new-territory">Территория (орган управления, совет, оператор)</label>
        <select id="new-territory" name="territoryId" defaultValue={values.territoryId ?? ''} aria-invalid={errors.territoryId ? true : undefined}>
          <option value="">— не выбрана —</option>
          {loaderData.territories.map((t) => (
            <option key={t.id} value={t.id}>{t.name}</option>
          ))}
        </select>
        <label htmlFor="new-organisation">Организация (представитель организации)</label>
        <select id="new-organisation" name="organisationId" defaultValue={values.organisationId ?? ''} aria-invalid={errors.organisationId ? true : undefined}>
          <option value="">— не выбрана —</option>
          {loaderData.organisations.map((o) => (
            <option key={o.id} value={o.id}>{o.name}</option>
          ))}
        </select>
        <p>
          <button type="submit" name="intent" value="create">Создать и выдать приглашение</button>
        </p>
      </Form>
    </section>
  );
}
