import { Form, data, redirect } from 'react-router';
import { asc } from 'drizzle-orm';
import { z } from 'zod';
import { getAccount, updateAccount, type FieldErrors } from '../../../src/auth/accounts.server';
import { councilPositionLabels, councilPositions, roleLabels } from '../../../src/auth/labels';
import { organisations, territories } from '../../../src/db/schema/registry';
import { roles } from '../../../src/auth/labels';
import { requireCan } from '../../server/guard';
import {
  Csrf,
  FormMessages,
  Select,
  TextInput,
  type FieldErrors as FormFieldErrors,
  type FormResult,
} from '../../ui/forms';
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

/** Where each field of the form is, for the error summary's links (the kit keys field errors by id). */
const FIELD_IDS = {
  name: 'edit-name',
  role: 'edit-role',
  councilPosition: 'edit-position',
  territoryId: 'edit-territory',
  organisationId: 'edit-organisation',
} as const satisfies Partial<Record<keyof FieldErrors, string>>;

type ActionResult = FormResult & { values: Record<string, string> };

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
  if (!result.ok) {
    // A problem without a field on this form (the form as a whole, the e-mail) is a plain item of the summary.
    const errors: string[] = [];
    const fieldErrors: FormFieldErrors = {};
    for (const [field, message] of Object.entries(result.errors)) {
      const id = FIELD_IDS[field as keyof typeof FIELD_IDS];
      if (id) fieldErrors[id] = message;
      else if (message) errors.push(message);
    }
    return data<ActionResult>({ errors, fieldErrors, values }, { status: result.reason === 'not-found' ? 404 : 400 });
  }
  // Back to the list, which shows the notice (a redirect, so reloading the list does not post again).
  const query = new URLSearchParams({ updated: account.id });
  if (result.sessionsEnded) query.set('ended', '1');
  if (!result.changed) query.set('unchanged', '1');
  return redirect(`/admin/users?${query}`);
}

export default function EditAccount({ loaderData, actionData }: Route.ComponentProps) {
  const { account, self, csrfToken } = loaderData;
  const result = actionData as ActionResult | undefined;
  const value = (field: 'name' | 'role' | 'councilPosition' | 'territoryId' | 'organisationId' | 'reason') =>
    result?.values[field] ??
    (field === 'reason'
      ? ''
      : field === 'councilPosition'
        ? (account.councilPosition ?? 'member')
        : (account[field] ?? ''));
  const error = (field: keyof typeof FIELD_IDS) => result?.fieldErrors?.[FIELD_IDS[field]] ?? undefined;
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
        <FormMessages result={result} errorTitle="Изменения не сохранены" />
        <Csrf token={csrfToken} />
        <TextInput
          name="name"
          id="edit-name"
          label="Фамилия, имя, отчество"
          required
          defaultValue={value('name')}
          error={error('name')}
        />
        <Select
          name="role"
          id="edit-role"
          label="Роль"
          required
          defaultValue={value('role')}
          error={error('role')}
          options={roles.map((r) => ({ value: r, label: roleLabels[r] }))}
        />
        <Select
          name="councilPosition"
          id="edit-position"
          label="Должность в общественном совете (только для совета)"
          defaultValue={value('councilPosition')}
          error={error('councilPosition')}
          options={councilPositions.map((p) => ({ value: p, label: councilPositionLabels[p] }))}
        />
        <Select
          name="territoryId"
          id="edit-territory"
          label="Территория (орган управления, совет, оператор)"
          defaultValue={value('territoryId')}
          error={error('territoryId')}
          placeholder="— не выбрана —"
          options={loaderData.territories.map((t) => ({ value: t.id, label: t.name }))}
        />
        <Select
          name="organisationId"
          id="edit-organisation"
          label="Организация (представитель организации)"
          defaultValue={value('organisationId')}
          error={error('organisationId')}
          placeholder="— не выбрана —"
          options={loaderData.organisations.map((o) => ({ value: o.id, label: o.name }))}
        />
        <TextInput
          name="reason"
          id="edit-reason"
          label="Причина изменения (необязательно, попадёт в журнал)"
          maxLength={500}
          defaultValue={value('reason')}
        />
        <p>
          <button type="submit">Сохранить изменения</button> <a href="/admin/users">Отмена</a>
        </p>
      </Form>
    </section>
  );
}
