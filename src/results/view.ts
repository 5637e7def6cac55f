// What the result pages show, as pure functions of a snapshot: the public/staff split for small samples,
// the sortable and filterable table, statistical ties, shortfalls and similar organisations.
import { shownScore, SHOWN_DECIMALS } from '../methodology/bands';
import { requireMethodology } from '../methodology/registry';
import type { OrgType } from '../methodology/types';
import { itemStates, type Snapshot, type SnapshotOrganisation } from './snapshot';

export type Audience = 'public' | 'staff';

export const INSUFFICIENT = 'недостаточно данных';
export const NO_DATA = 'нет данных';

export const orgTypeLabels: Record<OrgType, string> = {
  preschool: 'детский сад',
  school: 'школа',
  college: 'колледж (СПО)',
  additional: 'дополнительное образование',
};

/** Russian points: the shown score (half-up to hundredths, the value bands are chosen on) with a decimal comma. */
export function points(value: number | null): string {
  return value === null ? NO_DATA : shownScore(value).toFixed(SHOWN_DECIMALS).replace('.', ',');
}

const surveyIds = new WeakMap<Snapshot, Set<string>>();
function surveyIndicators(s: Snapshot): Set<string> {
  let set = surveyIds.get(s);
  if (!set) {
    set = new Set(s.criteria.flatMap((c) => c.indicators.filter((i) => i.survey).map((i) => i.id)));
    surveyIds.set(s, set);
  }
  return set;
}

/**
 * A survey indicator of an organisation below the campaign's minimum of responses is never a number on a
 * public page; nor is a criterion made only of survey indicators (K4, K5), which would give it away.
 */
export function isHidden(s: Snapshot, org: SnapshotOrganisation, id: string, audience: Audience): boolean {
  if (audience === 'staff' || !org.belowMinimum) return false;
  if (surveyIndicators(s).has(id)) return true;
  const c = s.criteria.find((x) => x.id === id);
  return !!c && c.indicators.every((i) => i.survey);
}

/** Value shown for an indicator, criterion («K1») or the total («Sn»); null when hidden or without data. */
export function shownValue(s: Snapshot, org: SnapshotOrganisation, id: string, audience: Audience): number | null {
  if (isHidden(s, org, id, audience)) return null;
  if (id === 'Sn') return org.total;
  return org.criteria[id]?.value ?? org.indicators[id]?.value ?? null;
}

export function shownText(s: Snapshot, org: SnapshotOrganisation, id: string, audience: Audience): string {
  return isHidden(s, org, id, audience) ? INSUFFICIENT : points(shownValue(s, org, id, audience));
}

export const sortKeys = ['rank', 'name', 'K1', 'K2', 'K3', 'K4', 'K5', 'total', 'respondents', 'municipality'] as const;
export type SortKey = (typeof sortKeys)[number];

export type TableQuery = {
  mun: string | null;
  type: OrgType | null;
  sort: SortKey;
  dir: 'asc' | 'desc';
  page: number;
  q: string;
};

export const PAGE_SIZE = 100;

const TYPES = new Set<string>(['preschool', 'school', 'college', 'additional']);

/** The table's query string, normalised (unknown values fall back to defaults). */
export function parseTableQuery(p: URLSearchParams): TableQuery {
  const sort = (sortKeys as readonly string[]).includes(p.get('sort') ?? '') ? (p.get('sort') as SortKey) : 'rank';
  const defaultDir = sort === 'rank' || sort === 'name' || sort === 'municipality' ? 'asc' : 'desc';
  const dir = p.get('dir') === 'asc' || p.get('dir') === 'desc' ? (p.get('dir') as 'asc' | 'desc') : defaultDir;
  const page = Math.max(1, Math.min(10_000, Number.parseInt(p.get('page') ?? '1', 10) || 1));
  const type = p.get('type');
  const mun = p.get('mun');
  return {
    mun: mun && /^[0-9a-f-]{36}$/i.test(mun) ? mun : null,
    type: type && TYPES.has(type) ? (type as OrgType) : null,
    sort,
    dir,
    page,
    q: (p.get('q') ?? '').trim().slice(0, 100),
  };
}

/** The canonical query string of a table query (cache key and links). */
export function tableQueryString(q: TableQuery, override: Partial<TableQuery> = {}): string {
  const v = { ...q, ...override };
  const p = new URLSearchParams();
  if (v.mun) p.set('mun', v.mun);
  if (v.type) p.set('type', v.type);
  if (v.q) p.set('q', v.q);
  if (v.sort !== 'rank') p.set('sort', v.sort);
  const defaultDir = v.sort === 'rank' || v.sort === 'name' || v.sort === 'municipality' ? 'asc' : 'desc';
  if (v.dir !== defaultDir) p.set('dir', v.dir);
  if (v.page !== 1) p.set('page', String(v.page));
  const s = p.toString();
  return s ? `?${s}` : '';
}

const collator = new Intl.Collator('ru', { numeric: true });

