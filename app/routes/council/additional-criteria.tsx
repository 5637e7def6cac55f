// The council's additional criteria as the campaign shows them (decision 0074): what they are, which
// decision set them, and that they are reported apart from the official score. Client-safe: plain data only.
import { ruDate } from '../../../src/council/protocol';

export type CriteriaView = { number: string; decidedOn: string; criteria: string[]; href: string | null } | null;

export function AdditionalCriteria({
  c,
  headingLevel = 2,
  showNone = true,
}: {
  c: CriteriaView;
  headingLevel?: 2 | 3;
  showNone?: boolean;
}) {
  if (!c && !showNone) return null;
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const decision = c ? (
    <>
      решением общественного совета {c.href ? <a href={c.href}>№ {c.number}</a> : `№ ${c.number}`} от{' '}
      {ruDate(c.decidedOn)}
    </>
  ) : null;
  return (
    <>
      <H id="additional-criteria">Дополнительные критерии совета</H>
      {!c ? (
        <p>Совет не устанавливал дополнительных критериев для этой кампании: оценка идёт по пяти критериям методики.</p>
      ) : null}
      {c && c.criteria.length === 0 ? <p>Дополнительные критерии не установлены ({decision}).</p> : null}
      {c && c.criteria.length > 0 ? (
        <>
          <p>Установлены {decision}:</p>
          <ul>
            {c.criteria.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
          <p>
            Оператор собирает сведения по ним и представляет их отдельным разделом отчёта. В итоговый балл по методике
            они не входят и места организаций не меняют — так результаты остаются сравнимыми с другими территориями.
          </p>
        </>
      ) : null}
    </>
  );
}

/** The view for pages outside the council room: a link only to the published protocol, which anyone may open. */
export function publicCriteriaView(
  c: {
    number: string;
    decidedOn: string;
    criteria: string[];
    councilId: string | null;
    meetingId: string | null;
    published: boolean;
  } | null,
): CriteriaView {
  if (!c) return null;
  const href = c.published && c.councilId && c.meetingId ? `/sovet/${c.councilId}/protokol/${c.meetingId}` : null;
  return { number: c.number, decidedOn: c.decidedOn, criteria: c.criteria, href };
}
