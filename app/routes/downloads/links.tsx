// Download links of docs2's documents, for the pages where each document's data lives. Client-safe.

export type DocumentLink = {
  kind: string;
  title: string;
  formats: readonly ('docx' | 'pdf' | 'xlsx' | 'zip')[];
  query?: Record<string, string>;
  note?: string;
  /**
   * Built as a background job (decision 0067): a button that queues it (a POST to the same address) and
   * leads to the job's page, instead of a link that would hold the request for minutes.
   */
  job?: boolean;
};

export function downloadHref(campaignId: string, kind: string, format: string, query?: Record<string, string>): string {
  const q = query ? new URLSearchParams(query).toString() : '';
  return `/downloads/${campaignId}/${kind}/${format}${q ? `?${q}` : ''}`;
}

/** «Решение совета о результатах: DOCX · PDF» — one line per document; the format is part of each link's name. */
export function DocumentLinks({
  campaignId,
  items,
  heading = 'Документы',
  level = 2,
  csrfToken,
}: {
  campaignId: string;
  items: readonly DocumentLink[];
  heading?: string | null;
  level?: 2 | 3;
  /** Needed when an item is a job (its form is a POST). */
  csrfToken?: string;
}) {
  if (!items.length) return null;
  const H = level === 2 ? 'h2' : 'h3';
  return (
    <div className="documents">
      {heading ? <H>{heading}</H> : null}
      <ul>
        {items.map((d) => (
          <li key={`${d.kind}-${JSON.stringify(d.query ?? {})}`}>
            {d.title}:{' '}
            {d.formats.map((f, i) =>
              d.job && csrfToken ? (
                // A plain form: works without JavaScript; the job's page is a full page anyway.
                <form
                  key={f}
                  method="post"
                  action={downloadHref(campaignId, d.kind, f, d.query)}
                  className="inline-form"
                >
                  <input type="hidden" name="_csrf" value={csrfToken} />
                  <button type="submit" aria-label={`${d.title} — собрать ${f.toUpperCase()}`}>
                    Собрать {f.toUpperCase()}
                  </button>
                </form>
              ) : (
                <span key={f}>
                  {i ? ' · ' : ''}
                  <a
                    href={downloadHref(campaignId, d.kind, f, d.query)}
                    download
                    aria-label={`${d.title} — ${f.toUpperCase()}`}
                  >
                    {f.toUpperCase()}
                  </a>
                </span>
              ),
            )}
            {d.note ? <span className="hint"> {d.note}</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
