// The plans room's block on the expert's checklist: open rows of the organisation's approved plans that
// answer this checklist, to check at the visit (verification itself is on the plan page).
import { ruDate } from '../../../src/lib/ru';
export type OpenRowView = {
  planId: string;
  year: number;
  itemId: string;
  measure: string;
  statusLabel: string;
  plannedDate: string | null;
  implemented: string | null;
  label: string | null;
};

export function OpenPlanRows({ rows }: { rows: OpenRowView[] }) {
  if (!rows.length) return null;
  return (
    <aside className="notice" aria-labelledby="open-plan-rows">
      <h2 id="open-plan-rows">{`Открытые мероприятия плана организации по этому чек-листу (${rows.length})`}</h2>
      <p>Проверьте их при посещении; отметку о проверке ставит проверяющий на странице плана.</p>
      <ul>
        {rows.map((r) => (
          <li key={r.itemId}>
            <a href={`/plans/${r.planId}#row-${r.itemId}`}>{`${r.label ? `${r.label}: ` : ''}${r.measure}`}</a>
            {` — ${r.statusLabel}${r.plannedDate ? `, срок ${ruDate(r.plannedDate)}` : ''} (план на ${r.year} год)`}
            {r.implemented ? `. Организация сообщает: ${r.implemented}` : ''}
          </li>
        ))}
      </ul>
    </aside>
  );
}
