import { data, Form } from 'react-router';
import { can, ForbiddenError } from '../../../src/auth/policy';
import { territoryScope } from '../../../src/auth/scope.server';
import { getCampaign } from '../../../src/campaigns/campaigns.server';
import {
  approveVersion,
  computeDraft,
  getVersion,
  listVersions,
  publishVersion,
  ResultsError,
  resultStatusLabels,
} from '../../../src/results/versions.server';
import { filterAndSort, parseTableQuery, points, ruDate, shownText } from '../../../src/results/view';
import { FORBIDDEN_MESSAGE, requireCan } from '../../server/guard';
import { dataGaps } from '../../../src/results/gaps';
import { ConfirmGaps, DataGapsSection } from './data-gaps';
import { Csrf, DateInput, FormMessages, formKey, Radios, Textarea, TextInput, type FormResult } from '../../ui/forms';
import type { Route } from './+types/campaign';
import { TableScroll } from '../../ui/controls';

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: `${d?.campaign.title ?? 'Результаты'} — результаты — НОКО` }];
}

const PREVIEW_ROWS = 300;

async function scopeOf(context: Route.LoaderArgs['context'], campaignId: string) {
  const campaign = await getCampaign(context.db, campaignId);
  return { campaign, scope: campaign ? await territoryScope(context.db, campaign.territoryId) : null };
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { campaign, scope } = await scopeOf(context, params.campaignId);
  const user = requireCan(context, request, 'results.compute', scope);
  if (!campaign || !scope) throw data('Не найдено.', { status: 404 });
  const versions = await listVersions(context.db, campaign.id);
  const working = versions.find((v) => v.status !== 'published') ?? versions[0];
  const full = working ? await getVersion(context.db, working.id) : null;
  const s = full?.snapshot;
  const q = parseTableQuery(new URL(request.url).searchParams);
  const rows = s ? filterAndSort(s, q, 'staff').slice(0, PREVIEW_ROWS) : [];
  return {
    campaign: { id: campaign.id, title: campaign.title, year: campaign.year },
    csrfToken: context.csrfToken,
    can: {
      compute: true,
      approve: can(user, 'results.approve', scope),
      publish: can(user, 'results.publish', scope),
    },
    versions: versions.map((v) => ({
      id: v.id,
      version: v.version,
      status: v.status,
      statusLabel: resultStatusLabels[v.status],
      reason: v.reason,
      contentHash: v.contentHash,
      computedAt: v.computedAt.toISOString(),
      computedBy: v.computedBy,
      decision: v.decisionNumber ? `№ ${v.decisionNumber} от ${ruDate(v.decisionDate)}` : null,
      approvedBy: v.approvedBy,
      publishedAt: v.publishedAt ? ruDate(v.publishedAt) : null,
      publishedBy: v.publishedBy,
      superseded: !!v.supersededBy,
    })),
    working: working
      ? { id: working.id, version: working.version, status: working.status, contentHash: working.contentHash }
      : null,
    gaps: s ? dataGaps(s) : null,
    preview: s
      ? {
          total: s.organisations.length,
          mean: points(s.territory.total),
          minN: s.options.minRespondents,
          criteria: s.criteria.map((c) => c.id),
          rows: rows.map((o) => ({
            id: o.id,
            name: o.name,
            municipality: o.territoryName,
            rank: o.rank,
            respondents: o.respondents,
            belowMinimum: o.belowMinimum,
            criteria: s.criteria.map((c) => shownText(s, o, c.id, 'staff')),
            total: points(o.total),
            band: o.band,
          })),
        }
      : null,
  };
}

type ActionResult = FormResult;

