import { Form, data, redirect } from 'react-router';
import { can } from '../../../src/auth/policy';
import { territoryScope } from '../../../src/auth/scope.server';
import { createCampaign } from '../../../src/campaigns/campaigns.server';
import { CampaignError } from '../../../src/campaigns/errors';
import { defaultPolicies, knownMethodologies } from '../../../src/campaigns/policies';
import { listTerritories, visibleTerritoryIds } from '../../../src/registry/organisations.server';
import { requireCan } from '../../server/guard';
import { Csrf, ErrorSummary, Select, Textarea, TextInput } from '../../ui/forms';
import { PolicyFields, policiesFromForm } from '../../ui/policies';
import type { Route } from './+types/new';

export function meta(_: Route.MetaArgs) {
  return [{ title: 'Новая кампания — НОКО' }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireCan(context, request, 'campaign.edit');
  const visible = await visibleTerritoryIds(context.db, user);
  const all = await listTerritories(context.db);
  const territories = all
    .filter((t) => !visible || visible.includes(t.id))
    .filter((t) => can(user, 'campaign.edit', { territoryIds: t.parentId ? [t.id, t.parentId] : [t.id] }))
    .map((t) => ({ id: t.id, label: t.kind === 'region' ? `${t.name} (регион)` : t.name }));
  const year = new Date().getFullYear();
  return {
    territories,
    year,
    methodologies: knownMethodologies,
    policies: defaultPolicies(),
    csrfToken: context.csrfToken,
    canRepeat: can(user, 'campaign.repeat'),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await request.formData();
  const territoryId = String(form.get('territoryId') ?? '');
  const user = requireCan(context, request, 'campaign.edit', await territoryScope(context.db, territoryId));
  // What was typed comes back with the errors, so a refused form need not be filled in again.
  const values = Object.fromEntries(
    ['territoryId', 'year', 'title', 'methodologyId', 'operatorName', 'operatorContract', 'repeatReason'].map((k) => [
      k,
      String(form.get(k) ?? ''),
    ]),
  );
  const { policies, problems } = policiesFromForm(form);
  if (problems.length) return data({ errors: problems, values }, { status: 400 });
  try {
    const c = await createCampaign(
      context.db,
      {
        territoryId,
        year: Number(form.get('year')),
        title: String(form.get('title') ?? ''),
        methodologyId: String(form.get('methodologyId') ?? ''),
        policies,
        operatorName: String(form.get('operatorName') ?? ''),
        operatorContract: String(form.get('operatorContract') ?? ''),
        // Only an administrator may start a second campaign of the same territory and year.
        repeatReason: can(user, 'campaign.repeat') ? String(form.get('repeatReason') ?? '') : null,
      },
      { id: user.id, name: user.name },
    );
    return redirect(`/campaigns/${c.id}`);
  } catch (err) {
    if (err instanceof CampaignError) return data({ errors: [err.message, ...err.details], values }, { status: 400 });
    throw err;
  }
}

export default function NewCampaign({ loaderData, actionData }: Route.ComponentProps) {
  const { territories, year, methodologies, policies, csrfToken } = loaderData;
  const refused = actionData as { errors?: string[]; values?: Record<string, string> } | undefined;
  const v = (k: string, fallback = '') => refused?.values?.[k] ?? fallback;
  return (
    <section>
      <p>
        <a href="/campaigns">← Все кампании</a>
      </p>
      <h1>Новая кампания</h1>
      {territories.length === 0 ? (
        <p>
          Сначала создайте территорию в <a href="/registry">реестре</a>.
        </p>
      ) : null}
      <Form method="post" className="stack">
        <ErrorSummary title="Кампания не создана" items={refused?.errors ?? []} />
        <Csrf token={csrfToken} />
        <Select
          name="territoryId"
          label="Территория"
          required
          defaultValue={v('territoryId') || undefined}
          options={territories.map((t) => ({ value: t.id, label: t.label }))}
        />
        <TextInput
          name="year"
          label="Год"
          type="number"
          min={2014}
          max={2100}
          defaultValue={v('year', String(year))}
          required
        />
        <TextInput
          name="title"
          label="Название"
          defaultValue={v('title', `НОК УООД ${year}`)}
          required
          maxLength={300}
        />
        <Select
          name="methodologyId"
          label="Версия методики"
          defaultValue={v('methodologyId') || undefined}
          options={methodologies.map((m) => ({ value: m.id, label: m.title }))}
        />
        <TextInput
          name="operatorName"
          label="Оператор (организация)"
          maxLength={300}
          defaultValue={v('operatorName')}
        />
        <TextInput
          name="operatorContract"
          label="Договор с оператором (номер, дата)"
          maxLength={300}
          defaultValue={v('operatorContract')}
        />
        <PolicyFields policies={policies} />
        {loaderData.canRepeat ? (
          <Textarea
            name="repeatReason"
            label="Причина повторной кампании"
            hint="Заполните, только если у территории уже есть кампания этого года и нужна ещё одна (например, повторная оценка после реорганизации)."
            rows={2}
            maxLength={500}
            defaultValue={v('repeatReason')}
          />
        ) : null}
        <p>
          <button type="submit">Создать кампанию</button>
        </p>
      </Form>
    </section>
  );
}