export function filterAndSort(s: Snapshot, q: TableQuery, audience: Audience = 'public'): SnapshotOrganisation[] {
  const needle = q.q.toLocaleLowerCase('ru');
  const rows = s.organisations.filter(
    (o) =>
      (!q.mun || o.territoryId === q.mun) &&
      (!q.type || o.type === q.type) &&
      (!needle ||
        o.name.toLocaleLowerCase('ru').includes(needle) ||
        o.fullName.toLocaleLowerCase('ru').includes(needle)),
  );
  const sign = q.dir === 'asc' ? 1 : -1;
  const num = (o: SnapshotOrganisation): number | null => {
    switch (q.sort) {
      case 'rank':
        return o.rank;
      case 'total':
        return o.total;
      case 'respondents':
        return o.respondents;
      case 'name':
      case 'municipality':
        return null;
      default:
        return shownValue(s, o, q.sort, audience);
    }
  };
  return rows.sort((a, b) => {
    if (q.sort === 'name') return sign * collator.compare(a.name, b.name);
    if (q.sort === 'municipality')
      return sign * collator.compare(a.territoryName, b.territoryName) || collator.compare(a.name, b.name);
    const x = num(a);
    const y = num(b);
    // Organisations without a value go last whichever the direction.
    if (x === null || y === null) return x === y ? collator.compare(a.name, b.name) : x === null ? 1 : -1;
    return sign * (x - y) || collator.compare(a.name, b.name);
  });
}

export function paginate<T>(rows: T[], page: number, size = PAGE_SIZE): { rows: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const p = Math.min(page, pages);
  return { rows: rows.slice((p - 1) * size, p * size), page: p, pages };
}

/**
 * Organisations a reader cannot tell apart from their neighbours in the ranking (decision 0050): the
 * intervals of the totals' survey part overlap. Keyed by organisation id: the ids it ties with.
 */
const tieCache = new WeakMap<Snapshot, Map<string, string[]>>();
export function statisticalTies(s: Snapshot): Map<string, string[]> {
  const cached = tieCache.get(s);
  if (cached) return cached;
  const ranked = s.organisations
    .filter((o) => o.rank !== null && o.surveyInterval)
    .sort((a, b) => (a.rank as number) - (b.rank as number));
  const ties = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    const l = ties.get(a);
    if (l) l.push(b);
    else ties.set(a, [b]);
  };
  for (let i = 1; i < ranked.length; i++) {
    const a = ranked[i - 1] as SnapshotOrganisation;
    const b = ranked[i] as SnapshotOrganisation;
    if (overlap(a, b)) {
      link(a.id, b.id);
      link(b.id, a.id);
    }
  }
  tieCache.set(s, ties);
  return ties;
}

export function overlap(a: SnapshotOrganisation, b: SnapshotOrganisation): boolean {
  const x = a.surveyInterval;
  const y = b.surveyInterval;
  return !!x && !!y && x.lower <= y.upper && y.lower <= x.upper;
}

export type Shortfall = {
  id: string;
  title: string;
  value: number | null;
  /** Checklist items not found (answered «no» or not answered); empty for survey indicators. */
  missing: { checklist: string; itemId: string; label: string }[];
};

/** Indicators below 100 with the checklist items that are missing. */
export function shortfalls(s: Snapshot, org: SnapshotOrganisation, audience: Audience = 'public'): Shortfall[] {
  const m = requireMethodology(s.methodology.id);
  const out: Shortfall[] = [];
  for (const c of s.criteria) {
    for (const ind of c.indicators) {
      if (isHidden(s, org, ind.id, audience)) continue;
      const value = org.indicators[ind.id]?.value ?? null;
      if (value === null || value >= 100) continue;
      const missing: Shortfall['missing'] = [];
      if (ind.checklist === '1.1') {
        for (const channel of ['stand', 'site'] as const) {
          const key = `1.1-${channel}`;
          const { yes, na } = itemStates(s, org, key);
          for (const item of m.informationItems.lists[org.type]?.[channel] ?? []) {
            if (!yes.has(item.id) && !na.has(item.id))
              missing.push({
                checklist: key,
                itemId: item.id,
                label: `${channel === 'stand' ? 'Стенд' : 'Сайт'}: ${item.label}`,
              });
          }
        }
      } else if (ind.checklist) {
        const def = m.checklists.find((x) => x.id === ind.checklist);
        const { yes } = itemStates(s, org, ind.checklist);
        for (const item of def?.items ?? [])
          if (!yes.has(item.id)) missing.push({ checklist: ind.checklist, itemId: item.id, label: item.label });
      }
      out.push({ id: ind.id, title: ind.title, value, missing });
    }
  }
  return out;
}

/** Organisations of the same type in the same municipality, by rank. */
export function similar(s: Snapshot, org: SnapshotOrganisation): SnapshotOrganisation[] {
  return s.organisations
    .filter((o) => o.type === org.type && o.territoryId === org.territoryId)
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || collator.compare(a.name, b.name));
}

/** Municipalities present in the snapshot, by name. */
export function municipalities(s: Snapshot): { id: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const o of s.organisations) seen.set(o.territoryId, o.territoryName);
  return [...seen].map(([id, name]) => ({ id, name })).sort((a, b) => collator.compare(a.name, b.name));
}

/** Russian plural and дд.мм.гггг: the shared lexicon (src/lib/ru), under the names the results pages use. */
export { pluralRu as plural, ruDate } from '../lib/ru';
