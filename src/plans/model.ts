// The plans room's pure core: labels, the generator of draft rows from shortfalls and council proposals,
// the row state machine, «overdue» (computed, never stored), report periods and the decree-457 document
// model that the documents room renders. No I/O here.
import { z } from 'zod';
import { computeDeadline, type DeadlineRule } from '../calendar/deadlines';
import type { ProductionCalendar } from '../calendar/production-calendar';
import type {
  PlanItemSource,
  PlanItemStatus,
  PlannedKind,
  PlanSection,
  PlanStatus,
  ReportPeriod,
} from '../db/schema/plans';
import { measureForItem, measureForSurvey, sectionOf, sectionTitles, SURVEY_THRESHOLD } from './measures';
import { ruDate } from '../lib/ru';

export { sectionOf, sectionTitles, SURVEY_THRESHOLD };

export const planStatusLabels: Record<PlanStatus, string> = {
  draft: 'черновик',
  submitted: 'на согласовании',
  returned: 'возвращён на доработку',
  agreed: 'согласован',
  approved: 'утверждён',
  published: 'опубликован',
  superseded: 'заменён новой редакцией',
};

export const itemStatusLabels: Record<PlanItemStatus, string> = {
  planned: 'запланировано',
  in_progress: 'выполняется',
  claimed: 'заявлено выполненным, ждёт проверки',
  verified: 'выполнено и проверено',
  cancelled: 'отменено',
  carried_over: 'перенесено в следующий план',
};

export const sourceLabels: Record<PlanItemSource, string> = {
  shortfall: 'недостаток по результатам оценки',
  proposal: 'предложение общественного совета',
  feedback: 'отзыв граждан',
  own: 'инициатива организации',
  carried: 'перенесено из плана прошлого цикла',
};

export const reportPeriodLabels: Record<ReportPeriod, string> = {
  quarter: 'ежеквартально',
  half: 'раз в полгода',
  year: 'раз в год',
};

/** A council proposal as the generator needs it (src/council's adopted proposals are mapped to this). */
export type ProposalInput = {
  id: string;
  /** null: addressed to every organisation of the campaign. */
  organisationId: string | null;
  indicator: string | null;
  /** K1…K5 when the proposal answers a whole criterion (a survey criterion below the threshold). */
  criterion?: string | null;
  checklist?: string | null;
  itemId?: string | null;
  text: string;
  needsFunding: boolean;
};

/** One shortfall of the locked version (src/results/view.ts `shortfalls`, flattened). */
export type ShortfallInput = {
  indicator: string;
  indicatorTitle: string;
  value: number | null;
  survey: boolean;
  missing: { checklist: string; itemId: string; label: string }[];
};

export type DraftRow = {
  section: PlanSection;
  indicator: string | null;
  checklist: string | null;
  itemId: string | null;
  source: PlanItemSource;
  proposalId: string | null;
  shortfall: string;
  measure: string;
  months: number;
  responsiblePost: string;
  needsFunding: boolean;
};

const points = (v: number | null) => (v === null ? 'нет данных' : v.toFixed(2).replace('.', ','));

