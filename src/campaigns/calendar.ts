import type { Role } from '../db/schema/auth';
import type { CampaignEventKind, StepStatus } from '../db/schema/campaigns';
import {
  computeDeadline,
  describeRule,
  preliminaryNote,
  type Deadline,
  type DeadlineRule,
} from '../calendar/deadlines';
import type { ProductionCalendar } from '../calendar/production-calendar';
import { countdownRu, daysBetween, formatRu } from './dates';

/**
 * The yearly cycle of workflow.md as steps. Steps that the law ties to a document are driven by recorded
 * events with dates (`event`); the others are marked by hand. A step whose prerequisite has not happened
 * is «ожидает», never «просрочен» (decision 0028).
 */
export type StepDef = {
  key: string;
  title: string;
  role: Role;
  defaultDate: (year: number) => string;
  /** The event that completes the step; null for steps marked by hand. */
  event: CampaignEventKind | null;
  /** Steps that must be done (or skipped) before this one can start. */
  after: string[];
};

export const stepTemplate: StepDef[] = [
  {
    key: 'list',
    title: 'Совет утверждает перечень организаций для оценки',
    role: 'council',
    defaultDate: (y) => `${y}-02-28`,
    event: 'list_approved',
    after: [],
  },
  {
    key: 'tor',
    title: 'Совет готовит предложения в техническое задание оператору',
    role: 'council',
    defaultDate: (y) => `${y}-02-28`,
    event: null,
    after: [],
  },
  {
    key: 'publish_list',
    title: 'Орган публикует перечень на своём сайте и на bus.gov.ru',
    role: 'authority',
    defaultDate: (y) => `${y}-03-15`,
    event: 'list_published',
    after: ['list'],
  },
  {
    key: 'data_collection',
    title: 'Оператор собирает данные: сайты, стенды, посещения, опрос',
    role: 'operator',
    defaultDate: (y) => `${y}-08-31`,
    event: null,
    after: ['list'],
  },
  {
    key: 'operator_report',
    title: 'Орган получает аналитический отчёт оператора',
    role: 'operator',
    defaultDate: (y) => `${y}-09-15`,
    event: 'operator_report_received',
    after: ['list'],
  },
  {
    key: 'council_results',
    title: 'Совет формирует результаты и предложения (в течение месяца после получения отчёта оператора)',
    role: 'council',
    defaultDate: (y) => `${y}-10-15`,
    event: 'council_results_adopted',
    after: ['operator_report'],
  },
  {
    key: 'authority_measures',
    title: 'Орган принимает решение о мерах (в течение месяца после решения совета)',
    role: 'authority',
    defaultDate: (y) => `${y}-11-15`,
    event: 'authority_measures_taken',
    after: ['council_results'],
  },
  {
    key: 'publish_results',
    title: 'Орган публикует результаты, анализ и рекомендации',
    role: 'authority',
    defaultDate: (y) => `${y}-11-30`,
    event: 'results_published',
    after: ['council_results'],
  },
  {
    key: 'improvement_plans',
    title: 'Организации разрабатывают планы устранения недостатков, орган утверждает и публикует их',
    role: 'organisation',
    defaultDate: (y) => `${y}-12-31`,
    event: null,
    after: ['authority_measures'],
  },
];

export const eventLabels: Record<CampaignEventKind, string> = {
  list_approved: 'Совет утвердил перечень организаций',
  list_published: 'Перечень опубликован',
  operator_report_received: 'Орган получил отчёт оператора',
  council_results_adopted: 'Совет принял решение о результатах и предложениях',
  authority_measures_taken: 'Орган принял решение о мерах',
  results_published: 'Результаты опубликованы',
};

/** An event's date may not precede the event it follows (the council cannot decide before the report). */
export const eventAfter: Partial<Record<CampaignEventKind, CampaignEventKind>> = {
  list_published: 'list_approved',
  council_results_adopted: 'operator_report_received',
  authority_measures_taken: 'council_results_adopted',
  results_published: 'council_results_adopted',
};

