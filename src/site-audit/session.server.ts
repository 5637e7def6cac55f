import { decodeHtml } from './decode.server';
import type { FetchFail, Fetcher } from './fetcher.server';
import { parsePage, type ParsedPage } from './page.server';

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
}

export type PageResult = PageOk | PageMissing;

const SOFT_404 = /(^|\D)404(\D|$)|не\s+найден|не\s+существует|page not found/i;

/** Fetches and parses pages of one site once each; the same URL is asked for by several discovery steps. */
export class SiteSession {
  private readonly cache = new Map<string, Promise<PageResult>>();
  pagesFetched = 0;
  parseMs = 0;
  pagesParsed = 0;

  constructor(private readonly fetcher: Fetcher) {}

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
    const res = await this.fetcher.fetch(url);
    this.pagesFetched++;
    if (!res.ok) return { ok: false, url, status: null, failure: res, reason: res.message };
    if (res.status >= 400) return { ok: false, url, status: res.status, failure: null, reason: `HTTP ${res.status}` };
    if (res.contentType && !/html|xml|text\/plain/.test(res.contentType)) {
      return { ok: false, url, status: res.status, failure: null, reason: `не веб-страница (${res.contentType})` };
    }
    const decoded = decodeHtml(res.body, res.contentType);
    const started = performance.now();
    const page = parsePage(decoded.text, res.finalUrl);
    this.parseMs += performance.now() - started;
    this.pagesParsed++;
    if (looksLikeSoft404(page)) return { ok: false, url, status: res.status, failure: null, reason: 'страница «не найдено» с кодом 200' };
    return { ok: true, url, finalUrl: res.finalUrl, status: res.status, charset: decoded.charset, truncated: res.truncated, page };
  }
}

function looksLikeSoft404(page: ParsedPage): boolean {
  return SOFT_404.test(page.title) || (page.headings[0] !== undefined && SOFT_404.test(page.headings[0]));
}
