// The audit page's filter and page size: client-safe, the page renders the filter form from it.

export const AUDIT_PAGE_SIZE = 50;

export type AuditFilter = { entity?: string; actor?: string; from?: string; to?: string; page?: number };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads the filter from query parameters, dropping anything malformed instead of failing. */
export function parseAuditFilter(params: URLSearchParams): AuditFilter {
  const text = (name: string) => (params.get(name) ?? '').trim().slice(0, 200) || undefined;
  const date = (name: string) => {
    const v = text(name);
    return v && DATE.test(v) && !Number.isNaN(Date.parse(v)) ? v : undefined;
  };
  const page = Number.parseInt(params.get('page') ?? '1', 10);
  return {
    entity: text('entity'),
    actor: text('actor'),
    from: date('from'),
    to: date('to'),
    page: Number.isFinite(page) && page > 0 ? Math.min(page, 100_000) : 1,
  };
}
