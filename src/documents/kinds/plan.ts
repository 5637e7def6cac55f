// The improvement plan in the form of Government decree № 457 and the progress report on the same form,
// as the document model. The rows come from the plans room's planDocumentModel; the approved form leaves
// columns 5.1/5.2 empty, the progress report fills them «по состоянию на» a date. Pure.
import type { PlanItemStatus, PlannedKind, PlanSection } from '../../db/schema/plans';
import { planDocumentModel, type PlanDocumentModel, type PlanForDocument } from '../../plans/model';
import { b, h, p, type Block, type Document, type Table } from '../model';

export type PlanDocumentOptions = {
  /** null: the plan as approved (5.1/5.2 empty); a date: the progress report as of that date. */
  asOf: string | null;
};

/** The 457 table: «№», columns 1–4 merged over two header rows, 5 split into 5.1 and 5.2; a row per section. */
export function planTable(m: PlanDocumentModel, report: boolean): Table {
  const [c1, c2, c3, c4, c51, c52] = m.columns as [string, string, string, string, string, string];
  const body: Table['body'][number][] = [];
  for (const s of m.sections) {
    body.push({ shade: true, bold: true, cells: [{ content: `${s.number}. ${s.title}`, colSpan: 7 }] });
    if (!s.rows.length) body.push({ cells: [{ content: 'Недостатки не выявлены', colSpan: 7, align: 'center' }] });
    for (const r of s.rows) {
      const cells = report ? r.cells : ([r.cells[0], r.cells[1], r.cells[2], r.cells[3], '', ''] as const);
      body.push({ cells: [`${s.number}.${r.number}`, ...cells] });
    }
  }
  return {
    kind: 'table',
    columns: [
      { width: 5, align: 'center' },
      { width: 23 },
      { width: 23 },
      { width: 11, align: 'center' },
      { width: 16 },
      { width: 18 },
      { width: 12, align: 'center' },
    ],
    header: [
      {
        cells: [
          { content: '№ п/п', rowSpan: 2 },
          { content: c1, rowSpan: 2 },
          { content: c2, rowSpan: 2 },
          { content: c3, rowSpan: 2 },
          { content: c4, rowSpan: 2 },
          { content: 'Сведения о ходе реализации мероприятия', colSpan: 2 },
        ],
      },
      { cells: [c51, c52] },
      { cells: ['', '1', '2', '3', '4', '5.1', '5.2'].map((x) => ({ content: x, align: 'center' as const })) },
    ],
    body,
    fontSize: 10,
  };
}

export function planDocument(plan: PlanForDocument, opts: PlanDocumentOptions): Document {
  const report = opts.asOf !== null;
  const m = planDocumentModel({ ...plan, asOf: opts.asOf });
  const blocks: Block[] = [];
  if (m.approval)
    blocks.push({
      kind: 'approval',
      title: m.approval.heading,
      lines: [m.approval.post, m.approval.name, m.approval.act],
    });
  else blocks.push(p(b('ПРОЕКТ'), { align: 'right', indent: false }));
  blocks.push(h(1, m.title, { align: 'center' }));
  if (m.asOf) blocks.push(p(b(`Сведения о ходе реализации ${m.asOf}`), { align: 'center', indent: false }));
  if (plan.version > 1) blocks.push(p(`Редакция ${plan.version}.`, { align: 'center', indent: false, small: true }));
  blocks.push(planTable(m, report));
  const rows = m.sections.reduce((a, s) => a + s.rows.length, 0);
  const done = plan.items.filter((i) => i.status === 'verified').length;
  if (report)
    blocks.push(p(`Всего мероприятий: ${rows}; выполнено и проверено: ${done}.`, { small: true, indent: false }));
  return {
    title: report
      ? `Сведения о ходе реализации плана ${m.asOf}: ${plan.organisationName}`
      : `План по устранению недостатков на ${plan.year} год: ${plan.organisationName}`,
    subject: plan.organisationName,
    tableFontSize: 10,
    sections: [{ orientation: 'landscape', blocks }],
  };
}

/** A stored report's frozen rows as plan items (responsible person and column 3 from the current row with the same number). */
export function itemsFromReport(
  rows: readonly {
    section: string;
    position: number;
    shortfall: string;
    measure: string;
    status: PlanItemStatus;
    implemented: string | null;
    actualDate: string | null;
    plannedDate: string | null;
  }[],
  current: readonly (PlanForDocument['items'][number] & { position: number })[],
): PlanForDocument['items'] {
  return [...rows]
    .sort((a, b) => a.section.localeCompare(b.section) || a.position - b.position)
    .map((r) => {
      const now = current.find((c) => c.section === r.section && c.position === r.position);
      return {
        section: r.section as PlanSection,
        shortfall: r.shortfall,
        measure: r.measure,
        plannedKind: (now?.plannedKind ?? 'date') as PlannedKind,
        plannedDate: r.plannedDate,
        periodicNote: now?.periodicNote ?? null,
        responsibleName: now?.responsibleName ?? '',
        responsiblePost: now?.responsiblePost ?? '',
        implemented: r.implemented,
        actualDate: r.actualDate,
        status: r.status,
      };
    });
}
