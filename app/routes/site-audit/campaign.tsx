import { useEffect } from 'react';
import { Form, Link, data, redirect, useRevalidator } from 'react-router';
import { can } from '../../../src/auth/policy';
import { territoryScope } from '../../../src/auth/scope.server';
import { getCampaign } from '../../../src/campaigns/campaigns.server';
import { pluralRu } from '../../../src/campaigns/dates';
import { CampaignAuditError, startCampaignAudit } from '../../../src/site-audit/campaign-audit.server';
import { campaignRuns, runResultList } from '../../../src/site-audit/read-models.server';
import { requireCan } from '../../server/guard';
import { Csrf, ErrorSummary } from '../../ui/forms';
import type { Route } from './+types/campaign';
import { ruDate, ruDateTime as ruDateTimeBase } from '../../../src/lib/ru';
import { TableScroll } from '../../ui/controls';

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: `Проверка сайтов — ${d?.campaign.title ?? 'кампания'} — НОКО` }];
}

const STATUS_RU = { pending: 'в очереди', running: 'идёт', done: 'завершена', cancelled: 'остановлена' } as const;

/** Server-side formatting: the client must not re-format in another time zone during hydration. */
function ruDateTime(iso: string | null): string {
  return ruDateTimeBase(iso, { zone: true });
}

