// The sheet of every legal deadline of a campaign: the two statutory months of art. 95.2 (from the
// campaign's recorded events and the deadlines stored with their rule and calendar), the council room's
// own record of the same clocks when it differs, the territory's plan deadlines and report due dates, and
// the steps of the yearly cycle. Pure: computed views in, rows out; XLSX and the document model follow.
import type { Deadline } from '../../calendar/deadlines';
import { describeRule, preliminaryNote } from '../../calendar/deadlines';
import type { LegalClock, StepView } from '../../campaigns/calendar';
import type { ClockView } from '../../council/clock';
import { b, h, p, type Document, type TableRow } from '../model';
import { plural, ruDate } from './format';

export type DeadlineRow = {
  title: string;
  /** The act the deadline comes from. */
  basis: string;
  rule: string;
  /** The event the period counts from, and its date. */
  event: string;
  from: string;
  /** The end by ГК РФ 191–192, before moving off a day off. */
  nominal: string;
  due: string;
  done: string;
  status: string;
  calendar: string;
  /** Preliminary calendar or other remark. */
  note: string;
  overdue: boolean;
};

export type DeadlineGroup = { title: string; rows: DeadlineRow[] };
export type DeadlinesSheet = {
  title: string;
  subtitle: string;
  today: string;
  groups: DeadlineGroup[];
  counts: { total: number; overdue: number };
};

export type PlanDeadlinesInput = {
  /** The council's decision date the plan deadlines count from; null before it. */
  decisionDate: string | null;
  draft: Deadline | null;
  approval: Deadline | null;
  plans: { total: number; submitted: number; approved: number };
  acts: { label: string; date: string; publication: Deadline; plans: number; published: number }[];
  reports: { label: string; end: string; due: string; expected: number; submitted: number }[];
};

export type DeadlinesInput = {
  campaign: { title: string; year: number; territoryName: string };
  today: string;
  clocks: readonly LegalClock[];
  /** The council room's clocks (council_clock_events), when it recorded any. */
  councilClocks: readonly ClockView[] | null;
  steps: readonly StepView[];
  plans: PlanDeadlinesInput | null;
};

const LAW = 'ч. 5 ст. 95.2 Федерального закона № 273-ФЗ';
const clockEvent: Record<LegalClock['key'], string> = {
  council_results: 'получение органом отчёта оператора',
  authority_measures: 'принятие советом решения о результатах',
};
const clockStatus: Record<LegalClock['state'], string> = {
  waiting: 'ожидает',
  running: 'в работе',
  overdue: 'просрочен',
  met: 'выполнен в срок',
  missed: 'выполнен с опозданием',
};

const fromDeadline = (d: Deadline | null) => ({
  rule: d ? describeRule(d.rule) : '',
  nominal: ruDate(d?.nominal),
  due: ruDate(d?.due),
  calendar: d?.calendar ?? '',
  note: d ? (preliminaryNote(d) ?? (d.moved ? 'окончание перенесено с нерабочего дня' : '')) : '',
});

