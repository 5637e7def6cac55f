import type { MarkedTag } from './page.server';
import type { SectionRule } from './rules/types';

/**
 * What АИС «Мониторинг» would count for one subsection, following MR v9 §5: signatures are compared as
 * exact strings; a child is counted under the first marked ancestor whose signature is one of its expected
 * parents; a child without such an ancestor is counted as a root tag; only this subsection's tokens are kept.
 */
export interface MonitorCount {
  roots: Map<string, number>;
  children: Map<string, Map<string, number>>;
}

/** Only surrounding whitespace is forgiven: the MR's own examples carry stray leading spaces. */
export function signature(tag: MarkedTag): string {
  return tag.raw.trim();
}

export function monitorCount(tags: readonly MarkedTag[], section: SectionRule): MonitorCount {
  const parentsOf = new Map<string, Set<string>>();
  const known = new Set<string>();
  for (const item of section.items) {
    known.add(item.itemprop);
    if (item.container) {
      const set = parentsOf.get(item.itemprop) ?? new Set<string>();
      set.add(item.container);
      parentsOf.set(item.itemprop, set);
    }
  }
  const roots = new Map<string, number>();
  const children = new Map<string, Map<string, number>>();
  for (const tag of tags) {
    const sig = signature(tag);
    if (!known.has(sig)) continue;
    const parents = parentsOf.get(sig);
    let counted = false;
    if (parents) {
      for (let up = tag.parent; up; up = up.parent) {
        const upSig = signature(up);
        if (parents.has(upSig)) {
          const bucket = children.get(upSig) ?? new Map<string, number>();
          bucket.set(sig, (bucket.get(sig) ?? 0) + 1);
          children.set(upSig, bucket);
          counted = true;
          break;
        }
      }
    }
    if (!counted) roots.set(sig, (roots.get(sig) ?? 0) + 1);
  }
  return { roots, children };
}

/** Whether the monitor sees the item where the rules expect it. */
export function monitorSees(count: MonitorCount, itemprop: string, container?: string): boolean {
  if (container) return (count.children.get(container)?.get(itemprop) ?? 0) > 0;
  return (count.roots.get(itemprop) ?? 0) > 0;
}
