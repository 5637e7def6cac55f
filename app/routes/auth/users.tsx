import { Form, data } from 'react-router';
import { asc } from 'drizzle-orm';
import {
  createAccount,
  issueAccountLink,
  linkUrl,
  listAccounts,
  LAST_ADMIN_REFUSED,
  setAccountActive,
  type FieldErrors,
} from '../../../src/auth/accounts.server';
import { councilPositionLabels, councilPositions, roleLabels } from '../../../src/auth/labels';
import { sendLinkMail } from '../../../src/auth/mail.server';
import { organisations, territories } from '../../../src/db/schema/registry';
import { roles } from '../../../src/auth/labels';
import { requireCan } from '../../server/guard';
import { ruDateTime } from '../../../src/lib/ru';
import { ErrorSummary, errorItems, formKey, Select, SuccessMessage, TableScroll, TextInput } from '../../ui/forms';
import type { NokoContext } from '../../context';
import type { Route } from './+types/users';

export function meta(_: Route.MetaArgs) {
  return [{ title: 'Пользователи — НОКО' }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  requireCan(context, request, 'admin.users');
  const [accounts, territoryList, organisationList] = await Promise.all([
    listAccounts(context.db),
    context.db
      .select({ id: territories.id, name: territories.name, kind: territories.kind })
      .from(territories)
      .orderBy(asc(territories.name)),
    context.db
      .select({ id: organisations.id, name: organisations.shortName })
      .from(organisations)
      .orderBy(asc(organisations.shortName))
      .limit(5000),
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
    accounts: accounts.map((a) => ({
      ...a,
      lockedUntil: a.lockedUntil?.toISOString() ?? null,
      createdAt: a.createdAt.toISOString(),
    })),
    territories: territoryList,
    organisations: organisationList,
    csrfToken: context.csrfToken,
    mailConfigured: !!context.config.smtpUrl,
  };
}

type Issued = { name: string; email: string; url: string | null; mailed: boolean; expiresAt: string; purpose: string };
type ActionResult = {
  intent?: string;
  problem?: string;
  errors?: FieldErrors;
  values?: Record<string, string>;
  issued?: Issued;
  message?: string;
  at?: number;
};

async function deliver(
  context: NokoContext,
  request: Request,
  user: { name: string; email: string },
  link: { token: string; expiresAt: Date; purpose: 'invite' | 'reset' | 'setup' },
): Promise<Issued> {
  const url = linkUrl(context.config.publicUrl ?? new URL(request.url).origin, link.token);
  const base = { name: user.name, email: user.email, expiresAt: link.expiresAt.toISOString(), purpose: link.purpose };
  if (context.config.smtpUrl) {
    try {
      await sendLinkMail(
        { url: context.config.smtpUrl, from: context.config.smtpFrom },
        { to: user.email, name: user.name, url, purpose: link.purpose, expiresAt: link.expiresAt },
      );
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
    if (!created.ok) return data<ActionResult>({ intent, errors: created.errors, values }, { status: 400 });
    const link = await issueAccountLink(context.db, actor, created.user.id);
    if (!link)
      return data<ActionResult>(
        { intent, message: 'Учётная запись создана, но ссылку выдать не удалось.' },
        { status: 500 },
      );
    return data<ActionResult>({
      intent,
      issued: await deliver(context, request, created.user, link),
      message: `Учётная запись ${created.user.email} создана.`,
      at: Date.now(),
    });
  }

  const userId = text('userId');
  if (intent === 'link') {
    const accounts = await listAccounts(context.db);
    const user = accounts.find((a) => a.id === userId);
    const link = user ? await issueAccountLink(context.db, actor, userId) : null;
    if (!user || !link)
      return data<ActionResult>(
        { intent, problem: 'Ссылку можно выдать только действующей учётной записи.' },
        { status: 400 },
      );
    return data<ActionResult>({ intent, issued: await deliver(context, request, user, link) });
  }
  if (intent === 'deactivate' || intent === 'reactivate') {
    const outcome = await setAccountActive(context.db, actor, userId, intent === 'reactivate', text('reason') || null);
    if (outcome === 'self')
      return data<ActionResult>({ intent, problem: 'Нельзя отключить собственную учётную запись.' }, { status: 400 });
    if (outcome === 'last-admin') return data<ActionResult>({ intent, problem: LAST_ADMIN_REFUSED }, { status: 400 });
    if (outcome === 'not-found')
      return data<ActionResult>({ intent, problem: 'Такой учётной записи нет.' }, { status: 404 });
    return data<ActionResult>({
      intent,
      message:
        intent === 'deactivate' ? 'Учётная запись отключена, её сеансы завершены.' : 'Учётная запись снова включена.',
    });
  }
  return data<ActionResult>({ problem: 'Неизвестное действие.' }, { status: 400 });
}

export default function AdminUsers({ loaderData, actionData }: Route.ComponentProps) {
  const { accounts, csrfToken, mailConfigured } = loaderData;
  const result = actionData as ActionResult | undefined;
  const created = result?.intent === 'create' && !result.errors ? result : undefined;
  const errors = (result?.intent === 'create' ? result.errors : undefined) ?? {};
  const values = (result?.intent === 'create' ? result.values : undefined) ?? {};
  const scopeOf = (a: (typeof accounts)[number]) =>
    a.role === 'organisation'
      ? (a.organisationName ?? '—')
      : a.role === 'admin'
        ? 'вся система'
        : (a.territoryName ?? '—');
  return (
    <section>
      <h1>Пользователи</h1>
      {!result && loaderData.notice ? <SuccessMessage>{loaderData.notice}</SuccessMessage> : null}
      <h2>Учётные записи</h2>
      {/* The answer to a row's button (a link, switching off or on) stands above the list of accounts. */}
      {result && result.intent !== 'create' ? (
        <>
          {result.problem ? <ErrorSummary title="Не выполнено" id="accounts-errors" items={[result.problem]} /> : null}
          {result.message ? <SuccessMessage id="accounts-result">{result.message}</SuccessMessage> : null}
          {result.issued ? <IssuedLink issued={result.issued} id="issued" /> : null}
        </>
      ) : null}
      <TableScroll label="Учётные записи">
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
                  {!a.active
                    ? 'отключена'
                    : !a.hasPassword
                      ? 'приглашение не принято'
                      : a.lockedUntil && new Date(a.lockedUntil) > new Date()
                        ? 'вход временно заблокирован'
                        : 'действует'}
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
      </TableScroll>

      <h2>Новая учётная запись</h2>
      <p>
        После создания {mailConfigured ? 'на указанную почту уйдёт письмо' : 'на экране появится ссылка'} со
        ссылкой-приглашением: по ней человек сам задаст пароль. Представителю организации выберите организацию, органу
        управления, совету и оператору — территорию.
      </p>
      <Form
        method="post"
        className="stacked"
        key={formKey(created ? { message: created.message, at: created.at } : undefined)}
      >
        {created?.message ? <SuccessMessage id="create-ok">{created.message}</SuccessMessage> : null}
        {created?.issued ? <IssuedLink issued={created.issued} id="issued-new" focus={false} /> : null}
        <ErrorSummary
          title="Учётная запись не создана:"
          id="create-errors"
          items={errorItems([], Object.fromEntries(Object.entries(errors).map(([f, m]) => [FIELD_IDS[f] ?? f, m])))}
        />
        <input type="hidden" name="_csrf" value={csrfToken} />
        <TextInput
          name="name"
          id="new-name"
          label="Фамилия, имя, отчество"
          required
          defaultValue={values.name ?? ''}
          error={errors.name}
        />
        <TextInput
          name="email"
          id="new-email"
          label="Электронная почта"
          type="email"
          required
          defaultValue={values.email ?? ''}
          error={errors.email}
        />
        <Select
          name="role"
          id="new-role"
          label="Роль"
          required
          defaultValue={values.role ?? 'authority'}
          error={errors.role}
          options={roles.map((r) => ({ value: r, label: roleLabels[r] }))}
        />
        <Select
          name="councilPosition"
          id="new-position"
          label="Должность в общественном совете (только для совета)"
          defaultValue={values.councilPosition ?? 'member'}
          error={errors.councilPosition}
          options={councilPositions.map((p) => ({ value: p, label: councilPositionLabels[p] }))}
        />
        <Select
          name="territoryId"
          id="new-territory"
          label="Территория (орган управления, совет, оператор)"
          defaultValue={values.territoryId ?? ''}
          error={errors.territoryId}
          placeholder="— не выбрана —"
          options={loaderData.territories.map((t) => ({ value: t.id, label: t.name }))}
        />
        <Select
          name="organisationId"
          id="new-organisation"
          label="Организация (представитель организации)"
          defaultValue={values.organisationId ?? ''}
          error={errors.organisationId}
          placeholder="— не выбрана —"
          options={loaderData.organisations.map((o) => ({ value: o.id, label: o.name }))}
        />
        <p>
          <button type="submit" name="intent" value="create">
            Создать и выдать приглашение
          </button>
        </p>
      </Form>
    </section>
  );
}

/** Where each field of the «new account» form is, for the error summary's links. */
const FIELD_IDS: Record<string, string> = {
  name: 'new-name',
  email: 'new-email',
  role: 'new-role',
  councilPosition: 'new-position',
  territoryId: 'new-territory',
  organisationId: 'new-organisation',
};

/** The link just issued: where it was mailed, or the link itself to hand over (shown only this once). */
function IssuedLink({ issued, id, focus = true }: { issued: Issued; id: string; focus?: boolean }) {
  return (
    <SuccessMessage id={id} focus={focus}>
      {issued.mailed ? (
        <p>{`Ссылка для ${issued.name} отправлена на ${issued.email}. Она действует до ${ruDateTime(issued.expiresAt)}.`}</p>
      ) : (
        <>
          <p>{`Одноразовая ссылка для ${issued.name} (${issued.email}). Она показана только сейчас: скопируйте и передайте её лично. Действует до ${ruDateTime(issued.expiresAt)}.`}</p>
          <p>
            <label htmlFor="issued-link">Ссылка</label>
            <input id="issued-link" className="link-output" readOnly value={issued.url ?? ''} />
          </p>
        </>
      )}
    </SuccessMessage>
  );
}
