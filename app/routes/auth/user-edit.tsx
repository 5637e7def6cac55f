import { Form, data, redirect } from 'react-router';
import { asc } from 'drizzle-orm';
import { z } from 'zod';
import { getAccount, updateAccount, type FieldErrors } from '../../../src/auth/accounts.server';
import { councilPositionLabels, councilPositions, roleLabels } from '../../../src/auth/labels';
import { organisations, territories } from '../../../src/db/schema/registry';
import { roles } from '../../../src/auth/labels';
import { requireCan } from '../../server/guard';
import { Csrf, ErrorSummary, describedBy } from '../../ui/forms';
import type { Route } from './+types/user-edit';

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: `${d?.account.name ?? 'Учётная запись'} — изменение — НОКО` }];
}

// Any 8-4-4-4-12 hex id, as the rest of the app accepts (z.uuid() would also demand an RFC version digit).
const userIdParam = z.guid();

/** The account in the URL, after the permission check: a malformed or unknown id is a 404 for administrators. */
async function accountFor(context: Route.LoaderArgs['context'], userId: string | undefined) {
  const id = userIdParam.safeParse(userId);
  const account = id.success ? await getAccount(context.db, id.data) : null;
  if (!account) throw data('Не найдено.', { status: 404 });
  return account;
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const admin = requireCan(context, request, 'admin.users');
  const account = await accountFor(context, params.userId);
  const [territoryList, organisationList] = await Promise.all([
    context.db.select({ id: territories.id, name: territories.name }).from(territories).orderBy(asc(territories.name)),
    context.db
      .select({ id: organisations.id, name: organisations.shortName })
      .from(organisations)
      .orderBy(asc(organisations.shortName))
      .limit(5000),
  ]);
  return {
    account,
    self: account.id === admin.id,
    territories: territoryList,
    organisations: organisationList,
    csrfToken: context.csrfToken,
  };
}

type ActionResult = { errors: FieldErrors; values: Record<string, string> };

export async function action({ request, context, params }: Route.ActionArgs) {
  const admin = requireCan(context, request, 'admin.users');
  const account = await accountFor(context, params.userId);
  const form = await request.formData();
  const text = (name: string) => String(form.get(name) ?? '').trim();
  const values = {
    name: text('name'),
    role: text('role'),
    councilPosition: text('councilPosition'),
    territoryId: text('territoryId'),
    organisationId: text('organisationId'),
    reason: text('reason'),
  };
  const result = await updateAccount(context.db, { id: admin.id, name: admin.name }, account.id, values);
  if (!result.ok)
    return data<ActionResult>({ errors: result.errors, values }, { status: result.reason === 'not-found' ? 404 : 400 });
  // Back to the list, which shows the notice (a redirect, so reloading the list does not post again).
  const query = new URLSearchParams({ updated: account.id });
  if (result.sessionsEnded) query.set('ended', '1');
  if (!result.changed) query.set('unchanged', '1');
  return redirect(`/admin/users?${query}`);
}

export default function EditAccount({ loaderData, actionData }: Route.ComponentProps) {
  const { account, self, csrfToken } = loaderData;
  const result = actionData as ActionResult | undefined;
  const errors = result?.errors ?? {};
  const value = (field: 'name' | 'role' | 'councilPosition' | 'territoryId' | 'organisationId' | 'reason') =>
    result?.values[field] ??
    (field === 'reason'
      ? ''
      : field === 'councilPosition'
        ? (account.councilPosition ?? 'member')
        : (account[field] ?? ''));
  const invalid = (field: keyof FieldErrors) => (errors[field] ? true : undefined);
  const fieldError = (field: keyof FieldErrors) =>
    errors[field] ? (
      <p className="error" id={`${field}-error`}>
        {errors[field]}
      </p>
    ) : null;
  return (
    <section>
      <p>
        <a href="/admin/users">← Пользователи</a>
      </p>
      <h1>Изменение учётной записи</h1>
      <p>
        {account.name}, {account.email}
        {account.active ? '' : ' (учётная запись отключена)'}
      </p>
      <ErrorSummary title="Изменения не сохранены" items={Object.values(errors).filter((e): e is string => !!e)} />
      <p>
        Если изменить роль, должность в совете, территорию или организацию, все открытые сеансы этого человека
        завершатся: новые права начнут действовать при следующем входе. Представителю организации выберите организацию,
        органу управления, совету и оператору — территорию.
      </p>
      {self ? (
        <p className="notice">
          Это ваша учётная запись: роль и область доступа может изменить только другой администратор.
        </p>
      ) : null}
      <Form method="post" className="stacked">
        <Csrf token={csrfToken} />
        <label htmlFor="edit-name">Фамилия, имя, отчество</label>
        {fieldError('name')}
        <input
          id="edit-name"
          name="name"
          required
          defaultValue={value('name')}
          aria-invalid={invalid('name')}
          aria-describedby={describedBy('name', errors.name)}
        />
        <label htmlFor="edit-role">Роль</label>
        {fieldError('role')}
        <select
          id="edit-role"
          name="role"
          required
          defaultValue={value('role')}
          aria-invalid={invalid('role')}
          aria-describedby={describedBy('role', errors.role)}
        >
          {roles.map((r) => (
            <option key={r} value={r}>
              {roleLabels[r]}
            </option>
          ))}
        </select>
        <label htmlFor="edit-position">Должность в общественном совете (только для совета)</label>
        {fieldError('councilPosition')}
        <select
          id="edit-position"
          name="councilPosition"
          defaultValue={value('councilPosition')}
          aria-invalid={invalid('councilPosition')}
          aria-describedby={describedBy('councilPosition', errors.councilPosition)}
        >
          {councilPositions.map((p) => (
            <option key={p} value={p}>
              {councilPositionLabels[p]}
            </option>
          ))}
        </select>
        <label htmlFor="edit-territory">Территория (орган управления, совет, оператор)</label>
        {fieldError('territoryId')}
        <select
          id="edit-territory"
          name="territoryId"
          defaultValue={value('territoryId')}
          aria-invalid={invalid('territoryId')}
          aria-describedby={describedBy('territoryId', errors.territoryId)}
        >
          <option value="">— не выбрана —</option>
          {loaderData.territories.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
        <label htmlFor="edit-organisation">Организация (представитель организации)</label>
        {fieldError('organisationId')}
        <select
          id="edit-organisation"
          name="organisationId"
          defaultValue={value('organisationId')}
          aria-invalid={invalid('organisationId')}
          aria-describedby={describedBy('organisationId', errors.organisationId)}
        >
          <option value="">— не выбрана —</option>
          {loaderData.organisations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
        <label htmlFor="edit-reason">Причина изменения (необязательно, попадёт в журнал)</label>
        <input id="edit-reason" name="reason" maxLength={500} defaultValue={value('reason')} />
        <p>
          <button type="submit">Сохранить изменения</button> <a href="/admin/users">Отмена</a>
        </p>
      </Form>
    </section>
  );
}