/** «Рекомендовать руководителю … разместить …» → «Разместить …»: the plan says what is done, not who recommended it. */
export function measureFromProposal(text: string): string {
  const t = text
    .trim()
    .replace(
      /^рекомендовать\s+(руководителю|руководителям|организации|организациям)[^,:]*?\s+(?=[а-яё]+ть(?![а-яё]))/i,
      '',
    );
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/**
 * Draft rows of one organisation: every adopted proposal addressed to it (or to all) becomes a row; every
 * missing checklist item and every survey indicator below the threshold not already answered by a
 * proposal becomes a row with the standard measure. Order: section, then indicator, then source order.
 */
export function draftRows(
  orgType: string,
  shortfalls: readonly ShortfallInput[],
  proposals: readonly ProposalInput[],
): DraftRow[] {
  const rows: DraftRow[] = [];
  const coveredItems = new Set<string>();
  const coveredIndicators = new Set<string>();
  const byIndicator = new Map(shortfalls.map((s) => [s.indicator, s]));
  for (const p of proposals) {
    const s = p.indicator ? byIndicator.get(p.indicator) : undefined;
    const item =
      p.checklist && p.itemId
        ? s?.missing.find((m) => m.checklist === p.checklist && m.itemId === p.itemId)
        : undefined;
    if (item) coveredItems.add(`${item.checklist}:${item.itemId}`);
    else if (p.checklist && p.itemId) coveredItems.add(`${p.checklist}:${p.itemId}`);
    else if (p.indicator) coveredIndicators.add(p.indicator);
    else if (p.criterion)
      for (const x of shortfalls)
        if (x.survey && x.indicator.startsWith(`${p.criterion.slice(1)}.`)) coveredIndicators.add(x.indicator);
    const template = item
      ? measureForItem(item.checklist, item.itemId, item.label, orgType)
      : p.indicator
        ? measureForSurvey(p.indicator)
        : null;
    rows.push({
      section: sectionOf(p.indicator ?? (p.criterion ? `${p.criterion.slice(1)}.0` : p.checklist)),
      indicator: p.indicator,
      checklist: item?.checklist ?? p.checklist ?? null,
      itemId: item?.itemId ?? p.itemId ?? null,
      source: 'proposal',
      proposalId: p.id,
      shortfall: item
        ? item.label
        : s
          ? `Показатель ${s.indicator} «${s.indicatorTitle}»: ${points(s.value)} из 100`
          : 'Предложение общественного совета',
      measure: measureFromProposal(p.text),
      months: template?.months ?? 3,
      responsiblePost: template?.post ?? 'руководитель организации',
      needsFunding: p.needsFunding,
    });
  }
  for (const s of shortfalls) {
    if (s.survey) {
      if (s.value === null || s.value >= SURVEY_THRESHOLD || coveredIndicators.has(s.indicator)) continue;
      const t = measureForSurvey(s.indicator);
      rows.push({
        section: sectionOf(s.indicator),
        indicator: s.indicator,
        checklist: null,
        itemId: null,
        source: 'shortfall',
        proposalId: null,
        shortfall: `Показатель ${s.indicator} «${s.indicatorTitle}»: ${points(s.value)} из 100 (ниже ${SURVEY_THRESHOLD})`,
        measure: t.measure,
        months: t.months,
        responsiblePost: t.post,
        needsFunding: t.needsFunding,
      });
      continue;
    }
    for (const m of s.missing) {
      if (coveredItems.has(`${m.checklist}:${m.itemId}`)) continue;
      const t = measureForItem(m.checklist, m.itemId, m.label, orgType);
      rows.push({
        section: sectionOf(s.indicator),
        indicator: s.indicator,
        checklist: m.checklist,
        itemId: m.itemId,
        source: 'shortfall',
        proposalId: null,
        shortfall: shortfallText(m.checklist, m.label),
        measure: t.measure,
        months: t.months,
        responsiblePost: t.post,
        needsFunding: t.needsFunding,
      });
    }
  }
  const order = (r: DraftRow) => `${r.section.padEnd(4)}|${r.indicator ?? '9'}|${r.source === 'proposal' ? 0 : 1}`;
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => order(a.r).localeCompare(order(b.r)) || a.i - b.i)
    .map((x) => x.r);
}

function shortfallText(checklist: string, label: string): string {
  const what = label.replace(/^(Сайт|Стенд):\s*/, '');
  if (checklist === '1.1-site') return `Нет на официальном сайте: ${what}`;
  if (checklist === '1.1-stand') return `Нет на информационном стенде: ${what}`;
  return `Отсутствует: ${what}`;
}

/** The planned date of a generated row: counted from the expected approval date by the calendar. */
export function plannedDateFor(cal: ProductionCalendar, from: string, months: number): string {
  const rule: DeadlineRule =
    months < 1 ? { kind: 'days', count: Math.round(months * 28) } : { kind: 'months', count: Math.round(months) };
  return computeDeadline(cal, from, rule).due;
}

// ── Row states ──────────────────────────────────────────────────────────────────────────────────────────

/** Which row moves are allowed, and who makes them: the organisation carries out, the authority checks. */
export const transitions: Record<
  PlanItemStatus,
  Partial<Record<PlanItemStatus, 'organisation' | 'verifier' | 'authority'>>
