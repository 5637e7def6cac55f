import type { ItemChange, ReportDiff, StoredResult } from './store';
import type { AuditReport } from './types';

/** What changed between two audits of the same site, item by item. */
export function diffReports(previous: StoredResult, next: AuditReport): ReportDiff | null {
  const prev = previous.report;
  if (!prev) return null;
  const before = new Map<string, string>();
  for (const s of prev.sections) for (const i of s.items) before.set(key(s.slug, i.itemprop, i.container), i.status);
  const changes: ItemChange[] = [];
  for (const s of next.sections) {
    for (const i of s.items) {
      const from = before.get(key(s.slug, i.itemprop, i.container)) ?? 'missing';
      if (from !== i.status)
        changes.push({
          section: s.slug,
          itemprop: i.itemprop,
          ...(i.container ? { container: i.container } : {}),
          from,
          to: i.status,
        });
    }
  }
  return {
    previousRunId: previous.runId,
    previousAt: previous.finishedAt,
    presentBefore: prev.summary.present,
    presentNow: next.summary.present,
    changes,
  };
}

function key(slug: string, itemprop: string, container: string | undefined): string {
  return `${slug}/${container ?? ''}/${itemprop}`;
}