export async function action({
  request,
  context,
  params,
}: Route.ActionArgs): Promise<ActionResult | ReturnType<typeof data<ActionResult>>> {
  const { campaign, scope } = await scopeOf(context, params.campaignId);
  const user = requireCan(context, request, 'results.compute', scope);
  if (!campaign) throw data('Не найдено.', { status: 404 });
  const form = await request.formData();
  const str = (k: string) => {
    const v = form.get(k);
    return typeof v === 'string' ? v : '';
  };
  const intent = str('intent');
  const ok = (message: string): ActionResult => ({ intent, message, at: Date.now() });
  const refused = (message: string): ActionResult => ({ intent, errors: [message] });
  try {
    switch (intent) {
      case 'compute': {
        const v = await computeDraft(context.db, campaign.id, user, { reason: str('reason') || null });
        const computed = await getVersion(context.db, v.id);
        const gaps = computed ? dataGaps(computed.snapshot) : null;
        return ok(
          `Рассчитано: версия ${v.version}, черновик.${gaps?.any ? ` Не хватает данных: ${gaps.summary.join(' ')} Список — в разделе «Чего не хватает».` : ''}`,
        );
      }
      case 'approve': {
        const v = await approveVersion(
          context.db,
          str('versionId'),
          {
            number: str('number'),
            date: str('date'),
            expectedHash: str('hash') || null,
            confirmGaps: str('confirmGaps') === 'yes',
          },
          user,
        );
        return ok(`Версия ${v.version} утверждена советом.`);
      }
      case 'publish': {
        const v = await publishVersion(context.db, str('versionId'), user, new Date(), {
          confirmGaps: str('confirmGaps') === 'yes',
        });
        return ok(`Версия ${v.version} опубликована.`);
      }
      default:
        return refused('Неизвестное действие.');
    }
  } catch (err) {
    if (err instanceof ResultsError) return data<ActionResult>(refused(err.message), { status: err.status });
    // A refused action is a 403, not a 200 page that happens to say so (issue 10).
    if (err instanceof ForbiddenError) return data<ActionResult>(refused(FORBIDDEN_MESSAGE), { status: 403 });
    if (err instanceof Error && err.name === 'InputError')
      return refused(`Исходные данные противоречивы: ${err.message}`);
    throw err;
  }
}

