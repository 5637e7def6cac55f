import { Form, data } from 'react-router';
import { can } from '../../../src/auth/policy';
import { organisationScope } from '../../../src/auth/scope.server';
import {
  getOrganisation,
  getTerritory,
  organisationHistoryOf,
  updateOrganisation,
} from '../../../src/registry/organisations.server';
import {
  fieldLabels,
  formatRuDate,
  organisationFields,
  parseRussianDate,
  RegistryError,
  validateOrganisation,
  type FieldErrors,
  type OrganisationField,
} from '../../../src/registry/fields';
import { statusLabels, typeLabels } from '../../../src/registry/validation';
import { requireCan } from '../../server/guard';
import { Csrf, ErrorSummary, Select, SuccessMessage, TableScroll, TextInput } from '../../ui/forms';
import { ruDateTime } from '../../../src/lib/ru';
import type { Route } from './+types/org';

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: `${d?.organisation.shortName ?? 'Организация'} — реестр — НОКО` }];
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const scope = await organisationScope(context.db, params.id);
  const user = requireCan(context, request, 'registry.view', scope);
  const o = (await getOrganisation(context.db, params.id))!;
  const territory = await getTerritory(context.db, o.territoryId);
  const history = await organisationHistoryOf(context.db, o.id);
  return {
    organisation: o,
    territory: { id: o.territoryId, name: territory?.name ?? '' },
    history: history.map((h) => ({
      id: h.id,
      at: h.at.toISOString(),
      actorName: h.actorName,
      source: h.source,
      changes: h.changes as Record<string, { from: unknown; to: unknown }>,
    })),
    canEdit: can(user, 'registry.edit', scope!),
    csrfToken: context.csrfToken,
  };
}

type ActionResult = { errors?: FieldErrors; formError?: string; values?: Record<string, string>; message?: string };

export async function action({ request, context, params }: Route.ActionArgs) {
  // The scope comes from the organisation in the URL: an id of another territory's organisation is refused.
  const user = requireCan(context, request, 'registry.edit', await organisationScope(context.db, params.id));
  const form = await request.formData();
  const values: Record<string, string> = {};
  for (const f of organisationFields) values[f] = String(form.get(f) ?? '');
  const raw = {
    ...values,
    lastAssessedOn: values.lastAssessedOn ? (parseRussianDate(values.lastAssessedOn) ?? values.lastAssessedOn) : '',
  };
  const checked = validateOrganisation(raw);
  if (!checked.ok) return data<ActionResult>({ errors: checked.errors, values }, { status: 400 });
  try {
    await updateOrganisation(context.db, params.id, checked.value, { id: user.id, name: user.name });
  } catch (err) {
    if (err instanceof RegistryError) return data<ActionResult>({ formError: err.message, values }, { status: 400 });
    throw err;
  }
  return data<ActionResult>({ message: 'Изменения сохранены.' });
}

const sourceLabels: Record<string, string> = { manual: 'вручную', import: 'импорт файла', demo: 'демо-данные' };

function show(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (field === 'type') return typeLabels[value as keyof typeof typeLabels] ?? String(value);
  if (field === 'status') return statusLabels[value as keyof typeof statusLabels] ?? String(value);
  if (field === 'lastAssessedOn') return formatRuDate(String(value));
  return String(value);
}

export default function OrganisationCard({ loaderData, actionData }: Route.ComponentProps) {
  const { organisation: o, territory, history, canEdit, csrfToken } = loaderData;
  const result = actionData as ActionResult | undefined;
  const errors = result?.errors ?? {};
  const value = (f: OrganisationField) =>
    result?.values?.[f] ??
    (f === 'lastAssessedOn'
      ? formatRuDate(o.lastAssessedOn)
      : f === 'recipients'
        ? String(o.recipients ?? '')
        : String(o[f] ?? ''));
  const input = (f: OrganisationField, props: Record<string, unknown> = {}) => (
    <TextInput key={f} name={f} label={fieldLabels[f]} defaultValue={value(f)} error={errors[f]} {...props} />
  );
  const problems = [
    ...(result?.formError ? [result.formError] : []),
    ...Object.entries(errors).flatMap(([f, e]) => (e ? [{ text: e, field: f }] : [])),
  ];
  return (
    <section>
      <p>
        <a href={`/registry/${territory.id}`}>← {territory.name}</a>
      </p>
      <h1>{o.shortName}</h1>
      {result?.message && !canEdit ? <SuccessMessage>{result.message}</SuccessMessage> : null}
      <dl className="card">
        {organisationFields.map((f) => (
          <div key={f}>
            <dt>{fieldLabels[f]}</dt>
            <dd>
              {f === 'website' && o.website ? (
                <a href={o.website} rel="noopener noreferrer">
                  {o.website}
                </a>
              ) : (
                show(f, o[f])
              )}
            </dd>
          </div>
        ))}
      </dl>

      {canEdit ? (
        <details open={!!result}>
          <summary>Изменить карточку</summary>
          <Form method="post" className="stack">
            <SuccessMessage>{result?.message}</SuccessMessage>
            <ErrorSummary title="Изменения не сохранены" items={problems} />
            <Csrf token={csrfToken} />
            {input('fullName', { required: true })}
            {input('shortName', { required: true })}
            <Select
              name="type"
              label={fieldLabels.type}
              defaultValue={result?.values?.type ?? o.type}
              error={errors.type}
              options={Object.entries(typeLabels).map(([k, v]) => ({ value: k, label: v }))}
            />
            {input('inn', { required: true, inputMode: 'numeric' })}
            {input('ogrn', { inputMode: 'numeric' })}
            {input('kpp')}
            {input('address')}
            {input('website')}
            {input('headName')}
            {input('founder')}
            {input('recipients', { inputMode: 'numeric' })}
            <Select
              name="status"
              label={fieldLabels.status}
              defaultValue={result?.values?.status ?? o.status}
              error={errors.status}
              options={Object.entries(statusLabels).map(([k, v]) => ({ value: k, label: v }))}
            />
            {input('lastAssessedOn', { hint: 'дд.мм.гггг' })}
            <p>
              <button type="submit">Сохранить</button>
            </p>
          </Form>
        </details>
      ) : null}

      <h2>История изменений</h2>
      {history.length === 0 ? (
        <p>Изменений пока нет.</p>
      ) : (
        <TableScroll label="История изменений карточки">
          <table>
            <caption className="visually-hidden">История изменений карточки</caption>
            <thead>
              <tr>
                <th scope="col">Когда</th>
                <th scope="col">Кто</th>
                <th scope="col">Как</th>
                <th scope="col">Что изменилось</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={h.id}>
                  <td>{ruDateTime(h.at)}</td>
                  <td>{h.actorName ?? '—'}</td>
                  <td>{sourceLabels[h.source] ?? h.source}</td>
                  <td>
                    <ul className="changes">
                      {Object.entries(h.changes).map(([f, c]) => (
                        <li key={f}>
                          {fieldLabels[f as OrganisationField] ?? f}: {c.from === null ? '' : `${show(f, c.from)} → `}
                          {show(f, c.to)}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
