// /rezultaty/:campaignId/o/:orgId/kak/:id: how one figure was calculated, with the checklist evidence.
import { describeExplanation, POLICY_RU, ROUNDING_RU, type Explanation } from '../../../src/methodology/explain';
import { requireMethodology } from '../../../src/methodology/registry';
import { itemStates, surveyParts, type Snapshot, type SnapshotOrganisation } from '../../../src/results/snapshot';
import type { EvidenceRecord } from '../../../src/results/sources.server';
import { INSUFFICIENT, isHidden, plural, points, ruDate } from '../../../src/results/view';
import { VersionNotice } from './parts';
import { RESP_FORMS, withPin, type View } from './view';
import { TableScroll } from '../../ui/controls';

const ANSWER_RU: Record<string, string> = { yes: 'да', no: 'нет', na: 'не применимо' };

export function ExplainPage({
  v,
  org,
  e,
  evidence,
}: {
  v: View;
  org: SnapshotOrganisation;
  e: Explanation;
  evidence: EvidenceRecord[];
}) {
  const s = v.snapshot;
  const hidden = isHidden(s, org, e.id, 'public');
  const indicator = s.criteria.flatMap((c) => c.indicators).find((i) => i.id === e.id);
  const criterion = s.criteria.find((c) => c.id === e.id);
  const m = requireMethodology(s.methodology.id);
  const link = (id: string) => withPin(v, `${v.base}/o/${org.id}/kak/${id}`);
  return (
    <>
      <p className="crumbs">
        <a href={withPin(v, `${v.base}/o/${org.id}`)}>← {org.name}</a>
      </p>
      <h1>Как рассчитано: {e.id === 'Sn' ? 'итоговый балл' : `${e.id}. ${e.title}`}</h1>
      <VersionNotice v={v} />
      {hidden ? (
        <p className="notice warn">
          У организации {org.respondents} {plural(org.respondents, RESP_FORMS)} на анкету — меньше минимума (
          {s.options.minRespondents}). Показатели по опросу не публикуются: {INSUFFICIENT}.
        </p>
      ) : (
        <>
          <p className="big">
            Результат: <strong>{points(e.value)}</strong> из 100.
          </p>
          <h2>Формула</h2>
          <p>{e.formula.text}</p>
          <p>
            <code>{e.formula.symbolic}</code>
          </p>
          <h2>Исходные данные</h2>
          <TableScroll label="Таблица: исходные данные">
            <table>
              <caption>Величины, подставленные в формулу</caption>
              <thead>
                <tr>
                  <th scope="col">Обозначение</th>
                  <th scope="col">Что это</th>
                  <th scope="col">Значение</th>
                </tr>
              </thead>
              <tbody>
                {e.inputs.map((i, k) => {
                  const target =
                    e.kind === 'total'
                      ? s.criteria[k]?.id
                      : e.kind === 'criterion'
                        ? criterion?.indicators[k]?.id
                        : undefined;
                  const text =
                    i.value === null ? 'нет данных' : Number.isInteger(i.value) ? String(i.value) : points(i.value);
                  return (
                    <tr key={i.symbol + k}>
                      <th scope="row">{i.symbol}</th>
                      <td>{i.label}</td>
                      <td className="num">
                        {target ? (
                          <a href={link(target)}>{isHidden(s, org, target, 'public') ? INSUFFICIENT : text}</a>
                        ) : (
                          text
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableScroll>
          {e.weights ? (
            <>
              <h2>Веса после пересчёта</h2>
              <ul>
                {Object.entries(e.weights).map(([id, w]) => (
                  <li key={id}>
                    {id}: {w.toFixed(4).replace('.', ',')}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <h2>Правила кампании</h2>
          <ul>
            <li>Нулевой знаменатель: {POLICY_RU[e.policy.zeroDenominator]}.</li>
            {e.policy.applied.map((a) => (
              <li key={a}>{a}</li>
            ))}
            <li>Округление: {ROUNDING_RU[e.rounding]}.</li>
          </ul>
          {indicator?.survey && org.indicators[e.id]?.survey ? (
            <>
              <h2>Ответы на анкету</h2>
              <TableScroll label="Таблица: ответы на анкету">
                <table>
                  <caption>Число ответов «да», число ответивших и 95-процентный интервал Уилсона</caption>
                  <thead>
                    <tr>
                      <th scope="col">Часть</th>
                      <th scope="col">«Да»</th>
                      <th scope="col">Ответили</th>
                      <th scope="col">Интервал</th>
                    </tr>
                  </thead>
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
              </TableScroll>
            </>
          ) : null}
          {indicator?.checklist ? (
            <ChecklistItems s={s} org={org} checklist={indicator.checklist} evidence={evidence} m={m} />
          ) : null}
          <details>
            <summary>Текстом, для проверки</summary>
            <pre>{describeExplanation(e)}</pre>
          </details>
        </>
      )}
    </>
  );
}

function ChecklistItems({
  s,
  org,
  checklist,
  evidence,
  m,
}: {
  s: Snapshot;
  org: SnapshotOrganisation;
  checklist: string;
  evidence: EvidenceRecord[];
  m: ReturnType<typeof requireMethodology>;
}) {
  const groups =
    checklist === '1.1'
      ? (['stand', 'site'] as const).map((ch) => ({
          key: `1.1-${ch}`,
          title: ch === 'stand' ? 'Информация на стендах' : 'Информация на сайте',
          items: m.informationItems.lists[org.type]?.[ch] ?? [],
        }))
      : [
          {
            key: checklist,
            title: m.checklists.find((c) => c.id === checklist)?.title ?? checklist,
            items: m.checklists.find((c) => c.id === checklist)?.items ?? [],
          },
        ];
  const byItem = new Map(evidence.map((r) => [`${r.checklist}|${r.itemId}`, r]));
  return (
    <>
      <h2>Пункты чек-листа и доказательства</h2>
      {groups.map((g) => {
        const { yes, na } = itemStates(s, org, g.key);
        return (
          <TableScroll key={g.key} label={`Таблица: ${g.title}`}>
            <table>
              <caption>
                {g.title}: засчитано {yes.size} из {g.items.length - na.size}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Пункт</th>
                  <th scope="col">Засчитан</th>
                  <th scope="col">Доказательства</th>
                </tr>
              </thead>
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
                            {ev.link && /^https?:\/\//.test(ev.link) ? (
                              <>
                                <a href={ev.link} rel="nofollow noopener">
                                  ссылка
                                </a>
                                .{' '}
                              </>
                            ) : null}
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
          </TableScroll>
        );
      })}
    </>
  );
}
