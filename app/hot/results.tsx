// The public results portal at /rezultaty: the hot path. Plain Hono + React renderToString from the
// immutable published snapshot, no client bundle, no React Router. Pages of a published version never
// change, so they carry an ETag derived from the snapshot's content hash (304 on If-None-Match) and the
// rendered table pages are kept in a small in-memory cache. Everything works with JavaScript off:
// sorting, filtering and paging are links and GET forms; the large-font high-contrast mode is a query
// parameter (?contrast=1) or a cookie set by a plain link.
import { VoiceCardSection } from './voice-card-link';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { isUuid } from '../../src/auth/scope.server';
import { bandRule, describeExplanation, POLICY_RU, ROUNDING_RU, requireMethodology, type Explanation } from '../../src/methodology/index';
import { criteriaChartSvg } from '../../src/reports/charts.server';
import { resultsCsv, resultsCsvExcel, resultsJson, resultsXlsx } from '../../src/reports/results-export.server';
import { HistoryMemo, publishedCampaigns, PublishedVersionsMemo, SnapshotCache, type HistoryEntry } from '../../src/results/public.server';
import { explanationOf, itemStates, surveyParts, type Snapshot, type SnapshotOrganisation } from '../../src/results/snapshot';
import { checklistEvidence, type EvidenceRecord } from '../../src/results/sources.server';
import type { ResultVersionInfo } from '../../src/results/versions.server';
import {
  filterAndSort, INSUFFICIENT, isHidden, municipalities, orgTypeLabels, paginate, parseTableQuery, plural, points, ruDate, shortfalls, shownText,
  shownValue, similar, statisticalTies, tableQueryString, type SortKey, type TableQuery,
} from '../../src/results/view';
import { SampleNotice } from './sample-notice';
import type { AppEnv, HttpDeps } from '../server/http.server';
import { councilCardSection } from './council-proposals';
import { PublicPlanCard } from './plans';
import { publicPlanForOrganisation } from '../../src/plans/public.server';
import { TOKENS_CSS } from '../ui/tokens.server';

export const CONTRAST_COOKIE = 'noko_contrast';
const ORG_FORMS: [string, string, string] = ['организация', 'организации', 'организаций'];
const RESP_FORMS: [string, string, string] = ['ответ', 'ответа', 'ответов'];

type View = {
  base: string;
  /** "v=N" when an older published version is viewed, else "". */
  pin: string;
  contrast: boolean;
  version: ResultVersionInfo;
  current: ResultVersionInfo;
  versions: ResultVersionInfo[];
  snapshot: Snapshot;
};

/** Appends the version pin to a link. */
function withPin(v: View, href: string): string {
  if (!v.pin) return href;
  return href + (href.includes('?') ? '&' : '?') + v.pin;
}

type Page = { html: string; gzip: Uint8Array; etag: string };

/** If-None-Match with weak comparison (a compressing proxy may have weakened the tag), lists and «*». */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const strip = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || strip(t) === strip(etag));
}

