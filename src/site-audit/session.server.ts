import { createHash } from 'node:crypto';
import { decodeHtml } from './decode.server';
import type { FetchFail, Fetcher } from './fetcher.server';
import { markupOnlyWithJs } from './js-detect';
import { parsePage, type MarkedTag, type ParsedPage } from './page.server';

export interface PageOk {
  ok: true;
  url: string;
  finalUrl: string;
  status: number;
  charset: string;
  truncated: boolean;
  page: ParsedPage;
}

export interface PageMissing {
  ok: false;
  url: string;
  /** HTTP status when the server answered, otherwise the transport failure. */
  status: number | null;
  failure: FetchFail | null;
  reason: string;
  /** The server answered, but not with a page of its own: a file, binary bytes, or the main page again. */
  notPage?: 'type' | 'binary' | 'same-as-main';
}

export type PageResult = PageOk | PageMissing;

const SOFT_404 = /(^|\D)404(\D|$)|не\s+найден|не\s+существует|page not found/i;

/** Addresses that answered with the same bytes, or with something that is not a page. */
export interface ResponseAnomalies {
  /** Groups of different addresses (final URLs) that returned byte-identical bodies; the main page's first. */
  identical: string[][];
  mainUrl: string | null;
  /** The main page is an empty JavaScript application shell (identical answers are its routing). */
  mainIsAppShell: boolean;
  /** Addresses whose answer was not a web page, with the declared type. */
  notPages: { url: string; kind: 'type' | 'binary'; contentType: string; hash: string }[];
}

/**
 * Fetches and parses pages of one site once each; the same URL is asked for by several discovery steps.
 * Bodies are fingerprinted: a second address answering with the same bytes reuses the first parse (no second
 * cheerio tree for a 5 MB page), and an address answering with the main page's bytes is not a page of its own.
 */
export class SiteSession {
  private readonly cache = new Map<string, Promise<PageResult>>();
  private readonly byHash = new Map<string, { urls: string[]; page: ParsedPage | null; charset: string }>();
  private mainHash: string | null = null;
  private mainUrl: string | null = null;
  private readonly notPages: ResponseAnomalies['notPages'] = [];
  /** Bytes of pages built by JavaScript only: the browser re-renders them from these, not from a new request. */
  private readonly raws = new Map<string, { body: Buffer; contentType: string }>();
  pagesFetched = 0;
  parseMs = 0;
  pagesParsed = 0;

  constructor(private readonly fetcher: Fetcher) {}

  anomalies(): ResponseAnomalies {
    const identical = [...this.byHash.entries()]
      .map(([hash, g]) => ({ urls: g.urls, main: hash === this.mainHash }))
      .filter((g) => g.urls.length > 1)
      .sort((a, b) => Number(b.main) - Number(a.main) || b.urls.length - a.urls.length)
      .map((g) => g.urls);
    const main = this.mainHash ? this.byHash.get(this.mainHash)?.page : null;
    return {
      identical,
      mainUrl: this.mainUrl,
      mainIsAppShell: !!main && markupOnlyWithJs(main).jsOnly,
      notPages: [...this.notPages],
    };
  }

  rawFor(finalUrl: string): { body: Buffer; contentType: string } | undefined {
    return this.raws.get(finalUrl);
  }

  /** The result for a URL this run has already loaded (or is loading), without a new request. */
  loaded(url: string): Promise<PageResult> | undefined {
    return this.cache.get(url.replace(/#.*$/, ''));
  }

  page(url: string): Promise<PageResult> {
    const key = url.replace(/#.*$/, '');
    let p = this.cache.get(key);
    if (!p) {
      p = this.load(key);
      this.cache.set(key, p);
    }
    return p;
  }

  private async load(url: string): Promise<PageResult> {
    const first = this.pagesFetched === 0;
    const res = await this.fetcher.fetch(url, { page: true });
    this.pagesFetched++;
    if (!res.ok) return { ok: false, url, status: null, failure: res, reason: res.message };
    if (res.status >= 400) return { ok: false, url, status: res.status, failure: null, reason: `HTTP ${res.status}` };
    if (res.notPage) {
      if (!this.notPages.some((n) => n.url === res.finalUrl)) {
        this.notPages.push({
          url: res.finalUrl,
          kind: res.notPage,
          contentType: res.contentType,
          hash: createHash('sha256').update(res.body).digest('hex'),
        });
      }
      const reason =
        res.notPage === 'binary' ? 'вместо веб-страницы двоичные данные' : `не веб-страница (${res.contentType})`;
      return { ok: false, url, status: res.status, failure: null, reason, notPage: res.notPage };
    }
    const hash = createHash('sha256').update(res.body).digest('hex');
    if (first) {
      this.mainHash = hash;
      this.mainUrl = res.finalUrl;
    }
    const group = this.byHash.get(hash);
    if (group && !group.urls.includes(res.finalUrl)) group.urls.push(res.finalUrl);
    else if (!group) this.byHash.set(hash, { urls: [res.finalUrl], page: null, charset: '' });
    // A JavaScript application answers every address with the same shell: that is how it routes, not a
    // server ignoring the address, so the shell stays a page (to be rendered, or reported as JS-only).
    if (
      !first &&
      hash === this.mainHash &&
      group &&
      group.urls[0] !== res.finalUrl &&
      !(group.page && markupOnlyWithJs(group.page).jsOnly)
    ) {
      return {
        ok: false,
        url,
        status: res.status,
        failure: null,
        reason: 'по этому адресу открывается главная страница',
        notPage: 'same-as-main',
      };
    }
    const known = this.byHash.get(hash) as { urls: string[]; page: ParsedPage | null; charset: string };
    let page: ParsedPage;
    if (known.page) {
      page = rebase(known.page, res.finalUrl);
    } else {
      const decoded = decodeHtml(res.body, res.contentType);
      const started = performance.now();
      page = parsePage(decoded.text, res.finalUrl);
      this.parseMs += performance.now() - started;
      this.pagesParsed++;
      known.page = page;
      known.charset = decoded.charset;
    }
    const charset = known.charset;
    if (looksLikeSoft404(page))
      return { ok: false, url, status: res.status, failure: null, reason: 'страница «не найдено» с кодом 200' };
    if (markupOnlyWithJs(page).jsOnly) this.raws.set(res.finalUrl, { body: res.body, contentType: res.contentType });
    return { ok: true, url, finalUrl: res.finalUrl, status: res.status, charset, truncated: res.truncated, page };
  }
}

/** The same parse under another address: tags keep their tree, pointing at the new page. */
function rebase(page: ParsedPage, url: string): ParsedPage {
  if (page.url === url) return page;
  const map = new Map<MarkedTag, MarkedTag>();
  const tags = page.tags.map((t) => {
    const copy: MarkedTag = { ...t, pageUrl: url, parent: t.parent ? (map.get(t.parent) ?? t.parent) : null };
    map.set(t, copy);
    return copy;
  });
  return { ...page, url, tags };
}

function looksLikeSoft404(page: ParsedPage): boolean {
  return SOFT_404.test(page.title) || (page.headings[0] !== undefined && SOFT_404.test(page.headings[0]));
}
