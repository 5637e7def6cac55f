import { Form, data } from 'react-router';
import { count } from 'drizzle-orm';
import { can } from '../../../src/auth/policy';
import { territoryScope } from '../../../src/auth/scope.server';
import { organisations } from '../../../src/db/schema/registry';
import { createTerritory, listTerritories, visibleTerritoryIds } from '../../../src/registry/organisations.server';
import { RegistryError } from '../../../src/registry/fields';
import { requireCan } from '../../server/guard';
import { Csrf, FormMessages, formKey, Select, TextInput, type FormResult } from '../../ui/forms';
import type { Route } from './+types/index';

export function meta(_: Route.MetaArgs) {
  return [{ title: 'Реестр организаций — НОКО' }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireCan(context, request, 'registry.view');
  const visible = await visibleTerritoryIds(context.db, user);
  const all = await listTerritories(context.db);
  // A municipality's staff see their municipality; they also see its region's name as a heading.
  const shown = visible
    ? all.filter((t) => visible.includes(t.id) || all.some((m) => m.parentId === t.id && visible.includes(m.id)))
    : all;
  const counts = await context.db
    .select({ territoryId: organisations.territoryId, n: count() })
    .from(organisations)
    .groupBy(organisations.territoryId);
  const byTerritory = new Map(counts.map((c) => [c.territoryId, c.n]));
  const regions = shown
    .filter((t) => t.kind === 'region')
    .map((r) => ({
      id: r.id,
      name: r.name,
      canEdit: can(user, 'registry.edit', { territoryIds: [r.id] }),
      municipalities: shown
        .filter((m) => m.parentId === r.id)
        .sort((a, b) => a.name.localeCompare(b.name, 'ru'))
        .map((m) => ({ id: m.id, name: m.name, organisations: byTerritory.get(m.id) ?? 0 })),
    }));
  return { regions, canCreateRegion: user.role === 'admin', csrfToken: context.csrfToken };
}

type ActionResult = FormResult;

export async function action({ request, context }: Route.ActionArgs) {
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const name = String(form.get('name') ?? '');
  if (intent === 'region') {
    const user = requireCan(context, request, 'registry.edit');
    if (user.role !== 'admin') throw data('Регион может создать только администратор.', { status: 403 });
    try {
      const t = await createTerritory(
        context.db,
        { kind: 'region', name, parentId: null },
        { id: user.id, name: user.name },
      );
      return data<ActionResult>({ intent, message: `Регион «${t.name}» создан.`, at: Date.now() });
    } catch (err) {
      if (err instanceof RegistryError)
        return data<ActionResult>({ intent, fieldErrors: { 'region-name': err.message } }, { status: 400 });
      throw err;
    }
  }
  if (intent === 'municipality') {
    const parentId = String(form.get('parentId') ?? '');
    const user = requireCan(context, request, 'registry.edit', await territoryScope(context.db, parentId));
    try {
      const t = await createTerritory(
        context.db,
        { kind: 'municipality', name, parentId },
        { id: user.id, name: user.name },
      );
      return data<ActionResult>({ intent, message: `Муниципалитет «${t.name}» создан.`, at: Date.now() });
    } catch (err) {
      if (err instanceof RegistryError)
        return data<ActionResult>({ intent, fieldErrors: { 'municipality-name': err.message } }, { status: 400 });
      throw err;
    }
  }
  return data<ActionResult>({ errors: ['Неизвестное действие.'] }, { status: 400 });
}

export default function Registry({ loaderData, actionData }: Route.ComponentProps) {
  const { regions, canCreateRegion, csrfToken } = loaderData;
  const result = actionData as ActionResult | undefined;
  const editable = regions.filter((r) => r.canEdit);
  return (
    <section>
      <h1>Реестр организаций</h1>
      {result?.intent !== 'municipality' && result?.intent !== 'region' ? (
        <FormMessages result={result} errorTitle="Территория не создана" />
      ) : null}
      {regions.length === 0 ? <p>Территорий пока нет.{canCreateRegion ? ' Создайте регион ниже.' : ''}</p> : null}
      <ul className="territory-tree">
        {regions.map((r) => (
          <li key={r.id}>
            <strong>{r.name}</strong> <span className="muted">(регион)</span>
            {r.municipalities.length ? (
              <ul>
                {r.municipalities.map((m) => (
                  <li key={m.id}>
                    <a href={`/registry/${m.id}`}>{m.name}</a> — {m.organisations} орг.
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">Муниципалитетов пока нет.</p>
            )}
          </li>
        ))}
      </ul>
      {editable.length > 0 ? (
        <>
          <h2>Новый муниципалитет</h2>
          <Form method="post" className="stack" key={formKey(result, 'municipality')}>
            <FormMessages result={result} intent="municipality" errorTitle="Муниципалитет не создан" />
            <Csrf token={csrfToken} />
            <input type="hidden" name="intent" value="municipality" />
            <Select
              name="parentId"
              label="Регион"
              required
              options={editable.map((r) => ({ value: r.id, label: r.name }))}
            />
            <TextInput
              name="name"
              id="municipality-name"
              label="Название муниципалитета"
              required
              maxLength={300}
              autoComplete="off"
              error={result?.intent === 'municipality' ? result.fieldErrors?.['municipality-name'] : undefined}
            />
            <p>
              <button type="submit">Создать муниципалитет</button>
            </p>
          </Form>
        </>
      ) : null}
      {canCreateRegion ? (
        <>
          <h2>Новый регион</h2>
          <Form method="post" className="stack" key={formKey(result, 'region')}>
            <FormMessages result={result} intent="region" errorTitle="Регион не создан" />
            <Csrf token={csrfToken} />
            <input type="hidden" name="intent" value="region" />
            <TextInput
              name="name"
              id="region-name"
              label="Название региона"
              required
              maxLength={300}
              autoComplete="off"
              error={result?.intent === 'region' ? result.fieldErrors?.['region-name'] : undefined}
            />
            <p>
              <button type="submit" className="secondary">
                Создать регион
              </button>
            </p>
          </Form>
        </>
      ) : null}
    </section>
  );
}