> = {
  planned: { in_progress: 'organisation', claimed: 'organisation', cancelled: 'authority', carried_over: 'authority' },
  in_progress: { claimed: 'organisation', cancelled: 'authority', carried_over: 'authority' },
  // Rejection sends the row back to «in progress» with the reason kept.
  claimed: { verified: 'verifier', in_progress: 'verifier' },
  verified: {},
  cancelled: {},
  carried_over: {},
};

export function canMove(from: PlanItemStatus, to: PlanItemStatus): 'organisation' | 'verifier' | 'authority' | null {
  return transitions[from][to] ?? null;
}

const OPEN: ReadonlySet<PlanItemStatus> = new Set(['planned', 'in_progress', 'claimed']);
export const isOpen = (s: PlanItemStatus) => OPEN.has(s);

/** Overdue: an open row with a date that has passed (a claimed row waits for the verifier, not the organisation). */
export function isOverdue(
  row: { status: PlanItemStatus; plannedKind: PlannedKind; plannedDate: string | null },
  today: string,
): boolean {
  if (row.status !== 'planned' && row.status !== 'in_progress') return false;
  if (row.plannedKind === 'permanent' || !row.plannedDate) return false;
  return row.plannedDate < today;
}

/** Days until (negative: since) the planned date. */
export function daysTo(date: string, today: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

// ── Validation of what people type ──────────────────────────────────────────────────────────────────────

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Дата должна быть в формате дд.мм.гггг.')
  .refine((v) => !Number.isNaN(Date.parse(v)), 'Такой даты нет.');
const clean = (max: number, empty: string) =>
  z
    .string()
    .transform((v) => v.replace(/\r\n/g, '\n').trim())
    .refine((v) => !v.includes('\u0000'), 'Текст содержит недопустимый символ.')
    .refine((v) => v.length > 0, empty)
    .refine((v) => v.length <= max, `Не длиннее ${max} символов.`);

export const rowInputSchema = z
  .object({
    section: z.enum(['I', 'II', 'III', 'IV', 'V'], { message: 'Выберите раздел плана (I–V).' }),
    shortfall: clean(1000, 'Опишите недостаток (графа 1).'),
    measure: clean(2000, 'Укажите мероприятие по устранению недостатка (графа 2).'),
    plannedKind: z.enum(['date', 'permanent', 'periodic'], { message: 'Выберите вид срока.' }),
    plannedDate: z.union([isoDate, z.literal('')]).transform((v) => v || null),
    periodicNote: z
      .string()
      .max(200, 'Периодичность — не длиннее 200 символов.')
      .transform((v) => v.trim() || null),
    responsibleName: clean(200, 'Укажите ответственного исполнителя: фамилию, имя, отчество (графа 4).'),
    responsiblePost: clean(200, 'Укажите должность ответственного исполнителя (графа 4).'),
    needsFunding: z.boolean(),
  })
  .superRefine((v, ctx) => {
    if (v.plannedKind !== 'permanent' && !v.plannedDate)
      ctx.addIssue({
        code: 'custom',
        path: ['plannedDate'],
        message: 'Укажите плановый срок (графа 3) или выберите «постоянно».',
      });
    if (v.plannedKind === 'periodic' && !v.periodicNote)
      ctx.addIssue({
        code: 'custom',
        path: ['periodicNote'],
        message: 'Укажите периодичность, например «ежеквартально».',
      });
  });
export type RowInput = z.output<typeof rowInputSchema>;

export const actInputSchema = z.object({
  kind: clean(60, 'Укажите вид акта (приказ, постановление, распоряжение).'),
  number: clean(40, 'Укажите номер акта об утверждении.'),
  date: isoDate,
  approverPost: clean(200, 'Укажите должность утверждающего.'),
  approverName: clean(200, 'Укажите фамилию и инициалы утверждающего.'),
});
export type ActInput = z.output<typeof actInputSchema>;

export const claimInputSchema = z.object({
  implemented: clean(2000, 'Опишите реализованные меры (графа 5.1).'),
  actualDate: isoDate,
});

export function firstIssue(err: z.ZodError): string {
  return err.issues[0]?.message ?? 'Проверьте заполнение формы.';
}

// ── Report periods ──────────────────────────────────────────────────────────────────────────────────────

export type Period = { start: string; end: string; due: string; label: string };

const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);

