// The territory summary of plan execution: one line per organisation of the campaign (its current plan,
// or «плана нет»), a total line and a table by plan section. «Overdue» is computed on the given day as
// everywhere in the plans room; the share done is verified rows of the rows not cancelled (decision 0097).
import type { PlanItemStatus, PlannedKind, PlanSection, PlanStatus } from '../../db/schema/plans';
import { isOverdue, planStatusLabels, sectionTitles } from '../../plans/model';
import { ruDate } from './format';

export type PlanSummaryInput = {
  campaign: { title: string; year: number; territoryName: string };
  today: string;
  organisations: { id: string; name: string; inn: string | null; territoryName: string }[];
  plans: {
    organisationId: string;
    status: PlanStatus;
    version: number;
    act: { kind: string; number: string; date: string } | null;
    lastReport: { periodEnd: string; status: string } | null;
    items: {
      section: PlanSection;
      status: PlanItemStatus;
      plannedKind: PlannedKind;
      plannedDate: string | null;
      needsFunding: boolean;
    }[];
  }[];
};

export type PlanSummaryRow = {
  territory: string;
  inn: string;
  organisation: string;
  plan: string;
  act: string;
  rows: number;
  verified: number;
  claimed: number;
  open: number;
  overdue: number;
  cancelled: number;
  carried: number;
  funding: number;
  lastReport: string;
  share: number | null;
};

export type PlanSummary = {
  title: string;
  subtitle: string;
  rows: PlanSummaryRow[];
  total: PlanSummaryRow;
  sections: {
    section: PlanSection;
    title: string;
    rows: number;
    verified: number;
    overdue: number;
    cancelled: number;
    carried: number;
    funding: number;
  }[];
};

export const PLAN_SUMMARY_COLUMNS = [
  'Муниципалитет',
  'ИНН',
  'Организация',
  'Состояние плана',
  'Утверждён',
  'Мероприятий',
  'Выполнено и проверено',
  'Заявлено, ждёт проверки',
  'Запланировано и выполняется',
  'Из них просрочено',
  'Отменено',
  'Перенесено в следующий план',
  'Требуют финансирования',
  'Последние сведения о ходе реализации',
  'Выполнено, %',
] as const;

export function planSummaryCells(r: PlanSummaryRow): (string | number | null)[] {
  return [
    r.territory,
    r.inn,
    r.organisation,
    r.plan,
    r.act,
    r.rows,
    r.verified,
    r.claimed,
    r.open,
    r.overdue,
    r.cancelled,
    r.carried,
    r.funding,
    r.lastReport,
    r.share,
  ];
}

/** Share done in percent, one decimal; null when nothing is left to do (no rows, or all cancelled). */
export function shareDone(verified: number, rows: number, cancelled: number): number | null {
  const base = rows - cancelled;
  return base > 0 ? Math.round((verified / base) * 1000) / 10 : null;
}

const reportStatus: Record<string, string> = {
  submitted: 'ждут рассмотрения',
  accepted: 'приняты',
  returned: 'возвращены',
};

export function planSummary(d: PlanSummaryInput): PlanSummary {
  const planOf = new Map(d.plans.map((p) => [p.organisationId, p]));
  const count = (items: PlanSummaryInput['plans'][number]['items']) => ({
    rows: items.length,
    verified: items.filter((i) => i.status === 'verified').length,
    claimed: items.filter((i) => i.status === 'claimed').length,
    open: items.filter((i) => i.status === 'planned' || i.status === 'in_progress').length,
    overdue: items.filter((i) => isOverdue(i, d.today)).length,
    cancelled: items.filter((i) => i.status === 'cancelled').length,
    carried: items.filter((i) => i.status === 'carried_over').length,
    funding: items.filter((i) => i.needsFunding).length,
  });
  const rows: PlanSummaryRow[] = [...d.organisations]
    .sort((a, b) => a.territoryName.localeCompare(b.territoryName, 'ru') || a.name.localeCompare(b.name, 'ru'))
    .map((o) => {
      const p = planOf.get(o.id);
      const c = count(p?.items ?? []);
      return {
        territory: o.territoryName,
        inn: o.inn ?? '',
        organisation: o.name,
        plan: p ? `${planStatusLabels[p.status]}${p.version > 1 ? ` (редакция ${p.version})` : ''}` : 'плана нет',
        act: p?.act ? `${p.act.kind} от ${ruDate(p.act.date)} № ${p.act.number}` : '',
        ...c,
        lastReport: p?.lastReport
          ? `на ${ruDate(p.lastReport.periodEnd)}, ${reportStatus[p.lastReport.status] ?? p.lastReport.status}`
          : '',
        share: shareDone(c.verified, c.rows, c.cancelled),
      };
    });
  const sum = (k: keyof ReturnType<typeof count>) => rows.reduce((a, r) => a + r[k], 0);
  const totals = {
    rows: sum('rows'),
    verified: sum('verified'),
    claimed: sum('claimed'),
    open: sum('open'),
    overdue: sum('overdue'),
    cancelled: sum('cancelled'),
    carried: sum('carried'),
    funding: sum('funding'),
  };
  const withPlan = d.plans.length;
  const all = d.plans.flatMap((p) => p.items);
  return {
    title: 'СВОДКА О ВЫПОЛНЕНИИ ПЛАНОВ ПО УСТРАНЕНИЮ НЕДОСТАТКОВ',
    subtitle: `${d.campaign.title} · ${d.campaign.territoryName} · по состоянию на ${ruDate(d.today)}`,
    rows,
    total: {
      territory: 'Итого',
      inn: '',
      organisation: `организаций: ${rows.length}, с планом: ${withPlan}`,
      plan: '',
      act: '',
      ...totals,
      lastReport: '',
      share: shareDone(totals.verified, totals.rows, totals.cancelled),
    },
    sections: (['I', 'II', 'III', 'IV', 'V'] as const).map((section) => {
      const c = count(all.filter((i) => i.section === section));
      return {
        section,
        title: sectionTitles[section],
        rows: c.rows,
        verified: c.verified,
        overdue: c.overdue,
        cancelled: c.cancelled,
        carried: c.carried,
        funding: c.funding,
      };
    }),
  };
}
