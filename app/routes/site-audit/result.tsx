import { Link } from 'react-router';
import { can } from '../../../src/auth/policy';
import { organisationScope, territoryScope } from '../../../src/auth/scope.server';
import { getCampaign } from '../../../src/campaigns/campaigns.server';
import { pluralRu } from '../../../src/campaigns/dates';
import { STATUS_RU } from '../../../src/site-audit/report';
import { getResult } from '../../../src/site-audit/read-models.server';
import type { ItemStatus } from '../../../src/site-audit/types';
import { requireCan } from '../../server/guard';
import type { Route } from './+types/result';
import { itemName } from '../../../src/site-audit/item-names';
import { ruDate, ruDateTime as ruDateTimeBase } from '../../../src/lib/ru';
import { itemLabel } from '../../../src/site-audit/legal';
import { TableScroll } from '../../ui/controls';

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: `Проверка сайта — ${d?.shortName ?? 'организация'} — НОКО` }];
}

const SEVERITY_RU = { error: 'ошибка', warning: 'предупреждение', info: 'сведения' } as const;

function ruDateTime(iso: string | null): string {
  return ruDateTimeBase(iso, { zone: true });
}
const statusRu = (s: string) => STATUS_RU[s as ItemStatus] ?? s;

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const result = await getResult(context.db, params.resultId);
  const campaign = result?.run.campaignId ? await getCampaign(context.db, result.run.campaignId) : undefined;
  // The campaign's territory decides access; a run outside any campaign falls back to the organisation's.
  // The organisation is named too, so its own representative may read the report of its own site.
  const scope = !result
    ? null
    : campaign
      ? { ...(await territoryScope(context.db, campaign.territoryId)), organisationId: result.organisationId }
      : await organisationScope(context.db, result.organisationId);
  const user = requireCan(context, request, 'siteAudit.view', scope);
  const r = result!;
  const report = r.report;
  const titles = new Map(report?.sections.map((s) => [s.slug, s.title]) ?? []);
  return {
    id: r.id,
    shortName: r.shortName,
    url: r.url,
    error: r.error,
    finishedAt: ruDateTime(r.finishedAt),
    // The way back to the campaign's audit list, for those who may open it: an organisation's representative
    // reads its own report but not the whole campaign's list.
    campaign:
      campaign && can(user, 'siteAudit.view', (await territoryScope(context.db, campaign.territoryId)) ?? undefined)
        ? { id: campaign.id, title: campaign.title }
        : null,
    runId: r.run.id,
    report: report
      ? {
          auditDate: ruDate(report.auditDate),
          ruleset: report.ruleset,
          tls: report.tls,
          summary: report.summary,
          findings: report.findings,
          answers: report.answers,
          sections: report.sections.map((s) => ({
            slug: s.slug,
            title: s.title,
            found: s.found,
            url: s.url,
            addressAsRecommended: s.addressAsRecommended,
            applicable: s.applicable,
            jsOnly: s.jsOnly,
            findings: s.findings,
            rendered: s.rendered ?? null,
            items: s.items.map((i) => ({
              itemprop: i.itemprop,
              container: i.container ?? null,
              status: i.status,
              required: i.required,
              evidence: i.evidence,
              monitor: i.monitor,
              renderedOnly: i.renderedOnly ?? false,
            })),
          })),
        }
      : null,
    diff: r.diff
      ? {
          previousAt: ruDateTime(r.diff.previousAt),
          presentBefore: r.diff.presentBefore,
          presentNow: r.diff.presentNow,
          changes: r.diff.changes.map((c) => ({ ...c, sectionTitle: titles.get(c.section) ?? c.section })),
        }
      : null,
  };
}

export default function SiteAuditResult({ loaderData }: Route.ComponentProps) {
  return <AuditResultView data={loaderData} printable={false} />;
}

export type ResultData = Awaited<ReturnType<typeof loader>>;