/** Reporting periods of a year and their due dates (`days` calendar days after the end, moved off a day off). */
export function reportPeriods(cal: ProductionCalendar, year: number, period: ReportPeriod, days: number): Period[] {
  const months = period === 'quarter' ? 3 : period === 'half' ? 6 : 12;
  const out: Period[] = [];
  for (let m = 1; m <= 12; m += months) {
    const endMonth = m + months - 1;
    const start = `${year}-${String(m).padStart(2, '0')}-01`;
    const end = lastDay(year, endMonth);
    const label =
      period === 'quarter'
        ? `${(m + 2) / 3} квартал ${year} года`
        : period === 'half'
          ? `${m === 1 ? '1' : '2'} полугодие ${year} года`
          : `${year} год`;
    out.push({ start, end, due: computeDeadline(cal, end, { kind: 'days', count: days }).due, label });
  }
  return out;
}

// ── The decree-457 form as plain data ──────────────────────────────────────────────────────────────────

export type PlanForDocument = {
  organisationName: string;
  year: number;
  status: PlanStatus;
  version: number;
  act: { kind: string; number: string; date: string; approverPost: string; approverName: string } | null;
  asOf?: string | null;
  items: {
    section: PlanSection;
    shortfall: string;
    measure: string;
    plannedKind: PlannedKind;
    plannedDate: string | null;
    periodicNote: string | null;
    responsibleName: string;
    responsiblePost: string;
    implemented: string | null;
    actualDate: string | null;
    status: PlanItemStatus;
  }[];
};

export type PlanDocumentModel = {
  approval: { heading: 'УТВЕРЖДАЮ'; post: string; name: string; date: string; act: string } | null;
  title: string;
  asOf: string | null;
  columns: string[];
  sections: {
    number: PlanSection;
    title: string;
    rows: { number: string; cells: [string, string, string, string, string, string] }[];
  }[];
};

const ru = ruDate;

/** Column 3 as the form shows it. */
export function plannedText(i: {
  plannedKind: PlannedKind;
  plannedDate: string | null;
  periodicNote: string | null;
}): string {
  if (i.plannedKind === 'permanent') return 'постоянно';
  if (i.plannedKind === 'periodic')
    return `${i.periodicNote ?? 'периодически'}${i.plannedDate ? `, ближайший срок ${ru(i.plannedDate)}` : ''}`;
  return ru(i.plannedDate);
}

/**
 * The plan in the official form (Government decree № 457): the «УТВЕРЖДАЮ» block, the title, the six
 * columns, rows grouped in sections I–V. The same table is the progress report when `asOf` is given.
 * Every section of the form is present, an empty one with no rows.
 */
export function planDocumentModel(plan: PlanForDocument): PlanDocumentModel {
  const sections = (['I', 'II', 'III', 'IV', 'V'] as const).map((number) => {
    const rows = plan.items.filter((i) => i.section === number);
    return {
      number,
      title: sectionTitles[number],
      rows: rows.map((i, k) => ({
        number: `${k + 1}`,
        cells: [
          i.shortfall,
          i.measure,
          plannedText(i),
          `${i.responsibleName}, ${i.responsiblePost}`,
          i.status === 'cancelled'
            ? 'мероприятие отменено'
            : i.status === 'carried_over'
              ? 'перенесено в план следующего цикла'
              : (i.implemented ?? ''),
          ru(i.actualDate),
        ] as [string, string, string, string, string, string],
      })),
    };
  });
  return {
    approval: plan.act
      ? {
          heading: 'УТВЕРЖДАЮ',
          post: plan.act.approverPost,
          name: plan.act.approverName,
          date: ru(plan.act.date),
          act: `${plan.act.kind} от ${ru(plan.act.date)} № ${plan.act.number}`,
        }
      : null,
    title: `ПЛАН по устранению недостатков, выявленных в ходе независимой оценки качества условий оказания услуг, ${plan.organisationName}, на ${plan.year} год`,
    asOf: plan.asOf ? `по состоянию на ${ru(plan.asOf)}` : null,
    columns: [
      'Недостатки, выявленные в ходе независимой оценки качества условий оказания услуг организацией',
      'Наименование мероприятия по устранению недостатков',
      'Плановый срок реализации мероприятия',
      'Ответственный исполнитель (с указанием фамилии, имени, отчества и должности)',
      'Реализованные меры по устранению выявленных недостатков',
      'Фактический срок реализации',
    ],
    sections,
  };
}