export function deadlinesSheet(d: DeadlinesInput): DeadlinesSheet {
  const groups: DeadlineGroup[] = [];
  groups.push({
    title: 'Сроки по закону (ст. 95.2 Федерального закона № 273-ФЗ)',
    rows: d.clocks.map((c) => ({
      title: c.title,
      basis: LAW,
      rule: c.computed?.ruleText ?? '1 месяц',
      event: clockEvent[c.key],
      from: ruDate(c.startsOn),
      nominal: ruDate(c.computed?.nominal),
      due: ruDate(c.deadline),
      done: ruDate(c.doneOn),
      status:
        c.state === 'met' || !c.label
          ? clockStatus[c.state]
          : c.label.startsWith(clockStatus[c.state])
            ? c.label
            : `${clockStatus[c.state]}: ${c.label}`,
      calendar: c.computed?.calendar ?? '',
      note: [
        c.provisional ? 'оценка: срок совета ещё идёт' : '',
        c.preliminary ?? '',
        c.computed && c.computed.nominal !== c.computed.due ? 'окончание перенесено с нерабочего дня' : '',
      ]
        .filter(Boolean)
        .join('; '),
      overdue: c.state === 'overdue',
    })),
  });
  // The council room keeps its own record of both months; shown when it was kept, as recorded there.
  if (d.councilClocks?.some((c) => c.from)) {
    groups.push({
      title: 'Те же сроки по записям общественного совета',
      rows: d.councilClocks.map((c) => ({
        title: c.title,
        basis: LAW,
        rule: c.rule ?? '1 месяц',
        event: c.startedBy,
        from: ruDate(c.from),
        nominal: ruDate(c.nominal),
        due: ruDate(c.due),
        done: ruDate(c.doneOn),
        status: c.label,
        calendar: c.calendar ?? '',
        note: [c.preliminary ?? '', c.moved ? 'окончание перенесено с нерабочего дня' : ''].filter(Boolean).join('; '),
        overdue: c.state === 'overdue',
      })),
    });
  }
  if (d.plans) {
    const p = d.plans;
    const basis = 'порядок, установленный органом (настройки территории)';
    const rows: DeadlineRow[] = [];
    const pendingDraft = p.plans.total - p.plans.submitted;
    rows.push({
      title: 'Проекты планов по устранению недостатков направлены на согласование',
      basis,
      event: 'решение совета о результатах',
      from: ruDate(p.decisionDate),
      done: '',
      ...fromDeadline(p.draft),
      status: !p.draft
        ? 'ожидает решения совета'
        : p.plans.total === 0
          ? 'планы ещё не созданы'
          : `направлено ${p.plans.submitted} из ${plural(p.plans.total, ['плана', 'планов', 'планов'])}`,
      overdue: !!p.draft && p.draft.due < d.today && pendingDraft > 0,
    });
    rows.push({
      title: 'Планы утверждены',
      basis,
      event: 'окончание срока подготовки проектов',
      from: ruDate(p.draft?.due),
      done: '',
      ...fromDeadline(p.approval),
      status: !p.approval
        ? 'ожидает решения совета'
        : p.plans.total === 0
          ? 'планы ещё не созданы'
          : `утверждено ${p.plans.approved} из ${plural(p.plans.total, ['плана', 'планов', 'планов'])}`,
      overdue: !!p.approval && p.approval.due < d.today && p.plans.approved < p.plans.total,
    });
    for (const a of p.acts) {
      rows.push({
        title: `Планы, утверждённые актом ${a.label}, опубликованы`,
        basis,
        event: 'утверждение планов',
        from: ruDate(a.date),
        done: '',
        ...fromDeadline(a.publication),
        status: `опубликовано ${a.published} из ${plural(a.plans, ['плана', 'планов', 'планов'])}`,
        overdue: a.publication.due < d.today && a.published < a.plans,
      });
    }
    for (const r of p.reports) {
      rows.push({
        title: `Сведения о ходе реализации планов за ${r.label}`,
        basis,
        rule: '',
        event: 'окончание отчётного периода',
        from: ruDate(r.end),
        nominal: '',
        due: ruDate(r.due),
        done: '',
        status:
          r.end > d.today
            ? 'период не закончился'
            : `представлено ${r.submitted} из ${plural(r.expected, ['плана', 'планов', 'планов'])}`,
        calendar: '',
        note: '',
        overdue: r.due < d.today && r.submitted < r.expected,
      });
    }
    groups.push({ title: 'Планы по устранению недостатков', rows });
  }
  const statutory = new Set(['council_results', 'authority_measures']);
  groups.push({
    title: 'Шаги годового цикла кампании',
    rows: d.steps
      .filter((s) => !statutory.has(s.key))
      .map((s) => ({
        title: s.title,
        basis: 'календарь кампании',
        rule: 'плановая дата',
        event: s.waitingFor.length ? `после: ${s.waitingFor.join('; ')}` : '',
        from: '',
        nominal: '',
        due: ruDate(s.dueOn),
        done: ruDate(s.doneOn),
        status: {
          done: 'выполнен',
          skipped: 'не требуется',
          waiting: 'ожидает',
          open: 'в работе',
          overdue: 'просрочен',
        }[s.state],
        calendar: '',
        note: '',
        overdue: s.overdue,
      })),
  });
  const all = groups.flatMap((g) => g.rows);
  return {
    title: 'СРОКИ НЕЗАВИСИМОЙ ОЦЕНКИ КАЧЕСТВА УСЛОВИЙ ОБРАЗОВАТЕЛЬНОЙ ДЕЯТЕЛЬНОСТИ',
    subtitle: `${d.campaign.title} · ${d.campaign.territoryName} · ${d.campaign.year} год · по состоянию на ${ruDate(d.today)}`,
    today: d.today,
    groups,
    counts: { total: all.length, overdue: all.filter((r) => r.overdue).length },
  };
}

export const DEADLINE_COLUMNS = [
  'Срок',
  'Основание',
  'Правило исчисления',
  'От какого события',
  'Дата события',
  'Окончание по ст. 192 ГК РФ',
  'Срок истекает',
  'Выполнено',
  'Состояние',
  'Календарь',
  'Примечание',
] as const;

export function deadlineCells(r: DeadlineRow): string[] {
  return [r.title, r.basis, r.rule, r.event, r.from, r.nominal, r.due, r.done, r.status, r.calendar, r.note];
}

/** The same sheet as a landscape document for the PDF (and DOCX) renderers. */
export function deadlinesDocument(sheet: DeadlinesSheet): Document {
  const cols = [0, 2, 3, 4, 6, 7, 8, 10];
  const body: TableRow[] = [];
  for (const g of sheet.groups) {
    body.push({ shade: true, bold: true, cells: [{ content: g.title, colSpan: cols.length }] });
    if (!g.rows.length) body.push({ cells: [{ content: 'нет сроков', colSpan: cols.length }] });
    for (const r of g.rows) {
      const c = deadlineCells(r);
      body.push({ cells: cols.map((i) => (i === 8 && r.overdue ? { content: b(c[i]!) } : (c[i] ?? ''))) });
    }
  }
  const calendars = [...new Set(sheet.groups.flatMap((g) => g.rows.map((r) => r.calendar)).filter(Boolean))];
  return {
    title: `Сроки: ${sheet.subtitle}`,
    tableFontSize: 9,
    sections: [
      {
        orientation: 'landscape',
        blocks: [
          h(1, sheet.title, { align: 'center' }),
          p(sheet.subtitle, { align: 'center', indent: false }),
          {
            kind: 'table',
            columns: [
              { width: 20 },
              { width: 17 },
              { width: 13 },
              { width: 8, align: 'center' },
              { width: 8, align: 'center' },
              { width: 8, align: 'center' },
              { width: 15 },
              { width: 13 },
            ],
            header: [{ cells: cols.map((i) => DEADLINE_COLUMNS[i]!) }],
            body,
            fontSize: 9,
          },
          p(
            `Всего сроков: ${sheet.counts.total}; просрочено: ${sheet.counts.overdue}. Сроки исчислены по ст. 191–193 ГК РФ: течение срока начинается на следующий день после события, окончание, выпавшее на нерабочий день, переносится на ближайший рабочий день.${calendars.length ? ` Календарь: ${calendars.join('; ')}.` : ''}`,
            { small: true, indent: false },
          ),
        ],
      },
    ],
  };
}