async function load(
  context: Route.LoaderArgs['context'],
  request: Request,
  campaignId: string,
  action: 'siteAudit.view' | 'siteAudit.run',
) {
  const campaign = await getCampaign(context.db, campaignId);
  const scope = campaign ? await territoryScope(context.db, campaign.territoryId) : null;
  const user = requireCan(context, request, action, scope);
  return { campaign: campaign!, scope: scope!, user };
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { campaign, scope, user } = await load(context, request, params.campaignId, 'siteAudit.view');
  const runs = await campaignRuns(context.db, campaign.id, 10);
  const url = new URL(request.url);
  const chosen = runs.find((r) => r.id === url.searchParams.get('run')) ?? runs[0] ?? null;
  const results = chosen ? await runResultList(context.db, chosen.id) : [];
  return {
    campaign: { id: campaign.id, title: campaign.title },
    runs: runs.map((r) => ({
      id: r.id,
      status: r.status,
      total: r.total,
      done: r.done,
      failed: r.failed,
      createdAt: ruDateTime(r.createdAt),
      finishedAt: ruDateTime(r.finishedAt),
      by: r.createdByName,
    })),
    run: chosen
      ? {
          id: chosen.id,
          status: chosen.status,
          total: chosen.total,
          done: chosen.done,
          failed: chosen.failed,
          auditDate: chosen.settings.date,
          createdAt: ruDateTime(chosen.createdAt),
          finishedAt: ruDateTime(chosen.finishedAt),
          by: chosen.createdByName,
        }
      : null,
    results: results.map((r) => ({ ...r, finishedAt: ruDateTime(r.finishedAt) })),
    canRun: can(user, 'siteAudit.run', scope),
    csrfToken: context.csrfToken,
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { campaign, user } = await load(context, request, params.campaignId, 'siteAudit.run');
  try {
    await startCampaignAudit(context.db, campaign.id, { id: user.id, name: user.name });
  } catch (err) {
    if (err instanceof CampaignAuditError) return data({ errors: [err.message] }, { status: 409 });
    throw err;
  }
  return redirect(`/campaigns/${campaign.id}/site-audit`);
}

const sitesRu = (n: number) => `${n} ${pluralRu(n, { one: 'сайт', few: 'сайта', many: 'сайтов' })}`;

export default function SiteAuditCampaign({ loaderData, actionData }: Route.ComponentProps) {
  const { campaign, runs, run, results, canRun, csrfToken } = loaderData;
  const active = run && (run.status === 'pending' || run.status === 'running');
  const revalidator = useRevalidator();
  // With JavaScript the progress refreshes itself; without it the «Обновить» link does the same.
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (revalidator.state === 'idle') void revalidator.revalidate();
    }, 5000);
    return () => clearInterval(timer);
  }, [active, revalidator]);
  const self = `/campaigns/${campaign.id}/site-audit`;

  return (
    <>
      <p>
        <Link to={`/campaigns/${campaign.id}`}>← {campaign.title}</Link>
      </p>
      <h1>Проверка сайтов организаций</h1>
      <p>
        Автоматически проверяется раздел «Сведения об образовательной организации» на сайте каждой организации кампании.
        Результаты сохраняются: при повторной проверке видно, что изменилось с прошлой.
      </p>
      {actionData && 'errors' in actionData ? (
        <ErrorSummary title="Проверка не запущена" items={actionData.errors} />
      ) : null}
      {canRun && !active ? (
        <Form method="post">
          <Csrf token={csrfToken} />
          <button type="submit">{run ? 'Проверить сайты ещё раз' : 'Проверить сайты'}</button>
        </Form>
      ) : null}

      {run ? (
        <section aria-labelledby="progress-title">
          <h2 id="progress-title">
            Проверка от {run.createdAt}: {STATUS_RU[run.status]}
          </h2>
          <p>
            <label htmlFor="site-audit-progress">
              Проверено {run.done} из {sitesRu(run.total)}, недоступно или без адреса: {run.failed}
            </label>
            <br />
            <progress id="site-audit-progress" max={Math.max(run.total, 1)} value={run.done}>
              {run.done} из {run.total}
            </progress>
          </p>
          <p className="hint">
            Требования применены на дату {ruDate(run.auditDate)}
            {run.by ? `; запустил(а): ${run.by}` : ''}
            {run.finishedAt ? `; окончена ${run.finishedAt}` : ''}.
          </p>
          {active ? (
            <p>
              Проверка идёт в фоне, страницу можно закрыть. <a href={`${self}?run=${run.id}`}>Обновить</a>
            </p>
          ) : null}
          <p>
            <Link to={`${self}/summary?run=${run.id}`}>
              Сводка по кампании: кто и на каких сведениях теряет баллы показателя 1.1
            </Link>
          </p>
          <TableScroll label="Таблица: результаты по организациям">
            <table className="site-audit-table">
              <caption>Результаты по организациям</caption>
              <thead>
                <tr>
                  <th scope="col">Организация</th>
                  <th scope="col">Сайт</th>
                  <th scope="col">Размечено по рекомендациям</th>
                  <th scope="col">Изменения с прошлой проверки</th>
                </tr>
              </thead>
              <tbody>
                {results.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      {r.finishedAt ? <Link to={`/site-audit/result/${r.id}`}>{r.shortName}</Link> : r.shortName}
                    </th>
                    <td>{r.url ?? '—'}</td>
                    <td>
                      {!r.finishedAt
                        ? 'ожидает проверки'
                        : r.error
                          ? r.error
                          : `${r.present ?? 0} из ${r.required ?? 0}`}
                    </td>
                    <td>
                      {r.changes === null
                        ? '—'
                        : r.changes === 0
                          ? 'без изменений'
                          : `${r.changes} ${pluralRu(r.changes, { one: 'изменение', few: 'изменения', many: 'изменений' })}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      ) : (
        <p>Сайты организаций этой кампании ещё не проверялись.</p>
      )}

      {runs.length > 1 ? (
        <section aria-labelledby="history-title">
          <h2 id="history-title">Предыдущие проверки</h2>
          <ul>
            {runs.map((r) => (
              <li key={r.id}>
                {r.id === run?.id ? (
                  <strong>
                    {r.createdAt}: {STATUS_RU[r.status]}, {r.done} из {r.total} (показана)
                  </strong>
                ) : (
                  <a href={`${self}?run=${r.id}`}>
                    {r.createdAt}: {STATUS_RU[r.status]}, {r.done} из {r.total}
                  </a>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
