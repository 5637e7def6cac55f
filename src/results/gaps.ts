// What a results version is missing, in plain words: organisations and indicators without data, survey
// samples below the required size. Shown at computation, approval and publication; approving or
// publishing a version with gaps needs an explicit confirmation that is written to the audit log
// (decision 0056). Pure: reads the snapshot only.
import type { Snapshot } from './snapshot';
import { countRu } from '../lib/ru';

export type IndicatorGap = { id: string; title: string; reasons: string[] };

export type OrganisationGaps = {
  id: string;
  name: string;
  /** Indicators shown as «нет данных», with why. */
  indicators: IndicatorGap[];
  /** No total: the organisation is not rated and not ranked. */
  noTotal: boolean;
  respondents: number;
  /** Fewer valid responses than the campaign's minimum: survey indicators are not published. */
  belowMinimum: boolean;
  /** Received below the required sample (share of recipients, capped). */
  sample: { received: number; target: number } | null;
};

export type DataGaps = {
  organisations: OrganisationGaps[];
  counts: { organisations: number; withoutData: number; noTotal: number; smallSample: number; belowMinimum: number };
  /** True when anything is missing: approval and publication need a confirmation. */
  any: boolean;
  /** One line per kind of gap, for the page and the audit entry. */
  summary: string[];
};

export function orgsRu(n: number): string {
  return countRu(n, ['организация', 'организации', 'организаций']);
}
function orgsGenRu(n: number): string {
  return countRu(n, ['организации', 'организаций', 'организаций']);
}

export function dataGaps(s: Snapshot): DataGaps {
  const defs = s.criteria.flatMap((c) => c.indicators);
  const organisations: OrganisationGaps[] = [];
  for (const o of s.organisations) {
    const missing = new Set(o.inputs.noData ?? []);
    const indicators: IndicatorGap[] = [];
    for (const d of defs) {
      if ((o.indicators[d.id]?.value ?? null) !== null) continue;
      const reasons: string[] = [];
      if (d.checklist === '1.1') {
        if (missing.has('information.stand')) reasons.push('чек-лист 1.1 по стендам не заполнен');
        if (missing.has('information.site')) reasons.push('чек-лист 1.1 по сайту не заполнен');
      } else if (d.checklist && missing.has(`checklists.${d.checklist}`))
        reasons.push(`чек-лист ${d.checklist} не заполнен`);
      if (d.survey && o.respondents === 0) reasons.push('нет ни одной анкеты');
      if (!reasons.length) reasons.push('знаменатель равен 0 — показатель не рассчитывается по выбранной политике');
      indicators.push({ id: d.id, title: d.title, reasons });
    }
    const sample = o.sample && !o.sample.adequate ? { received: o.sample.received, target: o.sample.target } : null;
    const g: OrganisationGaps = {
      id: o.id,
      name: o.name,
      indicators,
      noTotal: o.total === null,
      respondents: o.respondents,
      belowMinimum: o.belowMinimum,
      sample,
    };
    if (indicators.length || g.noTotal || g.belowMinimum || sample) organisations.push(g);
  }
  const counts = {
    organisations: s.organisations.length,
    withoutData: organisations.filter((g) => g.indicators.length > 0).length,
    noTotal: organisations.filter((g) => g.noTotal).length,
    smallSample: organisations.filter((g) => g.sample).length,
    belowMinimum: organisations.filter((g) => g.belowMinimum).length,
  };
  const summary: string[] = [];
  if (counts.noTotal)
    summary.push(`У ${orgsGenRu(counts.noTotal)} из ${counts.organisations} нет итогового балла: не хватает данных.`);
  if (counts.withoutData) summary.push(`У ${orgsGenRu(counts.withoutData)} есть показатели без данных («нет данных»).`);
  if (counts.smallSample) summary.push(`У ${orgsGenRu(counts.smallSample)} выборка опроса меньше требуемой.`);
  if (counts.belowMinimum)
    summary.push(
      `У ${orgsGenRu(counts.belowMinimum)} меньше ${s.options.minRespondents} анкет: показатели по опросу не будут опубликованы.`,
    );
  return { organisations, counts, any: organisations.length > 0, summary };
}

/** What the audit entry of a confirmed approval or publication keeps: counts and the organisations. */
export function gapsForAudit(g: DataGaps) {
  return {
    counts: g.counts,
    organisations: g.organisations.map((o) => ({
      id: o.id,
      name: o.name,
      noData: o.indicators.map((i) => i.id),
      noTotal: o.noTotal,
      sample: o.sample,
      belowMinimum: o.belowMinimum,
    })),
  };
}
