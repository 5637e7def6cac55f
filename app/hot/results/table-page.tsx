// /rezultaty/:campaignId: the sortable, filterable table of a published version, the criteria chart, the
// method and the downloads.
import type { ReactNode } from 'react';
import { bandRule } from '../../../src/methodology/bands';
import { POLICY_RU, ROUNDING_RU } from '../../../src/methodology/explain';
import { criteriaChartSvg } from '../../../src/reports/charts.server';
import {
  filterAndSort,
  INSUFFICIENT,
  municipalities,
  orgTypeLabels,
  paginate,
  plural,
  points,
  statisticalTies,
  tableQueryString,
  type SortKey,
  type TableQuery,
} from '../../../src/results/view';
import { ValueLink, VersionNotice } from './parts';
import { ORG_FORMS, RESP_FORMS, withPin, type View } from './view';
import { TableScroll } from '../../ui/controls';

const SORT_LABELS: Partial<Record<SortKey, string>> = {
  rank: 'место',
  name: 'название',
  total: 'итоговый балл',
  respondents: 'число ответов',
  municipality: 'муниципалитет',
};

function SortHeader({
  v,
  q,
  k,
  children,
  abbr,
}: {
  v: View;
  q: TableQuery;
  k: SortKey;
  children: ReactNode;
  abbr?: string;
}) {
  const active = q.sort === k;
  const nextDir = active
    ? q.dir === 'asc'
      ? 'desc'
      : 'asc'
    : k === 'rank' || k === 'name' || k === 'municipality'
      ? 'asc'
      : 'desc';
  const label = SORT_LABELS[k] ?? abbr ?? k;
  return (
    <th scope="col" aria-sort={active ? (q.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <a
        href={withPin(v, v.base + tableQueryString(q, { sort: k, dir: nextDir, page: 1 }))}
        aria-label={`Сортировать: ${label}, ${nextDir === 'asc' ? 'по возрастанию' : 'по убыванию'}`}
      >
        {children}
        {active ? <span aria-hidden="true">{q.dir === 'asc' ? ' ▲' : ' ▼'}</span> : null}
      </a>
    </th>
  );
}

export function TablePage({ v, q }: { v: View; q: TableQuery }) {
  const s = v.snapshot;
  const all = filterAndSort(s, q, 'public');
  const { rows, page, pages } = paginate(all, q.page);
  const ties = statisticalTies(s);
  const byId = new Map(s.organisations.map((o) => [o.id, o]));
  const munis = municipalities(s);
  const crit = s.criteria;
  const minN = s.options.minRespondents;
  const chartBars = crit.map((c) => ({ label: c.id, value: s.territory.criteria[c.id] ?? null }));
  return (
    <>
      <h1>{s.campaign.title}: результаты</h1>
      <p>
        {s.campaign.territoryName}, {s.campaign.year} г. Оценено {s.organisations.length}{' '}
        {plural(s.organisations.length, ORG_FORMS)}. Среднее по территории: <strong>{points(s.territory.total)}</strong>{' '}
        из 100.
      </p>
      <VersionNotice v={v} />
      <form method="get" action={v.base} className="filters" aria-label="Отбор организаций">
        {v.pin ? <input type="hidden" name="v" value={String(v.version.version)} /> : null}
        <label>
          Порядок
          <select name="sort" defaultValue={q.sort}>
            {SORT_CHOICES(crit).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Муниципалитет
          <select name="mun" defaultValue={q.mun ?? ''}>
            <option value="">все</option>
            {munis.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Тип организации
          <select name="type" defaultValue={q.type ?? ''}>
            <option value="">все</option>
            {Object.entries(orgTypeLabels).map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Название содержит
          <input type="search" name="q" defaultValue={q.q} />
        </label>
        <button type="submit">Показать</button>
      </form>
      <p aria-live="polite">
        Найдено: {all.length} {plural(all.length, ORG_FORMS)}
        {pages > 1 ? `, страница ${page} из ${pages}` : ''}.
      </p>
      <div className="scroll" role="region" aria-label="Таблица результатов" tabIndex={0}>
        <table className="results-table">
          <caption>Баллы организаций (0–100). Нажмите на число, чтобы увидеть, как оно рассчитано.</caption>
          <thead>
            <tr>
              <SortHeader v={v} q={q} k="rank">
                Место
              </SortHeader>
              <SortHeader v={v} q={q} k="name">
                Организация
              </SortHeader>
              <SortHeader v={v} q={q} k="municipality">
                Муниципалитет
              </SortHeader>
              {crit.map((c) => (
                <SortHeader key={c.id} v={v} q={q} k={c.id as SortKey} abbr={`${c.id} ${c.shortTitle}`}>
                  <abbr title={c.title}>{c.id}</abbr>
                </SortHeader>
              ))}
              <SortHeader v={v} q={q} k="total">
                Итого
              </SortHeader>
              <th scope="col">Оценка</th>
              <SortHeader v={v} q={q} k="respondents">
                Ответов
              </SortHeader>
              <th scope="col">Интервал итога (95%)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((o) => {
              const tie = ties.get(o.id);
              return (
                <tr key={o.id}>
                  <td data-label="Место">{o.rank ?? '—'}</td>
                  <th scope="row">
                    <a href={withPin(v, `${v.base}/o/${o.id}`)}>{o.name}</a>
                    <span className="type">{orgTypeLabels[o.type]}</span>
                  </th>
                  <td data-label="Муниципалитет" className="wide">
                    {o.territoryName}
                  </td>
                  {crit.map((c) => (
                    <td key={c.id} className="num crit" data-label={c.id}>
                      <ValueLink v={v} org={o} id={c.id} />
                    </td>
                  ))}
                  <td className="num" data-label="Итого">
                    <ValueLink v={v} org={o} id="Sn" strong />
                  </td>
                  <td data-label="Оценка">{o.band ?? '—'}</td>
                  <td className="num" data-label="Ответов">
                    {o.respondents}
                    {o.belowMinimum ? <span className="flag"> (меньше {minN})</span> : null}
                  </td>
                  <td data-label="Интервал итога (95%)" className="wide">
                    {o.surveyInterval ? `${points(o.surveyInterval.lower)}–${points(o.surveyInterval.upper)}` : '—'}
                    {tie ? (
                      <span className="tie">
                        {' '}
                        ≈ не отличается от:{' '}
                        {tie
                          .map((id) => byId.get(id))
                          .filter(Boolean)
                          .map((x) => `${x!.name} (место ${x!.rank})`)
                          .join('; ')}
                      </span>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {pages > 1 ? (
        <nav aria-label="Страницы таблицы" className="pager">
          {page > 1 ? <a href={withPin(v, v.base + tableQueryString(q, { page: page - 1 }))}>← Предыдущая</a> : null}
          <span>
            Страница {page} из {pages}
          </span>
          {page < pages ? <a href={withPin(v, v.base + tableQueryString(q, { page: page + 1 }))}>Следующая →</a> : null}
        </nav>
      ) : null}
      <h2>Средние по критериям</h2>
      <div className="chart-pair">
        <div
          dangerouslySetInnerHTML={{
            __html: criteriaChartSvg(chartBars, {
              title: 'Средние баллы по критериям K1–K5, диаграмма; те же числа в таблице рядом',
              contrast: v.contrast,
            }),
          }}
        />
        <TableScroll label="Таблица: средние баллы по критериям">
          <table>
            <caption>Средние баллы по критериям</caption>
            <thead>
              <tr>
                <th scope="col">Критерий</th>
                <th scope="col">Среднее</th>
              </tr>
            </thead>
            <tbody>
              {crit.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    {c.id}. {c.title}
                  </th>
                  <td className="num">{points(s.territory.criteria[c.id] ?? null)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </div>
      <Method v={v} />
      <h2>Скачать</h2>
      <ul className="plain">
        <li>
          <a href={withPin(v, `${v.base}/rezultaty.xlsx`)}>Таблица Excel (XLSX)</a>
        </li>
        <li>
          <a href={withPin(v, `${v.base}/otkrytye-dannye-excel.csv`)}>Таблица CSV для Excel</a> (открывается двойным
          щелчком: точка с запятой, русские заголовки)
        </li>
        <li>
          <a href={withPin(v, `${v.base}/otkrytye-dannye.csv`)}>Открытые данные, CSV</a> и{' '}
          <a href={withPin(v, `${v.base}/otkrytye-dannye.json`)}>JSON</a> (машиночитаемые; описание формата — в
          документации «Открытые данные»)
        </li>
      </ul>
    </>
  );
}

function Method({ v }: { v: View }) {
  const s = v.snapshot;
  return (
    <>
      <h2>Как считали</h2>
      <ul>
        <li>Методика: {s.methodology.title}.</li>
        <li>
          Итог организации — среднее пяти критериев; критерий — взвешенная сумма показателей; среднее по территории —
          простое среднее по организациям.
        </li>
        <li>Нулевой знаменатель (например, никто не пользовался стендами): {POLICY_RU[s.options.zeroDenominator]}.</li>
        <li>Округление: {ROUNDING_RU[s.options.rounding]}.</li>
        <li>
          Если у организации меньше {s.options.minRespondents} {plural(s.options.minRespondents, RESP_FORMS)} на анкету,
          показатели по опросу не публикуются («{INSUFFICIENT}»); критерии K4 и K5 целиком основаны на опросе и тоже не
          показываются.
        </li>
        <li>
          Интервал итога: 95-процентный интервал Уилсона для доли ответов «да» по всем вопросам анкеты, пересчитанный в
          баллы итога с весом опросных показателей. Если интервалы соседей по рейтингу пересекаются, их места
          статистически неразличимы (отмечено «≈»).
        </li>
        <li>Градации: {bandRule(s.options.bands)}.</li>
      </ul>
    </>
  );
}

/** The table's orders for the «Порядок» choice (the column headers sort too, but are hidden on a phone). */
function SORT_CHOICES(crit: { id: string; shortTitle: string }[]): [SortKey, string][] {
  return [
    ['rank', 'по месту'],
    ['total', 'по итоговому баллу'],
    ['name', 'по названию'],
    ['municipality', 'по муниципалитету'],
    ...crit.map((c) => [c.id as SortKey, `по критерию ${c.id} (${c.shortTitle})`] as [SortKey, string]),
    ['respondents', 'по числу ответов'],
  ];
}
