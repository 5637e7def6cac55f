import { Form, data } from 'react-router';
import { can } from '../../../src/auth/policy';
import { organisationScope } from '../../../src/auth/scope.server';
import { getOrganisation, getTerritory, organisationHistoryOf, updateOrganisation } from '../../../src/registry/organisations.server';
import { fieldLabels, formatRuDate, organisationFields, parseRussianDate, RegistryError, validateOrganisation, type FieldErrors, type OrganisationField } from '../../../src/registry/fields';
import { statusLabels, typeLabels } from '../../../src/registry/validation';
import { requireCan } from '../../server/guard';
import { Csrf, ErrorSummary, describedBy } from '../../ui/forms';
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
    history: history.map((h) => ({ id: h.id, at: h.at.toISOString(), actorName: h.actorName, source: h.source, changes: h.changes as Record<string, { from: unknown; to: unknown }> })),
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
  const raw = { ...values, lastAssessedOn: values.lastAssessedOn ? (parseRussianDate(values.lastAssessedOn) ?? values.lastAssessedOn) : '' };
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
const dateTime = new Intl.DateTimeFormat('ru-RU', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Moscow' });

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
  const value = (f: OrganisationField) => result?.values?.[f] ?? (f === 'lastAssessedOn' ? formatRuDate(o.lastAssessedOn) : f === 'recipients' ? String(o.recipients ?? '') : String(o[f] ?? ''));
  const input = (f: OrganisationField, props: Record<string, unknown> = {}) => (
    <div className="field" key={f}>
      <label htmlFor={f}>{fieldLabels[f]}</label>
      {errors[f] ? <p className="error" id={`${f}-error`}>{errors[f]}</p> : null}
      <input id={f} name={f} defaultValue={value(f)} aria-invalid={errors[f] ? true : undefined} aria-describedby={describedBy(f, errors[f])} {...props} />
    </div>
  );
  return (
    <section>
      <p><a href={`/registry/${territory.id}`}>← {territory.name}</a></p>
      <h1>{o.shortName}</h1>
      {result?.message ? <p className="notice" role="status">{result.message}</p> : null}
      <ErrorSummary title="Изменения не сохранены" items={[...(result?.formError ? [result.formError] : []), ...Object.values(errors).filter((e): e is string => !!e)]} />
      <dl className="card">
        {organisationFields.map((f) => (
          <div key={f}>
            <dt>{fieldLabels[f]}</dt>
            <dd>{f === 'website' && o.website ? <a href={o.website} rel="noopener noreferrer">{o.website}</a> : show(f, o[f])}</dd>
          </div>
        ))}
      </dl>

      {canEdit ? (
        <details open={!!result?.errors || !!result?.formError}>
          <summary>Изменить карточку</summary>
          <Form method="post" className="stack">
            <Csrf token={csrfToken} />
            {input('fullName', { required: true })}
            {input('shortName', { required: true })}
            <div className="field">
              <label htmlFor="type">{fieldLabels.type}</label>
              {errors.type ? <p className="error" id="type-error">{errors.type}</p> : null}
              <select id="type" name="type" defaultValue={result?.values?.type ?? o.type}>
                {Object.entries(typeLabels).map(([k, v]) => (
                  <option key={k} value={k}>{v}</option>
                ))}
              </select>
            </div>
            {input('inn', { required: true, inputMode: 'numeric' })}
            {input('ogrn', { inputMode: 'numeric' })}
            {input('kpp')}
            {input('address')}
            {input('website')}
            {input('headName')}
            {input('founder')}
            {input('recipients', { inputMode: 'numeric' })}
            <div className="field">
              <label htmlFor="status">{fieldLabels.status}</label>
              <select id="status" name="status" defaultValue={result?.values?.status ?? o.status}>
                {Object.entries(statusLabels).map(([k, v]) => (
                  <option key={k} value={k}>{v}</option>
                ))}
              </select>
            </div>
            {input('lastAssessedOn', { placeholder: 'дд.мм.гггг' })}
            <p><button type="submit">Сохранить</button></p>
          </Form>
        </details>
      ) : null}

      <h2>История изменений</h2>
      {history.length === 0 ? (
        <p>Изменений пока нет.</p>
      ) : (
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
                <td>{dateTime.format(new Date(h.at))}</td>
                <td>{h.actorName ?? '—'}</td>
                <td>{sourceLabels[h.source] ?? h.source}</td>
                <td>
                  <ul className="changes">
                    {Object.entries(h.changes).map(([f, c]) => (
                      <li key={f}>
                        {fieldLabels[f as OrganisationField] ?? f}: {c.from === null ? '' : `${show(f, c.from)} → `}{show(f, c.to)}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
