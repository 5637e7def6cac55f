// Which checklists an organisation of a campaign gets, read from the campaign's pinned methodology version.
// The methodology is data (src/methodology); this module only reshapes it into one list per page.
import type { MethodologyVersion, OrgType } from '../methodology/types';

export const CHECKLIST_KEYS = ['1.1-stand', '1.1-site', '1.2', '2.1', '3.1', '3.2'] as const;
export type ChecklistKey = (typeof CHECKLIST_KEYS)[number];

export function isChecklistKey(value: string | undefined | null): value is ChecklistKey {
  return !!value && (CHECKLIST_KEYS as readonly string[]).includes(value);
}

export type ChecklistItemDef = { id: string; label: string; source?: string; section?: string };

export interface ChecklistDefinition {
  key: ChecklistKey;
  /** Indicator the checklist feeds (1.1 has two lists: stand and site). */
  indicator: string;
  title: string;
  /** What the expert must establish for an item to count as "yes". */
  rule: string;
  items: ChecklistItemDef[];
}

const INFO_TITLES = {
  stand: {
    title: 'Информация на информационных стендах',
    rule: 'пункт засчитывается, если сведения размещены на стенде в помещении организации; «не применимо» — если в организации нет стендов или пункт её не касается',
  },
  site: {
    title: 'Информация на официальном сайте',
    rule: 'пункт засчитывается, если сведения размещены на официальном сайте в разделе «Сведения об образовательной организации»',
  },
} as const;

/** All checklists of an organisation type under a methodology version, in the order of the indicators. */
export function checklistDefinitions(methodology: MethodologyVersion, type: OrgType): ChecklistDefinition[] {
  const lists = methodology.informationItems.lists[type];
  const defs: ChecklistDefinition[] = [];
  for (const channel of ['stand', 'site'] as const) {
    const items = lists?.[channel] ?? [];
    if (!items.length) continue;
    defs.push({
      key: `1.1-${channel}`,
      indicator: '1.1',
      title: INFO_TITLES[channel].title,
      rule: INFO_TITLES[channel].rule,
      items: items.map((i) => ({
        id: i.id,
        label: i.label,
        source: i.source,
        ...(i.section ? { section: i.section } : {}),
      })),
    });
  }
  for (const c of methodology.checklists) {
    if (!isChecklistKey(c.id)) continue;
    defs.push({
      key: c.id,
      indicator: c.indicator,
      title: c.title,
      rule: c.rule,
      items: c.items.map((i) => ({ id: i.id, label: i.label })),
    });
  }
  return defs;
}

export function checklistDefinition(
  methodology: MethodologyVersion,
  type: OrgType,
  key: ChecklistKey,
): ChecklistDefinition | undefined {
  return checklistDefinitions(methodology, type).find((d) => d.key === key);
}

export const ANSWER_LABELS = { yes: 'Да', no: 'Нет', na: 'Не применимо' } as const;
