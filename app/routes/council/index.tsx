import { Form, redirect } from 'react-router';
import { can } from '../../../src/auth/policy';
import { territoryScope } from '../../../src/auth/scope.server';
import { createCouncil, listCouncils } from '../../../src/council/council.server';
import { listTerritories, visibleTerritoryIds } from '../../../src/registry/organisations.server';
import { requireCan } from '../../server/guard';
import { Csrf, ErrorSummary, Select, TextInput } from '../../ui/forms';
import { SettingsFields } from './components';
import { actorOf, formReader, postedForm, refusal, unknownIntent, type ActionResult } from './common.server';
import type { Route } from './+types/index';

export function meta(_: Route.MetaArgs) {
  return [{ title: 'Общественные советы — НОКО' }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireCan(context, request, 'council.view');
  const visible = await visibleTerritoryIds(context.db, user);
  const councils = await listCouncils(context.db, visible);
  const territories = (await listTerritories(context.db)).filter((t) => !visible || visible.includes(t.id));
  const withCouncil = new Set(councils.map((c) => c.territoryId));
  const creatable = [];
  for (const t of territories) {
    if (withCouncil.has(t.id)) continue;
    if (can(user, 'council.manage', (await territoryScope(context.db, t.id)) ?? {}))
      creatable.push({ id: t.id, name: t.name });
  }
  return {
    councils: councils.map((c) => ({ id: c.id, name: c.name, territoryName: c.territoryName })),
    creatable,
    csrfToken: context.csrfToken,
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await postedForm(request);
  const f = formReader(form);
  if (f.text('intent') !== 'create') {
    requireCan(context, request, 'council.manage');
    return unknownIntent();
  }
  const scope = await territoryScope(context.db, f.text('territoryId'));
  const user = requireCan(context, request, 'council.manage', scope ?? { territoryIds: [] });
  try {
    const council = await createCouncil(
      context.db,
      f.text('territoryId'),
      {
        name: f.text('name'),
        quorumRule: f.text('quorumRule'),
        tieRule: f.text('tieRule'),
        absenteeVoting: f.bool('absenteeVoting'),
        proposalThreshold: f.int('proposalThreshold'),
      },
      actorOf(user),
    );
    return redirect(`/council/${council.id}`);
  } catch (err) {
    return refusal('create', err);
  }
}

export default function Councils({ loaderData, actionData }: Route.ComponentProps) {
  const { councils, creatable, csrfToken } = loaderData;
  const result = actionData as ActionResult | undefined;
  return (
    <section>
      <h1>Общественные советы</h1>
      {councils.length === 0 ? (
        <p>Совет ещё не заведён.</p>
      ) : (
        <ul>
          {councils.map((c) => (
            <li key={c.id}>
              <a href={`/council/${c.id}`}>{c.name}</a> ({c.territoryName})
            </li>
          ))}
        </ul>
      )}
      {creatable.length ? (
        <>
          <h2 id="create">Завести совет</h2>
          <Form method="post" className="stack">
            <ErrorSummary title="Совет не создан" items={result?.errors ?? []} />
            <Csrf token={csrfToken} />
            <input type="hidden" name="intent" value="create" />
            <Select
              name="territoryId"
              label="Территория"
              required
              options={creatable.map((t) => ({ value: t.id, label: t.name }))}
            />
            <TextInput
              name="name"
              label="Название совета"
              required
              maxLength={300}
              defaultValue="Общественный совет по проведению независимой оценки качества условий осуществления образовательной деятельности"
            />
            <SettingsFields />
            <p>
              <button type="submit">Завести совет</button>
            </p>
          </Form>
        </>
      ) : null}
    </section>
  );
}
