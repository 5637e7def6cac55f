// /rezultaty/:campaignId/o/:orgId: an organisation's card in a published version.
import type { ReactNode } from 'react';
import { criteriaChartSvg } from '../../../src/reports/charts.server';
import type { HistoryEntry } from '../../../src/results/public.server';
import type { Snapshot, SnapshotOrganisation } from '../../../src/results/snapshot';
import {
  INSUFFICIENT,
  isHidden,
  orgTypeLabels,
  points,
  shortfalls,
  shownValue,
  similar,
  statisticalTies,
} from '../../../src/results/view';
import { SampleNotice } from '../sample-notice';
import { VoiceCardSection } from '../voice-card-link';
import { ValueLink, VersionNotice } from './parts';
import { withPin, type View } from './view';
import { TableScroll } from '../../ui/controls';

export function OrganisationPage({
  v,
  org,
  history,
  council,
}: {
  v: View;
  org: SnapshotOrganisation;
  history: HistoryEntry[];
  council?: ReactNode;
}) {
  const s = v.snapshot;
  const mean = s.territory;
  const bars = s.criteria.map((c) => ({
    label: c.id,
    value: shownValue(s, org, c.id, 'public'),
    reference: mean.criteria[c.id] ?? null,
  }));
  const gaps = shortfalls(s, org, 'public');
  const peers = similar(s, org);
  const ties = new Set(statisticalTies(s).get(org.id) ?? []);
  return (
    <>
      <p className="crumbs">
        <a href={withPin(v, v.base)}>← {s.campaign.title}: все организации</a>
      </p>
      <h1>{org.name}</h1>
      <p>
        {org.fullName}. {orgTypeLabels[org.type]}, {org.territoryName}.
      </p>
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
        <div
          dangerouslySetInnerHTML={{
            __html: criteriaChartSvg(bars, {
              title: `Баллы организации по критериям K1–K5 в сравнении со средним по территории; те же числа в таблице рядом`,
              referenceLabel: 'Среднее по территории',
              contrast: v.contrast,
            }),
          }}
        />
        <TableScroll label="Таблица: баллы по критериям">
          <table>
            <caption>Баллы по критериям</caption>
            <thead>
              <tr>
                <th scope="col">Критерий</th>
                <th scope="col">Организация</th>
                <th scope="col">Среднее по территории</th>
              </tr>
            </thead>
            <tbody>
              {s.criteria.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    {c.id}. {c.title}
                  </th>
                  <td className="num">
                    <ValueLink v={v} org={org} id={c.id} />
                  </td>
                  <td className="num">{points(mean.criteria[c.id] ?? null)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </div>
      <h2>Показатели</h2>
      <TableScroll label="Показатели организации">
        <table>
          <caption>Все показатели: балл, число ответивших и интервал для показателей по опросу</caption>
          <thead>
            <tr>
              <th scope="col">Показатель</th>
              <th scope="col">Балл</th>
              <th scope="col">Ответили</th>
              <th scope="col">Интервал (95%)</th>
            </tr>
          </thead>
          <tbody>
            {s.criteria.flatMap((c) =>
              c.indicators.map((i) => {
                const ind = org.indicators[i.id];
                const hidden = isHidden(s, org, i.id, 'public');
                const parts = ind?.survey?.parts ?? [];
                return (
                  <tr key={i.id}>
                    <th scope="row">
                      {i.id}. {i.title}
                    </th>
                    <td className="num">
                      <ValueLink v={v} org={org} id={i.id} />
                    </td>
                    <td className="num">
                      {i.survey ? (hidden ? '—' : parts.map((p) => `${p.yes} из ${p.n}`).join('; ')) : 'эксперт'}
                    </td>
                    <td>
                      {i.survey && !hidden
                        ? parts
                            .map((p) => (p.lower === null ? 'нет ответивших' : `${points(p.lower)}–${points(p.upper)}`))
                            .join('; ')
                        : '—'}
                    </td>
                  </tr>
                );
              }),
            )}
          </tbody>
        </table>
      </TableScroll>
      <h2>Недостатки</h2>
      {gaps.length === 0 ? (
        <p>По опубликованным показателям недостатков не выявлено.</p>
      ) : (
        <ul>
          {gaps.map((g) => (
            <li key={g.id}>
              <a href={withPin(v, `${v.base}/o/${org.id}/kak/${g.id}`)}>
                {g.id}. {g.title}
              </a>
              : {points(g.value)} из 100
              {g.missing.length > 0 ? (
                <ul>
                  {g.missing.map((m) => (
                    <li key={m.checklist + m.itemId}>нет: {m.label}</li>
                  ))}
                </ul>
              ) : g.id.startsWith('1.1') || !isSurveyId(s, g.id) ? null : (
                <span> — доля довольных получателей услуг ниже 100%</span>
              )}
            </li>
          ))}
        </ul>
      )}
      {council}
      <h2>История</h2>
      <TableScroll label="Таблица: история результатов">
        <table>
          <caption>Результаты организации по годам (действующие опубликованные версии)</caption>
          <thead>
            <tr>
              <th scope="col">Кампания</th>
              {s.criteria.map((c) => (
                <th key={c.id} scope="col">
                  {c.id}
                </th>
              ))}
              <th scope="col">Итого</th>
              <th scope="col">Место</th>
            </tr>
          </thead>
          <tbody>
            {history.map((h) => (
              <tr key={h.campaignId}>
                <th scope="row">
                  <a href={`/rezultaty/${h.campaignId}/o/${org.id}`}>{`${h.title} (${h.year})`}</a>
                </th>
                {s.criteria.map((c) => (
                  <td key={c.id} className="num">
                    {h.belowMinimum && c.indicators.every((i) => i.survey)
                      ? INSUFFICIENT
                      : points(h.criteria[c.id] ?? null)}
                  </td>
                ))}
                <td className="num">{points(h.total)}</td>
                <td className="num">{h.rank ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <VoiceCardSection organisationId={org.id} />
      <h2>Похожие организации</h2>
      <p>
        Организации того же типа ({orgTypeLabels[org.type]}) в муниципалитете «{org.territoryName}».
      </p>
      <TableScroll label="Таблица: похожие организации">
        <table>
          <caption>Сравнение с похожими организациями</caption>
          <thead>
            <tr>
              <th scope="col">Место</th>
              <th scope="col">Организация</th>
              <th scope="col">Итого</th>
              <th scope="col">Интервал (95%)</th>
              <th scope="col">Различие</th>
            </tr>
          </thead>
          <tbody>
            {peers.map((p) => (
              <tr key={p.id}>
                <td>{p.rank ?? '—'}</td>
                <th scope="row">
                  {p.id === org.id ? (
                    <strong>{p.name} (эта организация)</strong>
                  ) : (
                    <a href={withPin(v, `${v.base}/o/${p.id}`)}>{p.name}</a>
                  )}
                </th>
                <td className="num">{points(p.total)}</td>
                <td>
                  {p.surveyInterval ? `${points(p.surveyInterval.lower)}–${points(p.surveyInterval.upper)}` : '—'}
                </td>
                <td>
                  {p.id === org.id
                    ? '—'
                    : ties.has(p.id) || overlaps(org, p)
                      ? 'статистически неразличимы'
                      : 'различие значимо'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
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
