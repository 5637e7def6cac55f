import type { Role } from '../db/schema/registry';
import type { StepStatus } from '../db/schema/campaigns';
import { addMonths, countdownRu, daysBetween, formatRu } from './dates';

/**
 * The yearly cycle of workflow.md as calendar steps. Default planned dates follow the municipal three-year
 * plan; the two statutory steps take their dates from the legal clocks once the dates they depend on exist.
 */
export const stepTemplate: { key: string; title: string; role: Role; defaultDate: (year: number) => string }[] = [
  { key: 'list', title: 'Совет утверждает перечень организаций для оценки', role: 'council', defaultDate: (y) => `${y}-02-28` },
  { key: 'tor', title: 'Совет готовит предложения в техническое задание оператору', role: 'council', defaultDate: (y) => `${y}-02-28` },
  { key: 'publish_list', title: 'Орган публикует перечень на своём сайте и на bus.gov.ru', role: 'authority', defaultDate: (y) => `${y}-03-15` },
  { key: 'data_collection', title: 'Оператор собирает данные: сайты, стенды, посещения, опрос', role: 'operator', defaultDate: (y) => `${y}-08-31` },
  { key: 'operator_report', title: 'Оператор сдаёт аналитический отчёт', role: 'operator', defaultDate: (y) => `${y}-09-15` },
  { key: 'council_results', title: 'Совет формирует результаты и предложения (в течение месяца после отчёта оператора)', role: 'council', defaultDate: (y) => `${y}-10-15` },
  { key: 'authority_measures', title: 'Орган принимает решение о мерах (в течение месяца после решения совета)', role: 'authority', defaultDate: (y) => `${y}-11-15` },
  { key: 'publish_results', title: 'Орган публикует результаты, анализ и рекомендации', role: 'authority', defaultDate: (y) => `${y}-11-30` },
  { key: 'improvement_plans', title: 'Организации разрабатывают планы устранения недостатков, орган утверждает и публикует их', role: 'organisation', defaultDate: (y) => `${y}-12-31` },
];

export const roleLabels: Record<Role, string> = {
  admin: 'администратор',
  authority: 'орган управления образованием',
  council: 'общественный совет',
  operator: 'оператор',
  organisation: 'образовательная организация',
};

export const stepStatusLabels: Record<StepStatus, string> = { planned: 'запланирован', done: 'выполнен', skipped: 'не требуется' };

export type StepLike = { key: string; title: string; responsibleRole: Role; plannedOn: string | null; doneOn: string | null; status: StepStatus };

export function defaultSteps(year: number): Omit<StepLike, 'doneOn'>[] {
  return stepTemplate.map((s) => ({ key: s.key, title: s.title, responsibleRole: s.role, plannedOn: s.defaultDate(year), status: 'planned' as const }));
}

export type LegalClock = {
  key: 'council_results' | 'authority_measures';
  title: string;
  /** The date the month counts from; null while the clock has not started. */
  startsOn: string | null;
  deadline: string | null;
  /** The deadline is an estimate: the clock it depends on has not stopped yet. */
  provisional: boolean;
  doneOn: string | null;
  daysLeft: number | null;
  label: string;
  state: 'not_started' | 'running' | 'overdue' | 'met' | 'missed';
};

/**
 * The two one-month statutory clocks: the council's results within a month of the operator's report,
 * then the authority's measures within a month of the council's decision on results.
 */
export function legalClocks(args: { operatorReportDate: string | null; councilResultsOn: string | null; measuresOn: string | null; today: string }): LegalClock[] {
  const { operatorReportDate, councilResultsOn, measuresOn, today } = args;
  const clock = (key: LegalClock['key'], title: string, startsOn: string | null, doneOn: string | null, provisionalStart: string | null): LegalClock => {
    const base = startsOn ?? provisionalStart;
    if (!base) return { key, title, startsOn: null, deadline: null, provisional: false, doneOn, daysLeft: null, label: 'отсчёт не начат', state: 'not_started' };
    const deadline = addMonths(base, 1);
    if (doneOn) {
      const met = doneOn <= deadline;
      return { key, title, startsOn, deadline, provisional: !startsOn, doneOn, daysLeft: null, label: met ? 'выполнено в срок' : `выполнено с опозданием на ${countdownRu(daysBetween(doneOn, deadline)).replace('просрочено на ', '')}`, state: met ? 'met' : 'missed' };
    }
    const daysLeft = daysBetween(today, deadline);
    return { key, title, startsOn, deadline, provisional: !startsOn, doneOn: null, daysLeft, label: countdownRu(daysLeft), state: daysLeft < 0 ? 'overdue' : 'running' };
  };
  const first = clock('council_results', 'Результаты и предложения совета', operatorReportDate, councilResultsOn, null);
  // Until the council decides, the second clock can only be estimated from the first deadline.
  const second = clock('authority_measures', 'Решение органа о мерах', councilResultsOn, measuresOn, councilResultsOn ? null : first.deadline);
  if (!councilResultsOn && second.state !== 'not_started') {
    return [first, { ...second, daysLeft: null, label: `не позднее ${formatRu(second.deadline)} при решении совета в последний день срока`, state: 'not_started' }];
  }
  return [first, second];
}

export function isOverdue(step: { status: StepStatus; plannedOn: string | null }, today: string): boolean {
  return step.status === 'planned' && !!step.plannedOn && step.plannedOn < today;
}