export default function ResultsCampaign({ loaderData, actionData }: Route.ComponentProps) {
  const { campaign, versions, working, preview, csrfToken, can: allowed, gaps } = loaderData;
  const result = actionData as ActionResult | undefined;
  const published = versions.some((v) => v.status === 'published');
  // The forms on the page now; an answer whose form is gone after it (approval, publication) stands at the top.
  const forms = {
    compute: true,
    approve: working?.status === 'draft' && allowed.approve,
    publish: working?.status === 'approved' && allowed.publish,
  };
  const orphan = result && !forms[result.intent as keyof typeof forms] ? result : undefined;
  return (
    <section>
      <h1>{campaign.title}: результаты</h1>
      <FormMessages result={orphan} errorTitle="Не выполнено" id="results-result" />
      {published ? (
        <p>
          <a href={`/rezultaty/${campaign.id}`}>Открыть опубликованные результаты</a>
        </p>
      ) : null}
      {published ? (
        <>
          <h2>Документы</h2>
          {/* Built in the background from the current published version (docs/documents.md). */}
          <Form method="post" action={`/documents/campaigns/${campaign.id}`}>
            <Csrf token={csrfToken} />
            <input type="hidden" name="kind" value="analytical" />
            <Radios
              name="format"
              id="analytical-format"
              legend="Аналитический отчёт оператора"
              inline
              defaultValue="docx"
              items={[
                { value: 'docx', label: 'DOCX' },
                { value: 'pdf', label: 'PDF' },
              ]}
            />
            <p>
              <button type="submit">Построить отчёт</button>
            </p>
          </Form>
          <p>
            <a href={`/documents/campaigns/${campaign.id}`}>Все документы кампании</a>
          </p>
        </>
      ) : null}

      <h2>Расчёт</h2>
      <Form method="post" className="stack" key={formKey(result, 'compute')}>
        <FormMessages result={result} intent="compute" errorTitle="Не рассчитано" />
        <Csrf token={csrfToken} />
        <input type="hidden" name="intent" value="compute" />
        {published && working?.status !== 'draft' ? (
          <Textarea
            name="reason"
            label="Причина исправления (обязательна: результаты уже опубликованы)"
            required
            rows={3}
          />
        ) : null}
        <button type="submit">
          {working?.status === 'draft'
            ? 'Пересчитать черновик'
            : published
              ? 'Создать исправленную версию'
              : 'Рассчитать'}
        </button>
      </Form>

      {gaps && working && working.status !== 'published' ? (
        <DataGapsSection gaps={gaps} minN={preview?.minN ?? 0} />
      ) : null}

      {working?.status === 'draft' && allowed.approve ? (
        <>
          <h2>Утверждение советом</h2>
          <Form method="post" className="stack">
            <FormMessages result={result} intent="approve" errorTitle="Версия не утверждена" />
            <Csrf token={csrfToken} />
            <input type="hidden" name="intent" value="approve" />
            <input type="hidden" name="versionId" value={working.id} />
            <input type="hidden" name="hash" value={working.contentHash} />
            <TextInput name="number" label="Номер решения совета" required />
            <DateInput name="date" label="Дата решения" required />
            {gaps ? <ConfirmGaps gaps={gaps} action="approve" /> : null}
            <button type="submit">{`Утвердить версию ${working.version}`}</button>
          </Form>
        </>
      ) : null}

      {working?.status === 'approved' && allowed.publish ? (
        <>
          <h2>Публикация</h2>
          <Form method="post">
            <FormMessages result={result} intent="publish" errorTitle="Версия не опубликована" />
            <Csrf token={csrfToken} />
            <input type="hidden" name="intent" value="publish" />
            <input type="hidden" name="versionId" value={working.id} />
            {gaps ? <ConfirmGaps gaps={gaps} action="publish" /> : null}
            <button type="submit">{`Опубликовать версию ${working.version}`}</button>
          </Form>
        </>
      ) : null}

      <h2>Версии</h2>
      {versions.length === 0 ? (
        <p>Результаты ещё не рассчитывались.</p>
      ) : (
        <TableScroll label="Таблица: версии результатов">
          <table>
            <caption>Все версии результатов</caption>
            <thead>
              <tr>
                <th scope="col">Версия</th>
                <th scope="col">Состояние</th>
                <th scope="col">Расчёт</th>
                <th scope="col">Решение совета</th>
                <th scope="col">Публикация</th>
                <th scope="col">Причина</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.id}>
                  <th scope="row">{v.version}</th>
                  <td>
                    {v.statusLabel}
                    {v.superseded ? ' (заменена)' : ''}
                  </td>
                  <td>{`${ruDate(v.computedAt)}, ${v.computedBy ?? ''}`}</td>
                  <td>{v.decision ? `${v.decision}, ${v.approvedBy ?? ''}` : '—'}</td>
                  <td>{v.publishedAt ? `${v.publishedAt}, ${v.publishedBy ?? ''}` : '—'}</td>
                  <td>{v.reason ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}

      {preview && working ? (
        <>
          <h2>{`Предпросмотр версии ${working.version} (для сотрудников: видны и малые выборки)`}</h2>
          <p>{`Организаций: ${preview.total}. Среднее по территории: ${preview.mean}. Меньше ${preview.minN} ответов — отмечено; на публичных страницах такие показатели скрыты.`}</p>
          <div className="table-scroll" role="region" aria-label="Предпросмотр результатов" tabIndex={0}>
            <table>
              <caption>
                {preview.rows.length < preview.total
                  ? `Первые ${preview.rows.length} по месту`
                  : 'Все организации по месту'}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Место</th>
                  <th scope="col">Организация</th>
                  <th scope="col">Муниципалитет</th>
                  {preview.criteria.map((c) => (
                    <th key={c} scope="col">
                      {c}
                    </th>
                  ))}
                  <th scope="col">Итого</th>
                  <th scope="col">Оценка</th>
                  <th scope="col">Ответов</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((r) => (
                  <tr key={r.id}>
                    <td>{r.rank ?? '—'}</td>
                    <th scope="row">{r.name}</th>
                    <td>{r.municipality}</td>
                    {r.criteria.map((c, i) => (
                      <td key={i}>{c}</td>
                    ))}
                    <td>{r.total}</td>
                    <td>{r.band ?? '—'}</td>
                    <td>{r.belowMinimum ? `${r.respondents} (мало)` : r.respondents}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