/** The two statutory one-month clocks (art. 95.2 273-ФЗ): step key → the event it counts from. */
export const statutoryClocks: {
  key: 'council_results' | 'authority_measures';
  title: string;
  from: CampaignEventKind;
  until: CampaignEventKind;
  rule: DeadlineRule;
}[] = [
  {
    key: 'council_results',
    title: 'Результаты и предложения совета',
    from: 'operator_report_received',
    until: 'council_results_adopted',
    rule: { kind: 'months', count: 1 },
  },
  {
    key: 'authority_measures',
    title: 'Решение органа о мерах',
    from: 'council_results_adopted',
    until: 'authority_measures_taken',
    rule: { kind: 'months', count: 1 },
  },
];

export const roleLabels: Record<Role, string> = {
  admin: 'администратор',
  authority: 'орган управления образованием',
  council: 'общественный совет',
  operator: 'оператор',
  organisation: 'образовательная организация',
};

export const stepStatusLabels: Record<StepStatus, string> = {
  planned: 'запланирован',
  done: 'выполнен',
  skipped: 'не требуется',
};

export type StepLike = {
  key: string;
  title: string;
  responsibleRole: Role;
  plannedOn: string | null;
  doneOn: string | null;
  status: StepStatus;
};

/**
 * Default steps of a new campaign. A default date already past on the day the campaign is created is
 * left empty: a campaign started in November must not be born with «overdue» February steps.
 */
export function defaultSteps(year: number, createdOn?: string): Omit<StepLike, 'doneOn'>[] {
  return stepTemplate.map((s) => {
    const d = s.defaultDate(year);
    return {
      key: s.key,
      title: s.title,
      responsibleRole: s.role,
      plannedOn: createdOn && d < createdOn ? null : d,
      status: 'planned' as const,
    };
  });
}

/** What a stored deadline row holds; `computeDeadline` gives the same fields. */
export type DeadlineRecord = Pick<Deadline, 'from' | 'rule' | 'nominal' | 'due' | 'preliminary' | 'calendar'> & {
  ruleText: string;
  note: string | null;
};

export function deadlineRecord(d: Deadline): DeadlineRecord {
  return {
    from: d.from,
    rule: d.rule,
    nominal: d.nominal,
    due: d.due,
    preliminary: d.preliminary,
    calendar: d.calendar,
    ruleText: describeRule(d.rule),
    note: preliminaryNote(d),
  };
}

export type LegalClock = {
  key: 'council_results' | 'authority_measures';
  title: string;
  /** The date of the event the month counts from; null while that event has not happened. */
  startsOn: string | null;
  deadline: string | null;
  /** How the deadline was computed: rule, calendar, preliminary. */
  computed: DeadlineRecord | null;
  /** The deadline is an estimate: the clock it depends on has not stopped yet. */
  provisional: boolean;
  /** «календарь на 2027 год не загружен — срок предварительный», when so. */
  preliminary: string | null;
  doneOn: string | null;
  daysLeft: number | null;
  label: string;
  state: 'waiting' | 'running' | 'overdue' | 'met' | 'missed';
};

const noteOf = (d: DeadlineRecord | null): string | null => (d?.preliminary ? d.note : null);

/**
 * The two one-month statutory clocks from the recorded events: the council's month counts from the
 * documented receipt of the operator's report; the authority's month from the council's real decision date.
 * `stored` are the deadlines as computed when their event was recorded (they keep their rule and calendar).
 */
