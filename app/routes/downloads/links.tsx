// Download links of docs2's documents, for the pages where each document's data lives. Client-safe.

export type DocumentLink = { kind: string; title: string; formats: readonly ('docx' | 'pdf' | 'xlsx' | 'zip')[]; query?: Record<string, string>; note?: string };

export function downloadHref(campaignId: string, kind: string, format: string, query?: Record<string, string>): string {
  const q = query ? new URLSearchParams(query).toString() : '';
  return `/downloads/${campaignId}/${kind}/${format}${q ? `?${q}` : ''}`;
}

/** «Решение совета о результатах: DOCX · PDF» — one line per document; the format is part of each link's name. */
export function DocumentLinks({ campaignId, items, heading = 'Документы' }: { campaignId: string; items: readonly DocumentLink[]; heading?: string | null }) {
  if (!items.length) return null;
  return (
    <div className="documents">
      {heading ? <h3>{heading}</h3> : null}
      <ul>
        {items.map((d) => (
          <li key={`${d.kind}-${JSON.stringify(d.query ?? {})}`}>
            {d.title}:{' '}
            {d.formats.map((f, i) => (
              <span key={f}>
                {i ? ' · ' : ''}
                <a href={downloadHref(campaignId, d.kind, f, d.query)} download aria-label={`${d.title} — ${f.toUpperCase()}`}>{f.toUpperCase()}</a>
              </span>
            ))}
            {d.note ? <span className="hint"> {d.note}</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
