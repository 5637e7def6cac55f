// Campaign summary of a bulk site audit (issue 17, item 9): which organisations lose most on indicator 1.1
// (site half) and on which items. Pure: the loader hands in compact rows, never whole reports at once.
import { itemName } from './item-names';
import type { AuditReport } from './types';

export interface OrganisationLoss {
  resultId: string;
  shortName: string;
  url: string | null;
  error: string | null;
  /** Points of the site half of 1.1 (0–100) and what is lost against 100; null when the site was not audited. */
  points: number | null;
  loss: number | null;
  /** Required items whose information was not found (each costs 100 / norm points). */
  lacking: { section: string; itemprop: string; container: string | null; name: string }[];
  /** Required items not marked up as the recommendations ask (what АИС «Мониторинг» will miss). */
  unmarked: number;
}

export interface ItemLoss {
  section: string;
  sectionTitle: string;
  itemprop: string;
  container: string | null;
  name: string;
  organisations: number;
}

/** What one stored report contributes to the summary; the report itself can be dropped right after. */
export function organisationLoss(row: {
  id: string;
  shortName: string;
  url: string | null;
  error: string | null;
  report: AuditReport | null;
}): OrganisationLoss {
  const r = row.report;
  if (!r || !r.reachable)
    return {
      resultId: row.id,
      shortName: row.shortName,
      url: row.url,
      error: row.error ?? 'сайт не проверен',
      points: null,
      loss: null,
      lacking: [],
      unmarked: 0,
    };
  const lacking: OrganisationLoss['lacking'] = [];
  let unmarked = 0;
  for (const s of r.sections) {
    for (const i of s.items) {
      if (!i.required) continue;
      if (i.status !== 'present') unmarked++;
      if (i.information !== 'present')
        lacking.push({
          section: s.slug,
          itemprop: i.itemprop,
          container: i.container ?? null,
          name: itemName(i.itemprop),
        });
    }
  }
  const points = r.answers.indicator11Site.points;
  return {
    resultId: row.id,
    shortName: row.shortName,
    url: row.url,
    error: row.error,
    points,
    loss: Math.round((100 - points) * 100) / 100,
    lacking,
    unmarked,
  };
}

/** Organisations by loss on 1.1, largest first (not audited last, by name); items by how many organisations lack them. */
export function summarise(
  rows: readonly OrganisationLoss[],
  sectionTitles: ReadonlyMap<string, string>,
): { organisations: OrganisationLoss[]; items: ItemLoss[] } {
  const organisations = [...rows].sort(
    (a, b) => (b.loss ?? -1) - (a.loss ?? -1) || a.shortName.localeCompare(b.shortName, 'ru'),
  );
  const counts = new Map<string, ItemLoss>();
  for (const o of rows) {
    for (const l of o.lacking) {
      const key = `${l.section}/${l.container ?? ''}/${l.itemprop}`;
      const known = counts.get(key);
      if (known) known.organisations++;
      else
        counts.set(key, {
          section: l.section,
          sectionTitle: sectionTitles.get(l.section) ?? l.section,
          itemprop: l.itemprop,
          container: l.container,
          name: l.name,
          organisations: 1,
        });
    }
  }
  const items = [...counts.values()].sort(
    (a, b) => b.organisations - a.organisations || a.name.localeCompare(b.name, 'ru'),
  );
  return { organisations, items };
}
