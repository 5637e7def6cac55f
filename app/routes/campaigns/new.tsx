import { Form, data, redirect } from 'react-router';
import { can } from '../../../src/auth/policy';
import { territoryScope } from '../../../src/auth/scope.server';
import { createCampaign } from '../../../src/campaigns/campaigns.server';
import { CampaignError } from '../../../src/campaigns/errors';
import { defaultPolicies, knownMethodologies } from '../../../src/campaigns/policies';
import { listTerritories, visibleTerritoryIds } from '../../../src/registry/organisations.server';
import { requireCan } from '../../server/guard';
import { Csrf, ErrorSummary } from '../../ui/forms';
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
  return { territories, year, methodologies: knownMethodologies, policies: defaultPolicies(), csrfToken: context.csrfToken, canRepeat: can(user, 'campaign.repeat') };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await request.formData();
  const territoryId = String(form.get('territoryId') ?? '');
  const user = requireCan(context, request, 'campaign.edit', await territoryScope(context.db, territoryId));
  const { policies, problems } = policiesFromForm(form);
  if (problems.length) return data({ errors: problems }, { status: 400 });
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
    if (err instanceof CampaignError) return data({ errors: [err.message, ...err.details] }, { status: 400 });
    throw err;
  }
}

export default function NewCampaign({ loaderData, actionData }: Route.ComponentProps) {
  const { territories, year, methodologies, policies, csrfToken } = loaderData;
  return (
    <section>
      <p><a href="/campaigns">← Все кампании</a></p>
      <h1>Новая кампания</h1>
      <ErrorSummary title="Кампания не создана" items={(actionData as { errors?: string[] } | undefined)?.errors ?? []} />
      {territories.length === 0 ? <p>Сначала создайте территорию в <a href="/registry">реестре</a>.</p> : null}
      <Form method="post" className="stack">
        <Csrf token={csrfToken} />
        <label htmlFor="territoryId">Территория</label>
        <select id="territoryId" name="territoryId" required>
          {territories.map((t) => (
            <option key={t.id} value={t.id}>{t.label}</option>
          ))}
        </select>
        <label htmlFor="year">Год</label>
        <input id="year" name="year" type="number" min={2014} max={2100} defaultValue={year} required />
        <label htmlFor="title">Название</label>
        <input id="title" name="title" defaultValue={`НОК УООД ${year}`} required maxLength={300} />
        <label htmlFor="methodologyId">Версия методики</label>
        <select id="methodologyId" name="methodologyId">
          {methodologies.map((m) => (
            <option key={m.id} value={m.id}>{m.title}</option>
          ))}
        </select>
        <label htmlFor="operatorName">Оператор (организация)</label>
        <input id="operatorName" name="operatorName" maxLength={300} />
        <label htmlFor="operatorContract">Договор с оператором (номер, дата)</label>
        <input id="operatorContract" name="operatorContract" maxLength={300} />
        <PolicyFields policies={policies} />
        {loaderData.canRepeat ? (
          <>
            <label htmlFor="repeatReason">Причина повторной кампании</label>
            <p className="hint" id="repeatReason-hint">Заполните, только если у территории уже есть кампания этого года и нужна ещё одна (например, повторная оценка после реорганизации).</p>
            <textarea id="repeatReason" name="repeatReason" rows={2} maxLength={500} aria-describedby="repeatReason-hint" />
          </>
        ) : null}
        <p><button type="submit">Создать кампанию</button></p>
      </Form>
    </section>
  );
}