class PageCache {
  readonly #map = new Map<string, Page>();
  constructor(readonly max = 500) {}
  get(key: string) {
    const hit = this.#map.get(key);
    if (hit) {
      this.#map.delete(key);
      this.#map.set(key, hit);
    }
    return hit;
  }
  set(key: string, value: Page) {
    this.#map.set(key, value);
    while (this.#map.size > this.max) this.#map.delete(this.#map.keys().next().value as string);
  }
}

const etagOf = (hash: string, key: string) => `"${hash.slice(0, 16)}-${createHash('sha1').update(key).digest('hex').slice(0, 12)}"`;

export function createResultsApp(deps: HttpDeps) {
  const app = new Hono<AppEnv>();
  const snapshots = new SnapshotCache();
  const pages = new PageCache();
  const versionsMemo = new PublishedVersionsMemo();
  const historyMemo = new HistoryMemo();

  function contrastOf(c: Context): boolean {
    const q = c.req.query('contrast');
    if (q === '1') return true;
    if (q === '0') return false;
    return getCookie(c, CONTRAST_COOKIE) === '1';
  }

  async function view(c: Context): Promise<View | Response> {
    const campaignId = c.req.param('campaignId') ?? '';
    if (!isUuid(campaignId)) return notFound(c, contrastOf(c));
    const versions = await versionsMemo.get(deps.db, campaignId);
    const current = versions.find((v) => !v.supersededBy) ?? versions[0];
    if (!current) return notFound(c, contrastOf(c));
    const wanted = c.req.query('v');
    const version = wanted ? versions.find((v) => String(v.version) === wanted) : current;
    if (!version) return notFound(c, contrastOf(c));
    const snapshot = await snapshots.get(deps.db, version.id);
    if (!snapshot) return notFound(c, contrastOf(c));
    return { base: `/rezultaty/${campaignId}`, pin: version === current ? '' : `v=${version.version}`, contrast: contrastOf(c), version, current, versions, snapshot };
  }

  /** Serves an immutable page: 304 when the client has it, cached (and pre-gzipped) HTML otherwise. */
  function cached(c: Context, v: View, key: string, render: () => ReactNode, title: string) {
    // The current version id is part of the key: a page of version 1 changes (a «replaced» notice) once
    // a correction is published.
    const fullKey = `${v.version.id}|${v.current.id}|${key}|${v.contrast ? 1 : 0}`;
    const etag = etagOf(v.version.contentHash, fullKey);
    c.header('ETag', etag);
    // A pinned version never changes; the current one can be superseded by a correction: revalidate.
    c.header('Cache-Control', v.pin ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate');
    c.header('Vary', 'Cookie, Accept-Encoding');
    if (matches(c.req.header('If-None-Match'), etag)) return c.body(null, 304);
    let hit = pages.get(fullKey);
    if (!hit) {
      const html = '<!doctype html>' + renderToString(<Shell title={title} contrast={v.contrast} back={c.req.path + new URL(c.req.url).search}>{render()}</Shell>);
      hit = { html, gzip: gzipSync(html, { level: 6 }), etag };
      pages.set(fullKey, hit);
    }
    c.header('Content-Type', 'text/html; charset=UTF-8');
    if (/\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '')) {
      // Compressed once per page instead of once per request; the compress middleware leaves it alone.
      c.header('Content-Encoding', 'gzip');
      return c.body(hit.gzip as Uint8Array<ArrayBuffer>);
    }
    return c.body(hit.html);
  }

  app.get('/', async (c) => {
    const contrast = contrastOf(c);
    const list = await publishedCampaigns(deps.db);
    c.header('Cache-Control', 'public, max-age=0, must-revalidate');
    return c.html('<!doctype html>' + renderToString(<Shell title="Результаты оценки" contrast={contrast} back="/rezultaty"><CampaignList list={list} /></Shell>));
  });

  // The mode switch is a plain link: no script, no form post, nothing to protect (it only styles pages).
  app.get('/kontrast', (c) => {
    const on = c.req.query('on') === '1';
    const back = c.req.query('back') ?? '/rezultaty';
    const target = back.startsWith('/rezultaty') && !back.startsWith('//') ? back.replace(/([?&])contrast=[01]&?/, '$1').replace(/[?&]$/, '') : '/rezultaty';
    setCookie(c, CONTRAST_COOKIE, on ? '1' : '0', { path: '/', sameSite: 'Lax', maxAge: 60 * 60 * 24 * 365, httpOnly: true });
    return c.redirect(target, 303);
  });

  app.get('/:campaignId', async (c) => {
    const v = await view(c);
    if (v instanceof Response) return v;
    const q = parseTableQuery(new URL(c.req.url).searchParams);
    return cached(c, v, `table${tableQueryString(q)}`, () => <TablePage v={v} q={q} />, `${v.snapshot.campaign.title}: результаты`);
  });

  app.get('/:campaignId/versii', async (c) => {
    const v = await view(c);
    if (v instanceof Response) return v;
    return cached(c, v, 'versions', () => <VersionsPage v={v} />, 'Версии результатов');
  });

  app.get('/:campaignId/o/:orgId', async (c) => {
    const v = await view(c);
    if (v instanceof Response) return v;
    const org = v.snapshot.organisations.find((o) => o.id === c.req.param('orgId'));
    if (!org) return notFound(c, v.contrast);
    const history = await historyMemo.get(deps.db, org.id);
    // plans room: the organisation's current public plan; its id and revision are part of the page's identity.
    const plan = await publicPlanForOrganisation(deps.db, org.id);
    // The history grows when a later campaign is published: it is part of the page's identity.
    const council = await councilCardSection(deps.db, v.snapshot.campaign.id, org.id);
    const key = `org|${org.id}|${createHash('sha1').update(JSON.stringify(history)).digest('hex')}|${council.key}|plan:${plan ? `${plan.id}:${plan.revision}:${new Date().toISOString().slice(0, 10)}` : '-'}`;
    return cached(c, v, key, () => <><OrganisationPage v={v} org={org} history={history} council={council.element} /><PublicPlanCard plan={plan} /></>, org.name);
  });

  app.get('/:campaignId/o/:orgId/kak/:id', async (c) => {
    const v = await view(c);
    if (v instanceof Response) return v;
    const org = v.snapshot.organisations.find((o) => o.id === c.req.param('orgId'));
    const id = c.req.param('id');
    const e = org ? explanationOf(v.snapshot, org, id) : null;
    if (!org || !e) return notFound(c, v.contrast);
    // Evidence is read live from the checklists (notes and photos are not copied into the snapshot).
    const evidence = await checklistEvidence(deps.db, v.snapshot.campaign.id, org.id);
    c.header('Cache-Control', 'public, max-age=60');
    return c.html('<!doctype html>' + renderToString(<Shell title={`Как рассчитано: ${e.id}`} contrast={v.contrast} back={c.req.path}><ExplainPage v={v} org={org} e={e} evidence={evidence} /></Shell>));
  });

  async function download(c: Context, kind: 'xlsx' | 'csv' | 'json' | 'excel-csv') {
    const v = await view(c);
    if (v instanceof Response) return v;
    const etag = etagOf(v.version.contentHash, `download|${kind}`);
    c.header('ETag', etag);
    c.header('Cache-Control', v.pin ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate');
    if (matches(c.req.header('If-None-Match'), etag)) return c.body(null, 304);
    const name = `nok-${v.snapshot.campaign.year}-v${v.version.version}`;
    if (kind === 'json') {
      c.header('Content-Disposition', `attachment; filename="${name}.json"`);
      return c.json(resultsJson(v.snapshot, v.version));
    }
    if (kind === 'excel-csv') {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="${name}-excel.csv"`);
      return c.body(resultsCsvExcel(v.snapshot, v.version.version));
    }
    if (kind === 'csv') {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="${name}.csv"`);
      return c.body(resultsCsv(v.snapshot, v.version.version));
    }
    const bytes = await resultsXlsx(v.snapshot, { version: v.version.version, contentHash: v.version.contentHash, decision: decisionText(v.version) });
    c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    c.header('Content-Disposition', `attachment; filename="${name}.xlsx"`);
    return c.body(bytes as Uint8Array<ArrayBuffer>);
  }
  app.get('/:campaignId/rezultaty.xlsx', (c) => download(c, 'xlsx'));
  app.get('/:campaignId/otkrytye-dannye.csv', (c) => download(c, 'csv'));
  app.get('/:campaignId/otkrytye-dannye.json', (c) => download(c, 'json'));
  app.get('/:campaignId/otkrytye-dannye-excel.csv', (c) => download(c, 'excel-csv'));

  return app;
}

function notFound(c: Context, contrast: boolean) {
  c.header('Cache-Control', 'no-store');
  return c.html(
    '<!doctype html>' +
      renderToString(
        <Shell title="Не найдено" contrast={contrast} back="/rezultaty">
          <h1>Результаты не найдены</h1>
          <p>Такой страницы нет или результаты этой кампании ещё не опубликованы.</p>
          <p><a href="/rezultaty">Все опубликованные результаты</a></p>
        </Shell>,
      ),
    404,
  );
}

function decisionText(v: ResultVersionInfo): string {
  return v.decisionNumber ? `Утверждено решением общественного совета № ${v.decisionNumber} от ${ruDate(v.decisionDate)}` : 'Решение совета не указано';
}

// ---------------------------------------------------------------------------------------------- pages

function CampaignList({ list }: { list: Awaited<ReturnType<typeof publishedCampaigns>> }) {
  return (
    <>
      <h1>Результаты независимой оценки</h1>
      {list.length === 0 ? (
        <p>Опубликованных результатов пока нет.</p>
      ) : (
        <ul className="plain">
          {list.map((x) => (
            <li key={x.campaignId}>
              <a href={`/rezultaty/${x.campaignId}`}>{x.title}</a> — {x.territoryName}, {x.year} г., {x.organisations} {plural(x.organisations, ORG_FORMS)}
              {x.version > 1 ? `, версия ${x.version}` : ''}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function VersionNotice({ v }: { v: View }) {
  return (
    <div className={v.pin ? 'notice warn' : 'notice'}>
      <p>
        {`Версия ${v.version.version} от ${ruDate(v.version.publishedAt)}. ${decisionText(v.version)}.`}
        {v.version.reason ? ` Причина исправления: ${v.version.reason}.` : ''}{' '}
        {v.versions.length > 1 ? <a href={`${v.base}/versii`}>Все версии ({v.versions.length})</a> : null}
      </p>
      {v.pin ? (
        <p>
          <strong>Эта версия заменена исправленной.</strong> <a href={v.base}>{`Открыть действующую версию ${v.current.version}`}</a>
        </p>
      ) : null}
    </div>
  );
}

const SORT_LABELS: Partial<Record<SortKey, string>> = { rank: 'место', name: 'название', total: 'итоговый балл', respondents: 'число ответов', municipality: 'муниципалитет' };

function SortHeader({ v, q, k, children, abbr }: { v: View; q: TableQuery; k: SortKey; children: ReactNode; abbr?: string }) {
  const active = q.sort === k;
  const nextDir = active ? (q.dir === 'asc' ? 'desc' : 'asc') : k === 'rank' || k === 'name' || k === 'municipality' ? 'asc' : 'desc';
  const label = SORT_LABELS[k] ?? abbr ?? k;
  return (
    <th scope="col" aria-sort={active ? (q.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <a href={withPin(v, v.base + tableQueryString(q, { sort: k, dir: nextDir, page: 1 }))} aria-label={`Сортировать: ${label}, ${nextDir === 'asc' ? 'по возрастанию' : 'по убыванию'}`}>
        {children}
        {active ? <span aria-hidden="true">{q.dir === 'asc' ? ' ▲' : ' ▼'}</span> : null}
      </a>
    </th>
  );
}

function TablePage({ v, q }: { v: View; q: TableQuery }) {
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
        {s.campaign.territoryName}, {s.campaign.year} г. Оценено {s.organisations.length} {plural(s.organisations.length, ORG_FORMS)}. Среднее по территории:{' '}
        <strong>{points(s.territory.total)}</strong> из 100.
      </p>
      <VersionNotice v={v} />
      <form method="get" action={v.base} className="filters" aria-label="Отбор организаций">
        {v.pin ? <input type="hidden" name="v" value={String(v.version.version)} /> : null}
        <label>
          Порядок
          <select name="sort" defaultValue={q.sort}>
            {SORT_CHOICES(crit).map(([k, label]) => (
              <option key={k} value={k}>{label}</option>
            ))}
          </select>
        </label>
        <label>
          Муниципалитет
          <select name="mun" defaultValue={q.mun ?? ''}>
            <option value="">все</option>
            {munis.map((m) => (
              <option key={m.id} value={m.id}>{m.name}</option>
            ))}
          </select>
        </label>
        <label>
          Тип организации
          <select name="type" defaultValue={q.type ?? ''}>
            <option value="">все</option>
            {Object.entries(orgTypeLabels).map(([id, label]) => (
              <option key={id} value={id}>{label}</option>
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
              <SortHeader v={v} q={q} k="rank">Место</SortHeader>
              <SortHeader v={v} q={q} k="name">Организация</SortHeader>
              <SortHeader v={v} q={q} k="municipality">Муниципалитет</SortHeader>
              {crit.map((c) => (
                <SortHeader key={c.id} v={v} q={q} k={c.id as SortKey} abbr={`${c.id} ${c.shortTitle}`}>
                  <abbr title={c.title}>{c.id}</abbr>
                </SortHeader>
              ))}
              <SortHeader v={v} q={q} k="total">Итого</SortHeader>
              <th scope="col">Оценка</th>
              <SortHeader v={v} q={q} k="respondents">Ответов</SortHeader>
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
                  <td data-label="Муниципалитет" className="wide">{o.territoryName}</td>
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
                        {' '}≈ не отличается от: {tie.map((id) => byId.get(id)).filter(Boolean).map((x) => `${x!.name} (место ${x!.rank})`).join('; ')}
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
          <span>Страница {page} из {pages}</span>
          {page < pages ? <a href={withPin(v, v.base + tableQueryString(q, { page: page + 1 }))}>Следующая →</a> : null}
        </nav>
      ) : null}
      <h2>Средние по критериям</h2>
      <div className="chart-pair">
        <div dangerouslySetInnerHTML={{ __html: criteriaChartSvg(chartBars, { title: 'Средние баллы по критериям K1–K5, диаграмма; те же числа в таблице рядом', contrast: v.contrast }) }} />
        <table>
          <caption>Средние баллы по критериям</caption>
          <thead><tr><th scope="col">Критерий</th><th scope="col">Среднее</th></tr></thead>
          <tbody>
            {crit.map((c) => (
              <tr key={c.id}><th scope="row">{c.id}. {c.title}</th><td className="num">{points(s.territory.criteria[c.id] ?? null)}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
      <Method v={v} />
      <h2>Скачать</h2>
      <ul className="plain">
        <li><a href={withPin(v, `${v.base}/rezultaty.xlsx`)}>Таблица Excel (XLSX)</a></li>
        <li><a href={withPin(v, `${v.base}/otkrytye-dannye-excel.csv`)}>Таблица CSV для Excel</a> (открывается двойным щелчком: точка с запятой, русские заголовки)</li>
        <li><a href={withPin(v, `${v.base}/otkrytye-dannye.csv`)}>Открытые данные, CSV</a> и <a href={withPin(v, `${v.base}/otkrytye-dannye.json`)}>JSON</a> (машиночитаемые; описание формата — в документации «Открытые данные»)</li>
      </ul>
    </>
  );
}

function ValueLink({ v, org, id, strong }: { v: View; org: SnapshotOrganisation; id: string; strong?: boolean }) {
  if (isHidden(v.snapshot, org, id, 'public')) return <span className="insufficient">{INSUFFICIENT}</span>;
  const text = shownText(v.snapshot, org, id, 'public');
  const label = `${text}: как рассчитан ${id === 'Sn' ? 'итоговый балл' : id} — ${org.name}`;
  return (
    <a href={withPin(v, `${v.base}/o/${org.id}/kak/${id}`)} aria-label={label}>
      {strong ? <strong>{text}</strong> : text}
    </a>
  );
}

function Method({ v }: { v: View }) {
  const s = v.snapshot;
  return (
    <>
      <h2>Как считали</h2>
      <ul>
        <li>Методика: {s.methodology.title}.</li>
        <li>Итог организации — среднее пяти критериев; критерий — взвешенная сумма показателей; среднее по территории — простое среднее по организациям.</li>
        <li>Нулевой знаменатель (например, никто не пользовался стендами): {POLICY_RU[s.options.zeroDenominator]}.</li>
        <li>Округление: {ROUNDING_RU[s.options.rounding]}.</li>
        <li>
          Если у организации меньше {s.options.minRespondents} {plural(s.options.minRespondents, RESP_FORMS)} на анкету, показатели по опросу не публикуются («{INSUFFICIENT}»); критерии K4 и K5 целиком основаны на опросе и тоже не показываются.
        </li>
        <li>
          Интервал итога: 95-процентный интервал Уилсона для доли ответов «да» по всем вопросам анкеты, пересчитанный в баллы итога с весом опросных показателей. Если интервалы соседей по рейтингу пересекаются, их места статистически неразличимы (отмечено «≈»).
        </li>
        <li>Градации: {bandRule(s.options.bands)}.</li>
      </ul>
    </>
  );
}

function OrganisationPage({ v, org, history, council }: { v: View; org: SnapshotOrganisation; history: HistoryEntry[]; council?: ReactNode }) {
  const s = v.snapshot;
  const mean = s.territory;
  const bars = s.criteria.map((c) => ({ label: c.id, value: shownValue(s, org, c.id, 'public'), reference: mean.criteria[c.id] ?? null }));
  const gaps = shortfalls(s, org, 'public');
  const peers = similar(s, org);
  const ties = new Set(statisticalTies(s).get(org.id) ?? []);
  return (
    <>
      <p className="crumbs"><a href={withPin(v, v.base)}>← {s.campaign.title}: все организации</a></p>
      <h1>{org.name}</h1>
      <p>{org.fullName}. {orgTypeLabels[org.type]}, {org.territoryName}.</p>
      <VersionNotice v={v} />
      <p className="big">
        Итоговый балл: <ValueLink v={v} org={org} id="Sn" strong /> из 100{org.band ? `, «${org.band}»` : ''}
        {org.rank ? `, место ${org.rank} из ${s.territory.withTotal}` : ''}. Ответов на анкету: {org.respondents}.
      </p>
      {org.belowMinimum ? (
        <p className="notice warn">
          Ответов меньше {s.options.minRespondents}: показатели по опросу не публикуются («{INSUFFICIENT}»).
        </p>
      ) : null}
      <SampleNotice s={s} org={org} />
      <h2>Критерии</h2>
      <div className="chart-pair">
        <div dangerouslySetInnerHTML={{ __html: criteriaChartSvg(bars, { title: `Баллы организации по критериям K1–K5 в сравнении со средним по территории; те же числа в таблице рядом`, referenceLabel: 'Среднее по территории', contrast: v.contrast }) }} />
        <table>
          <caption>Баллы по критериям</caption>
          <thead>
            <tr><th scope="col">Критерий</th><th scope="col">Организация</th><th scope="col">Среднее по территории</th></tr>
          </thead>
          <tbody>
            {s.criteria.map((c) => (
              <tr key={c.id}>
                <th scope="row">{c.id}. {c.title}</th>
                <td className="num"><ValueLink v={v} org={org} id={c.id} /></td>
                <td className="num">{points(mean.criteria[c.id] ?? null)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Показатели</h2>
      <div className="scroll" role="region" aria-label="Показатели организации" tabIndex={0}>
        <table>
          <caption>Все показатели: балл, число ответивших и интервал для показателей по опросу</caption>
          <thead>
            <tr><th scope="col">Показатель</th><th scope="col">Балл</th><th scope="col">Ответили</th><th scope="col">Интервал (95%)</th></tr>
          </thead>
          <tbody>
            {s.criteria.flatMap((c) =>
              c.indicators.map((i) => {
                const ind = org.indicators[i.id];
                const hidden = isHidden(s, org, i.id, 'public');
                const parts = ind?.survey?.parts ?? [];
                return (
                  <tr key={i.id}>
                    <th scope="row">{i.id}. {i.title}</th>
                    <td className="num"><ValueLink v={v} org={org} id={i.id} /></td>
                    <td className="num">{i.survey ? (hidden ? '—' : parts.map((p) => `${p.yes} из ${p.n}`).join('; ')) : 'эксперт'}</td>
                    <td>{i.survey && !hidden ? parts.map((p) => (p.lower === null ? 'нет ответивших' : `${points(p.lower)}–${points(p.upper)}`)).join('; ') : '—'}</td>
                  </tr>
                );
              }),
            )}
          </tbody>
        </table>
      </div>
      <h2>Недостатки</h2>
      {gaps.length === 0 ? (
        <p>По опубликованным показателям недостатков не выявлено.</p>
      ) : (
        <ul>
          {gaps.map((g) => (
            <li key={g.id}>
              <a href={withPin(v, `${v.base}/o/${org.id}/kak/${g.id}`)}>{g.id}. {g.title}</a>: {points(g.value)} из 100
              {g.missing.length > 0 ? (
                <ul>
                  {g.missing.map((m) => (
                    <li key={m.checklist + m.itemId}>нет: {m.label}</li>
                  ))}
                </ul>
              ) : g.id.startsWith('1.1') || !isSurveyId(s, g.id) ? null : <span> — доля довольных получателей услуг ниже 100%</span>}
            </li>
          ))}
        </ul>
      )}
      {council}
      <h2>История</h2>
      <table>
        <caption>Результаты организации по годам (действующие опубликованные версии)</caption>
        <thead>
          <tr><th scope="col">Кампания</th>{s.criteria.map((c) => <th key={c.id} scope="col">{c.id}</th>)}<th scope="col">Итого</th><th scope="col">Место</th></tr>
        </thead>
        <tbody>
          {history.map((h) => (
            <tr key={h.campaignId}>
              <th scope="row"><a href={`/rezultaty/${h.campaignId}/o/${org.id}`}>{`${h.title} (${h.year})`}</a></th>
              {s.criteria.map((c) => (
                <td key={c.id} className="num">{h.belowMinimum && c.indicators.every((i) => i.survey) ? INSUFFICIENT : points(h.criteria[c.id] ?? null)}</td>
              ))}
              <td className="num">{points(h.total)}</td>
              <td className="num">{h.rank ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <VoiceCardSection organisationId={org.id} />
      <h2>Похожие организации</h2>
      <p>Организации того же типа ({orgTypeLabels[org.type]}) в муниципалитете «{org.territoryName}».</p>
      <table>
        <caption>Сравнение с похожими организациями</caption>
        <thead>
          <tr><th scope="col">Место</th><th scope="col">Организация</th><th scope="col">Итого</th><th scope="col">Интервал (95%)</th><th scope="col">Различие</th></tr>
        </thead>
        <tbody>
          {peers.map((p) => (
            <tr key={p.id}>
              <td>{p.rank ?? '—'}</td>
              <th scope="row">{p.id === org.id ? <strong>{p.name} (эта организация)</strong> : <a href={withPin(v, `${v.base}/o/${p.id}`)}>{p.name}</a>}</th>
              <td className="num">{points(p.total)}</td>
              <td>{p.surveyInterval ? `${points(p.surveyInterval.lower)}–${points(p.surveyInterval.upper)}` : '—'}</td>
              <td>{p.id === org.id ? '—' : ties.has(p.id) || overlaps(org, p) ? 'статистически неразличимы' : 'различие значимо'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function overlaps(a: SnapshotOrganisation, b: SnapshotOrganisation): boolean {
  const x = a.surveyInterval;
  const y = b.surveyInterval;
  return !!x && !!y && x.lower <= y.upper && y.lower <= x.upper;
}

function isSurveyId(s: Snapshot, id: string): boolean {
  return s.criteria.some((c) => c.indicators.some((i) => i.id === id && i.survey));
}

const ANSWER_RU: Record<string, string> = { yes: 'да', no: 'нет', na: 'не применимо' };

function ExplainPage({ v, org, e, evidence }: { v: View; org: SnapshotOrganisation; e: Explanation; evidence: EvidenceRecord[] }) {
  const s = v.snapshot;
  const hidden = isHidden(s, org, e.id, 'public');
  const indicator = s.criteria.flatMap((c) => c.indicators).find((i) => i.id === e.id);
  const criterion = s.criteria.find((c) => c.id === e.id);
  const m = requireMethodology(s.methodology.id);
  const link = (id: string) => withPin(v, `${v.base}/o/${org.id}/kak/${id}`);
  return (
    <>
      <p className="crumbs"><a href={withPin(v, `${v.base}/o/${org.id}`)}>← {org.name}</a></p>
      <h1>Как рассчитано: {e.id === 'Sn' ? 'итоговый балл' : `${e.id}. ${e.title}`}</h1>
      <VersionNotice v={v} />
      {hidden ? (
        <p className="notice warn">
          У организации {org.respondents} {plural(org.respondents, RESP_FORMS)} на анкету — меньше минимума ({s.options.minRespondents}). Показатели по опросу не публикуются: {INSUFFICIENT}.
        </p>
      ) : (
        <>
          <p className="big">Результат: <strong>{points(e.value)}</strong> из 100.</p>
          <h2>Формула</h2>
          <p>{e.formula.text}</p>
          <p><code>{e.formula.symbolic}</code></p>
          <h2>Исходные данные</h2>
          <table>
            <caption>Величины, подставленные в формулу</caption>
            <thead><tr><th scope="col">Обозначение</th><th scope="col">Что это</th><th scope="col">Значение</th></tr></thead>
            <tbody>
              {e.inputs.map((i, k) => {
                const target = e.kind === 'total' ? s.criteria[k]?.id : e.kind === 'criterion' ? criterion?.indicators[k]?.id : undefined;
                const text = i.value === null ? 'нет данных' : Number.isInteger(i.value) ? String(i.value) : points(i.value);
                return (
                  <tr key={i.symbol + k}>
                    <th scope="row">{i.symbol}</th>
                    <td>{i.label}</td>
                    <td className="num">{target ? <a href={link(target)}>{isHidden(s, org, target, 'public') ? INSUFFICIENT : text}</a> : text}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {e.weights ? (
            <>
              <h2>Веса после пересчёта</h2>
              <ul>
                {Object.entries(e.weights).map(([id, w]) => (
                  <li key={id}>{id}: {w.toFixed(4).replace('.', ',')}</li>
                ))}
              </ul>
            </>
          ) : null}
          <h2>Правила кампании</h2>
          <ul>
            <li>Нулевой знаменатель: {POLICY_RU[e.policy.zeroDenominator]}.</li>
            {e.policy.applied.map((a) => <li key={a}>{a}</li>)}
            <li>Округление: {ROUNDING_RU[e.rounding]}.</li>
          </ul>
          {indicator?.survey && org.indicators[e.id]?.survey ? (
            <>
              <h2>Ответы на анкету</h2>
              <table>
                <caption>Число ответов «да», число ответивших и 95-процентный интервал Уилсона</caption>
                <thead><tr><th scope="col">Часть</th><th scope="col">«Да»</th><th scope="col">Ответили</th><th scope="col">Интервал</th></tr></thead>
                <tbody>
                  {surveyParts(s, org, e.id).map((p) => (
                    <tr key={p.label}>
                      <th scope="row">{p.label}</th>
                      <td className="num">{p.yes}</td>
                      <td className="num">{p.n}</td>
                      <td>{p.lower === null ? 'нет ответивших' : `${points(p.lower)}–${points(p.upper)}`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
          {indicator?.checklist ? <ChecklistItems s={s} org={org} checklist={indicator.checklist} evidence={evidence} m={m} /> : null}
          <details>
            <summary>Текстом, для проверки</summary>
            <pre>{describeExplanation(e)}</pre>
          </details>
        </>
      )}
    </>
  );
}

function ChecklistItems({ s, org, checklist, evidence, m }: { s: Snapshot; org: SnapshotOrganisation; checklist: string; evidence: EvidenceRecord[]; m: ReturnType<typeof requireMethodology> }) {
  const groups =
    checklist === '1.1'
      ? (['stand', 'site'] as const).map((ch) => ({ key: `1.1-${ch}`, title: ch === 'stand' ? 'Информация на стендах' : 'Информация на сайте', items: m.informationItems.lists[org.type]?.[ch] ?? [] }))
      : [{ key: checklist, title: m.checklists.find((c) => c.id === checklist)?.title ?? checklist, items: m.checklists.find((c) => c.id === checklist)?.items ?? [] }];
  const byItem = new Map(evidence.map((r) => [`${r.checklist}|${r.itemId}`, r]));
  return (
    <>
      <h2>Пункты чек-листа и доказательства</h2>
      {groups.map((g) => {
        const { yes, na } = itemStates(s, org, g.key);
        return (
          <table key={g.key}>
            <caption>{g.title}: засчитано {yes.size} из {g.items.length - na.size}</caption>
            <thead><tr><th scope="col">Пункт</th><th scope="col">Засчитан</th><th scope="col">Доказательства</th></tr></thead>
            <tbody>
              {g.items.map((item) => {
                const ev = byItem.get(`${g.key}|${item.id}`);
                return (
                  <tr key={item.id}>
                    <th scope="row">{item.label}</th>
                    <td>{yes.has(item.id) ? 'да' : na.has(item.id) ? 'не применимо' : 'нет'}</td>
                    <td>
                      {ev ? (
                        <>
                          {ev.answer ? `Ответ эксперта: ${ANSWER_RU[ev.answer]}. ` : ''}
                          {ev.note ? `${ev.note}. ` : ''}
                          {ev.link && /^https?:\/\//.test(ev.link) ? <><a href={ev.link} rel="nofollow noopener">ссылка</a>. </> : null}
                          {ev.photos.length > 0 ? `Фото: ${ev.photos.length}. ` : ''}
                          {ev.recordedByName ? `${ev.recordedByName}, ` : ''}
                          {ruDate(ev.recordedAt)}
                        </>
                      ) : (
                        'нет записи'
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        );
      })}
    </>
  );
}

function VersionsPage({ v }: { v: View }) {
  return (
    <>
      <p className="crumbs"><a href={v.base}>← {v.snapshot.campaign.title}</a></p>
      <h1>Версии результатов</h1>
      <p>Опубликованная версия не меняется. Исправление публикуется как новая версия с причиной; прежние версии остаются доступны.</p>
      <table>
        <caption>Опубликованные версии</caption>
        <thead><tr><th scope="col">Версия</th><th scope="col">Опубликована</th><th scope="col">Решение совета</th><th scope="col">Причина исправления</th><th scope="col">Контрольная сумма</th></tr></thead>
        <tbody>
          {v.versions.map((x) => (
            <tr key={x.id}>
              <th scope="row"><a href={x.supersededBy ? `${v.base}?v=${x.version}` : v.base}>{`Версия ${x.version}`}</a>{x.supersededBy ? ' (заменена)' : ' (действующая)'}</th>
              <td>{ruDate(x.publishedAt)}</td>
              <td>{x.decisionNumber ? `№ ${x.decisionNumber} от ${ruDate(x.decisionDate)}` : '—'}</td>
              <td>{x.reason ?? '—'}</td>
              <td><code>{x.contentHash.slice(0, 16)}…</code></td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

// ---------------------------------------------------------------------------------------------- shell

// The kit's tokens, focus style and error summary (app/ui/tokens.css), then this page's own layout.
const CSS = TOKENS_CSS + `
.skip{position:absolute;left:-999px}.skip:focus{left:.5rem;top:.5rem;background:#fff;padding:.5rem;z-index:10}
header{border-bottom:1px solid #c8ccd2;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between}
header .brand{font-weight:700;color:#1a1a1a;text-decoration:none}main{max-width:80rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;line-height:1.25}table{border-collapse:collapse;margin:.5rem 0 1.5rem}caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #c8ccd2;padding:.35rem .5rem;text-align:left;vertical-align:top}thead th{background:#eef1f5}td.num{text-align:right;white-space:nowrap}
.scroll{overflow-x:auto;max-width:100%}.type{display:block;font-weight:400;font-size:.875rem;color:#444}.flag,.tie{font-size:.875rem;color:#5c3c00}
.insufficient{font-style:italic;color:#444}.notice{border-left:4px solid var(--accent);padding:.25rem .75rem;margin:1rem 0;background:#f3f6fb}.notice.warn{border-color:#8a5300;background:#fff8e6}
.filters{display:flex;flex-wrap:wrap;gap:.75rem 1rem;align-items:flex-end;margin:1rem 0}.filters label{display:flex;flex-direction:column;gap:.25rem;max-width:100%;margin:0}.filters select{max-width:100%}
select,input,button{padding:.4rem .5rem;min-height:44px}
.pager{display:flex;gap:1rem;align-items:center;margin-bottom:1rem}.chart-pair{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}.chart-pair svg{max-width:100%;height:auto}
.plain{padding-left:1.2rem}.big{font-size:1.15rem}.crumbs{margin:0}pre{white-space:pre-wrap;background:#f6f7f9;padding:.75rem}
body.contrast{font-size:1.375rem;line-height:1.6;background:#fff;color:#000}body.contrast a{color:#00008b;text-decoration:underline;text-decoration-thickness:2px}
body.contrast th,body.contrast td{border-color:#000}body.contrast thead th{background:#fff;border-bottom-width:3px}body.contrast .type,body.contrast .flag,body.contrast .tie,body.contrast .insufficient{color:#000}
@media (max-width:40rem){.results-table thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.results-table,.results-table tbody{display:block}.results-table tr{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:.1rem .5rem;border:1px solid #c8ccd2;border-radius:.25rem;padding:.5rem;margin-bottom:.75rem}
.results-table th,.results-table td{display:block;border:0;padding:.1rem 0}.results-table th[scope=row],.results-table td.wide{grid-column:1/-1}
.results-table caption{display:block}.results-table td{min-width:0;overflow-wrap:anywhere;hyphens:auto}.results-table td[data-label]::before{content:attr(data-label) ": ";font-weight:600}.results-table td.num{text-align:left;white-space:normal}.scroll{overflow-x:visible}}
body.contrast .notice{background:#fff;border-color:#000}body.contrast button{background:#000;border-color:#000}body.contrast select,body.contrast input{border:2px solid #000}
`;

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

function Shell({ title, contrast, back, children }: { title: string; contrast: boolean; back: string; children: ReactNode }) {
  const toggle = `/rezultaty/kontrast?on=${contrast ? 0 : 1}&back=${encodeURIComponent(back)}`;
  return (
    <html lang="ru">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} — НОКО`}</title>
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body className={contrast ? 'contrast' : undefined}>
        <a className="skip" href="#main">Перейти к содержанию</a>
        <header>
          <a className="brand" href="/rezultaty">НОКО: результаты оценки</a>
          <nav aria-label="Вид страницы">
            <a href={toggle}>{contrast ? 'Обычный вид' : 'Крупный шрифт и высокий контраст'}</a>
          </nav>
        </header>
        <main id="main">{children}</main>
      </body>
    </html>
  );
}
