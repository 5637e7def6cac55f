// Campaign summary of a site audit run, printable: organisations sorted by what they lose on 1.1 (site half),
// and the items most organisations lack (issue 17, item 9).
import { Link } from 'react-router';
import { territoryScope } from '../../../src/auth/scope.server';
import { getCampaign } from '../../../src/campaigns/campaigns.server';
import { pluralRu } from '../../../src/site-audit/format';
import { selectRuleset } from '../../../src/site-audit/rules/rulesets';
import { campaignRuns, runLossSummary } from '../../../src/site-audit/read-models.server';
import { summarise } from '../../../src/site-audit/summary';
import { requireCan } from '../../server/guard';
import type { Route } from './+types/summary';
import { ruDate } from '../../../src/lib/ru';
import { TableScroll } from '../../ui/controls';

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: `Сводка проверки сайтов — ${d?.campaign.title ?? 'кампания'} — НОКО` }];
}

const decimal = (n: number) => n.toFixed(2).replace('.', ',');

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const campaign = await getCampaign(context.db, params.campaignId);
  const scope = campaign ? await territoryScope(context.db, campaign.territoryId) : null;
  requireCan(context, request, 'siteAudit.view', scope);
  const runs = await campaignRuns(context.db, campaign!.id, 10);
  const chosen = runs.find((r) => r.id === new URL(request.url).searchParams.get('run')) ?? runs[0] ?? null;
  const rows = chosen ? await runLossSummary(context.db, chosen.id) : [];
  const titles = new Map(
    selectRuleset(chosen?.settings.date ?? new Date().toISOString().slice(0, 10)).ruleset.sections.map((s) => [
      s.slug,
      s.title,
    ]),
  );
  const { organisations, items } = summarise(rows, titles);
  return {
    campaign: { id: campaign!.id, title: campaign!.title },
    run: chosen
      ? { id: chosen.id, auditDate: ruDate(chosen.settings.date), done: chosen.done, total: chosen.total }
      : null,
    organisations: organisations.map((o) => ({
      ...o,
      lacking: o.lacking.slice(0, 30),
      more: Math.max(0, o.lacking.length - 30),
    })),
    items: items.slice(0, 50),
  };
}

export default function SiteAuditSummary({ loaderData }: Route.ComponentProps) {
  const { campaign, run, organisations, items } = loaderData;
  return (
    <div className="audit-print">
      <p className="no-print">
        <Link to={`/campaigns/${campaign.id}/site-audit${run ? `?run=${run.id}` : ''}`}>
          ← Проверка сайтов: {campaign.title}
        </Link>
      </p>
      <h1>Сводка проверки сайтов: {campaign.title}</h1>
      {!run ? (
        <p>Сайты организаций этой кампании ещё не проверялись.</p>
      ) : (
        <>
          <p>
            Требования на {run.auditDate}; проверено {run.done} из {run.total}. Потеря — сколько баллов из 100
            организация недополучает по сайтовой части показателя 1.1 (сведения, которых не нашлось на сайте). Это
            предложение: эксперт подтверждает его в чек-листе.
          </p>
          <p className="no-print">Для печати воспользуйтесь печатью браузера: меню и кнопки на бумагу не попадут.</p>
          <TableScroll label="Таблица: организации по потере баллов">
            <table className="site-audit-table">
              <caption>Организации по потере баллов показателя 1.1, больше — выше</caption>
              <thead>
                <tr>
                  <th scope="col">Организация</th>
                  <th scope="col">Баллы 1.1 (сайт)</th>
                  <th scope="col">Потеря</th>
                  <th scope="col">Не размечено по рекомендациям</th>
                  <th scope="col">Каких сведений нет</th>
                </tr>
              </thead>
              <tbody>
                {organisations.map((o) => (
                  <tr key={o.resultId}>
                    <th scope="row">
                      <Link to={`/site-audit/result/${o.resultId}`}>{o.shortName}</Link>
                    </th>
                    <td>{o.points === null ? '—' : decimal(o.points)}</td>
                    <td>{o.loss === null ? `не проверен: ${o.error ?? ''}` : decimal(o.loss)}</td>
                    <td>
                      {o.points === null
                        ? '—'
                        : `${o.unmarked} ${pluralRu(o.unmarked, ['элемент', 'элемента', 'элементов'])}`}
                    </td>
                    <td>
                      {o.lacking.length === 0 && o.points !== null
                        ? 'все найдены'
                        : o.lacking.map((l) => l.name).join('; ') + (o.more ? `; и ещё ${o.more}` : '')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          {items.length ? (
            <TableScroll label="Таблица: сведения, которых нет у большинства организаций">
              <table className="site-audit-table">
                <caption>Сведения, которых нет у большинства организаций</caption>
                <thead>
                  <tr>
                    <th scope="col">Сведения</th>
                    <th scope="col">Подраздел</th>
                    <th scope="col">Микроразметка</th>
                    <th scope="col">Организаций без них</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((i) => (
                    <tr key={`${i.section}/${i.container ?? ''}/${i.itemprop}`}>
                      <th scope="row">{i.name}</th>
                      <td>{i.sectionTitle}</td>
                      <td>
                        <code>{i.container ? `${i.container} › ${i.itemprop}` : i.itemprop}</code>
                      </td>
                      <td>{i.organisations}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          ) : null}
        </>
      )}
    </div>
  );
}