/** The result page and its printable version (`…/print`): the same report, without navigation on paper. */
export function AuditResultView({ data: loaderData, printable }: { data: ResultData; printable: boolean }) {
  const { shortName, url, error, finishedAt, campaign, runId, report, diff } = loaderData;
  return (
    <div className={printable ? 'audit-print' : undefined}>
      {campaign ? (
        <p className="no-print">
          <Link to={`/campaigns/${campaign.id}/site-audit?run=${runId}`}>← Проверка сайтов: {campaign.title}</Link>
        </p>
      ) : null}
      <h1>
        {printable ? 'Отчёт о проверке сайта' : 'Проверка сайта'}: {shortName}
      </h1>
      {printable ? (
        <p className="no-print">Для печати воспользуйтесь печатью браузера: меню и ссылки на бумагу не попадут.</p>
      ) : (
        <p>
          <Link to={`/site-audit/result/${loaderData.id}/print`}>Версия для печати</Link>
        </p>
      )}
      <p>
        Сайт: {url ?? 'не указан в реестре'}
        {finishedAt ? `; проверен ${finishedAt}` : ''}
        {report ? `; требования на ${report.auditDate} (${report.ruleset})` : ''}.
      </p>
      {error ? (
        <p className="error" role="status">
          Сайт проверить не удалось: {error}
        </p>
      ) : null}

      <section aria-labelledby="diff-title">
        <h2 id="diff-title">Что изменилось с прошлой проверки</h2>
        {!diff ? (
          <p>Это первая проверка сайта организации — сравнивать не с чем.</p>
        ) : diff.changes.length === 0 ? (
          <p>
            С проверки {diff.previousAt} ничего не изменилось (размечено {diff.presentNow}).
          </p>
        ) : (
          <>
            <p>
              По сравнению с проверкой {diff.previousAt}: размечено было {diff.presentBefore}, стало {diff.presentNow};{' '}
              {diff.changes.length}{' '}
              {pluralRu(diff.changes.length, {
                one: 'элемент изменился',
                few: 'элемента изменились',
                many: 'элементов изменились',
              })}
              .
            </p>
            <TableScroll label="Таблица: изменения по элементам">
              <table className="site-audit-table">
                <caption>Изменения по элементам</caption>
                <thead>
                  <tr>
                    <th scope="col">Подраздел</th>
                    <th scope="col">Элемент</th>
                    <th scope="col">Было</th>
                    <th scope="col">Стало</th>
                  </tr>
                </thead>
                <tbody>
                  {diff.changes.map((c, i) => (
                    <tr key={i}>
                      <td>{c.sectionTitle}</td>
                      <td>
                        {itemName(c.itemprop)}{' '}
                        <code>{c.container ? `${c.container} › ${c.itemprop}` : c.itemprop}</code>
                      </td>
                      <td>{statusRu(c.from)}</td>
                      <td>{statusRu(c.to)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </>
        )}
      </section>

      {report ? (
        <>
          <section aria-labelledby="summary-title">
            <h2 id="summary-title">Итоги</h2>
            <ul>
              <li>
                Размечено по рекомендациям: {report.summary.present} из {report.summary.required}; сведения найдены для{' '}
                {report.summary.informationPresent} из {report.summary.required}.
              </li>
              <li>
                Сертификат:{' '}
                {report.tls.insecure
                  ? 'проверка отключена оператором'
                  : report.tls.trusted
                    ? 'подтверждён'
                    : 'не подтверждён общедоступным корневым центром'}
                .
              </li>
              <li>
                Предложение для показателя 1.1 (сайт): сведений {report.answers.indicator11Site.present} из{' '}
                {report.answers.indicator11Site.norm}. Для 1.2 на сайте найдено способов связи:{' '}
                {report.answers.indicator12.detected}. Эксперт подтверждает или исправляет их в чек-листах.
              </li>
            </ul>
            {report.findings.length ? <Findings findings={report.findings} /> : null}
          </section>
          {report.sections.map((s) => (
            <section key={s.slug} aria-labelledby={`s-${s.slug}`}>
              <h2 id={`s-${s.slug}`}>{s.title}</h2>
              <p>
                {!s.applicable
                  ? 'Не применяется к организации этого типа.'
                  : !s.found
                    ? 'Подраздел не найден.'
                    : `Найден: ${s.url ?? ''}${s.addressAsRecommended ? '' : ' (адрес отличается от рекомендованного)'}${s.jsOnly ? '; разметка не видна без JavaScript' : ''}${s.rendered ? '; проверена страница, отрисованная браузером' : ''}.`}
              </p>
              {s.findings.length ? <Findings findings={s.findings} /> : null}
              {s.applicable && s.items.length ? (
                <TableScroll label={`Таблица: элементы подраздела «${s.title}»`}>
                  <table className="site-audit-table">
                    <caption>Элементы подраздела «{s.title}»</caption>
                    <thead>
                      <tr>
                        <th scope="col">Элемент</th>
                        <th scope="col">Состояние</th>
                        <th scope="col">Учтёт «Мониторинг»</th>
                        <th scope="col">Фрагмент страницы</th>
                      </tr>
                    </thead>
                    <tbody>
                      {s.items.map((i, k) => (
                        <tr key={k}>
                          <td>
                            {itemName(i.itemprop)}
                            {i.required ? '' : ' (необязательный)'}
                            <br />
                            <code>{i.container ? `${i.container} › ${i.itemprop}` : i.itemprop}</code>
                          </td>
                          <td>
                            {statusRu(i.status)}
                            {i.renderedOnly ? ' (только после JavaScript)' : ''}
                          </td>
                          <td>{i.monitor ? 'да' : 'нет'}</td>
                          <td>{i.evidence ? <code className="site-audit-evidence">{i.evidence}</code> : '—'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableScroll>
              ) : null}
            </section>
          ))}
        </>
      ) : null}
    </div>
  );
}

type FindingView = {
  severity: 'error' | 'warning' | 'info';
  itemprop?: string | undefined;
  container?: string | undefined;
  message: string;
  url?: string | undefined;
  excerpt?: string | undefined;
  legal?: { order: string; mr: string | null } | null | undefined;
  fix?: { text: string; html: string | null } | undefined;
};

function Findings({ findings }: { findings: FindingView[] }) {
  return (
    <ul className="site-audit-findings">
      {findings.map((f, i) => (
        <li key={i}>
          <strong>{SEVERITY_RU[f.severity]}:</strong> {f.itemprop ? `${itemLabel(f.itemprop, f.container)}: ` : ''}
          {f.message}
          {f.url ? ` (${f.url})` : ''}
          {f.excerpt ? (
            <>
              {' '}
              <code className="site-audit-evidence">{f.excerpt}</code>
            </>
          ) : null}
          {f.legal ? (
            <p className="hint">
              Основание: {f.legal.order}
              {f.legal.mr ? `; ${f.legal.mr}` : ''}.
            </p>
          ) : null}
          {f.fix && f.severity !== 'info' ? (
            <div className="site-audit-fix">
              Как исправить: {f.fix.text}
              {f.fix.html ? (
                <pre>
                  <code>{f.fix.html}</code>
                </pre>
              ) : null}
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