export function legalClocks(args: {
  events: Partial<Record<CampaignEventKind, string>>;
  calendar: ProductionCalendar;
  today: string;
  stored?: Partial<Record<string, DeadlineRecord>>;
}): LegalClock[] {
  const { events, calendar, today, stored = {} } = args;
  const out: LegalClock[] = [];
  for (const c of statutoryClocks) {
    const startsOn = events[c.from] ?? null;
    const doneOn = events[c.until] ?? null;
    if (!startsOn) {
      // Before its event the authority's month can only be estimated from the council's own deadline.
      const prev = out.at(-1);
      if (prev?.deadline && !prev.doneOn) {
        const est = deadlineRecord(computeDeadline(calendar, prev.deadline, c.rule));
        out.push({
          key: c.key,
          title: c.title,
          startsOn: null,
          deadline: est.due,
          computed: est,
          provisional: true,
          preliminary: noteOf(est),
          doneOn: null,
          daysLeft: null,
          state: 'waiting',
          label: `ожидает решения совета; не позднее ${formatRu(est.due)} при решении совета в последний день срока`,
        });
      } else {
        out.push({
          key: c.key,
          title: c.title,
          startsOn: null,
          deadline: null,
          computed: null,
          provisional: false,
          preliminary: null,
          doneOn: null,
          daysLeft: null,
          state: 'waiting',
          label: c.key === 'council_results' ? 'ожидает: отчёт оператора ещё не получен' : 'ожидает решения совета',
        });
      }
      continue;
    }
    const s = stored[c.key];
    const computed =
      s && s.from === startsOn && ruleEq(s.rule, c.rule)
        ? s
        : deadlineRecord(computeDeadline(calendar, startsOn, c.rule));
    const deadline = computed.due;
    const preliminary = noteOf(computed);
    if (doneOn) {
      const met = doneOn <= deadline;
      out.push({
        key: c.key,
        title: c.title,
        startsOn,
        deadline,
        computed,
        provisional: false,
        preliminary,
        doneOn,
        daysLeft: null,
        state: met ? 'met' : 'missed',
        label: met
          ? 'выполнено в срок'
          : `выполнено с опозданием на ${countdownRu(daysBetween(doneOn, deadline)).replace('просрочено на ', '')}`,
      });
      continue;
    }
    const daysLeft = daysBetween(today, deadline);
    out.push({
      key: c.key,
      title: c.title,
      startsOn,
      deadline,
      computed,
      provisional: false,
      preliminary,
      doneOn: null,
      daysLeft,
      label: countdownRu(daysLeft),
      state: daysLeft < 0 ? 'overdue' : 'running',
    });
  }
  return out;
}

const ruleEq = (a: DeadlineRule, b: DeadlineRule) => a.kind === b.kind && a.count === b.count;

export type StepState = 'done' | 'skipped' | 'waiting' | 'open' | 'overdue';
export const stepStateLabels: Record<StepState, string> = {
  done: 'выполнен',
  skipped: 'не требуется',
  waiting: 'ожидает',
  open: 'в работе',
  overdue: 'просрочен',
};

export type StepView = StepLike & {
  id: string;
  state: StepState;
  /** The date the step is due: the statutory deadline when there is one, else the planned date. */
  dueOn: string | null;
  /** The step is completed by recording an event (not by a status select). */
  event: CampaignEventKind | null;
  /** Titles of the steps it waits for. */
  waitingFor: string[];
  overdue: boolean;
};

/**
 * Each step's state from the recorded events and hand marks. A step is done when its event is recorded
 * (or, for hand-marked steps, when marked); it waits while a prerequisite is neither done nor skipped; it
 * is overdue only when it could start and its due date has passed.
 */
export function stepStates<S extends StepLike & { id: string }>(
  steps: readonly S[],
  events: Partial<Record<CampaignEventKind, string>>,
  clocks: readonly LegalClock[],
  today: string,
): (S & StepView)[] {
  const byKey = new Map(stepTemplate.map((d) => [d.key, d]));
  const finished = new Map<string, boolean>();
  const views: (S & StepView)[] = [];
  for (const s of steps) {
    const def = byKey.get(s.key);
    const eventDate = def?.event ? (events[def.event] ?? null) : null;
    const done = def?.event ? eventDate !== null : s.status === 'done';
    const skipped = !done && s.status === 'skipped';
    finished.set(s.key, done || skipped);
    const waitingFor = (def?.after ?? []).filter((k) => !finished.get(k)).map((k) => byKey.get(k)?.title ?? k);
    const clock = clocks.find((c) => c.key === s.key);
    // A statutory step's date is its legal deadline, which exists only once its event has happened.
    const dueOn = clock ? (clock.startsOn ? clock.deadline : null) : s.plannedOn;
    const state: StepState = done
      ? 'done'
      : skipped
        ? 'skipped'
        : waitingFor.length
          ? 'waiting'
          : dueOn && dueOn < today
            ? 'overdue'
            : 'open';
    views.push({
      ...s,
      status: done ? 'done' : s.status,
      doneOn: def?.event ? eventDate : s.doneOn,
      state,
      dueOn,
      event: def?.event ?? null,
      waitingFor,
      overdue: state === 'overdue',
    });
  }
  return views;
}
