// Re-renders JavaScript-built subsections in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core; no browser download). The browser never opens a connection of its own: every request it
// makes is intercepted and answered through the audit's Fetcher, so the address guard (connect-time check,
// no DNS rebinding), the per-host gate with its 200 ms pause and the body limits apply to it as to any
// other request of the run. WebSockets are closed and WebRTC is kept off the network.
import type { Browser, BrowserContext, Route } from 'playwright-core';
import type { Fetcher } from './fetcher.server';

export interface RendererOptions {
  /** Path of the Chromium binary (SITE_AUDIT_BROWSER). */
  executablePath: string;
  /** Whole render of one page: navigation, scripts, waiting for markup. */
  timeoutMs?: number;
  /** After `load`, how long to wait for the first `[itemprop]` to appear. */
  settleMs?: number;
  /** Requests one page may make (scripts, data); the rest are refused. */
  maxRequests?: number;
  /** Bytes of responses one page may receive. */
  maxBytes?: number;
  /** V8 heap of the renderer, MB. */
  heapMb?: number;
  /** Pages rendered per site at most. */
  maxPages?: number;
}

export type RenderResult =
  { ok: true; html: string; requests: number; refused: number; ms: number } | { ok: false; reason: string; ms: number };

const SKIPPED_TYPES = new Set([
  'image',
  'media',
  'font',
  'stylesheet',
  'manifest',
  'other',
  'eventsource',
  'websocket',
  'texttrack',
  'ping',
]);
const HTML_LIMIT = 5 * 1024 * 1024;
const CACHE_LIMIT = 16 * 1024 * 1024;

/** The browser configured for this process, or null: `SITE_AUDIT_BROWSER=/usr/bin/chromium`. */
export function browserFromEnv(env: NodeJS.ProcessEnv = process.env): string | null {
  const path = env.SITE_AUDIT_BROWSER?.trim();
  return path ? path : null;
}

/** One browser per audit run, started on the first page that needs it and closed with the run. */
export class PageRenderer {
  private browser: Promise<Browser> | null = null;
  private rendered = 0;
  /** Responses already received in this run (a bundle shared by 14 subsections is fetched once). */
  private readonly cache = new Map<string, { status: number; headers: Record<string, string>; body: Buffer }>();
  private cachedBytes = 0;
  readonly options: Required<RendererOptions>;

  constructor(options: RendererOptions) {
    this.options = {
      timeoutMs: 15_000,
      settleMs: 3_000,
      maxRequests: 60,
      maxBytes: 8 * 1024 * 1024,
      heapMb: 128,
      maxPages: 16,
      ...options,
    };
  }

  private launch(): Promise<Browser> {
    this.browser ??= import('playwright-core').then(({ chromium }) =>
      chromium.launch({
        executablePath: this.options.executablePath,
        timeout: 20_000,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--disable-extensions',
          '--mute-audio',
          // WebRTC could reach local addresses without passing through the request interception.
          '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
          '--webrtc-ip-handling-policy=disable_non_proxied_udp',
          `--js-flags=--max-old-space-size=${this.options.heapMb}`,
        ],
      }),
    );
    return this.browser;
  }

  /**
   * Renders `url`; the page's own requests go through `fetcher`. `document` is the HTML this run already
   * downloaded for `url`, served to the navigation instead of a second request. Never throws.
   */
  async render(url: string, fetcher: Fetcher, document?: { body: Buffer; contentType: string }): Promise<RenderResult> {
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    if (this.rendered >= this.options.maxPages)
      return { ok: false, reason: `отрисовано уже ${this.options.maxPages} страниц этого сайта`, ms: 0 };
    this.rendered++;
    let context: BrowserContext | null = null;
    let timer: NodeJS.Timeout | undefined;
    try {
      const browser = await this.launch();
      context = await browser.newContext({
        serviceWorkers: 'block',
        acceptDownloads: false,
        javaScriptEnabled: true,
        locale: 'ru-RU',
      });
      const ctx = context;
      let requests = 0;
      let refused = 0;
      let bytes = 0;
      await ctx.routeWebSocket(/.*/, (ws) => ws.close());
      await ctx.route('**/*', async (route: Route) => {
        const req = route.request();
        const target = req.url();
        if (
          SKIPPED_TYPES.has(req.resourceType()) ||
          !/^https?:/i.test(target) ||
          (req.method() !== 'GET' && req.method() !== 'HEAD') ||
          requests >= this.options.maxRequests ||
          bytes >= this.options.maxBytes
        ) {
          refused++;
          await route.abort('blockedbyclient').catch(() => {});
          return;
        }
        const key = target.replace(/#.*$/, '');
        if (document && key === url.replace(/#.*$/, '') && req.isNavigationRequest()) {
          await route
            .fulfill({
              status: 200,
              headers: { 'content-type': document.contentType || 'text/html' },
              body: document.body,
            })
            .catch(() => {});
          return;
        }
        const hit = req.method() === 'GET' ? this.cache.get(key) : undefined;
        if (hit) {
          await route.fulfill(hit).catch(() => {});
          return;
        }
        requests++;
        const res = await fetcher.fetch(target, {
          method: req.method() as 'GET' | 'HEAD',
          maxBodyBytes: Math.max(1, this.options.maxBytes - bytes),
        });
        if (!res.ok) {
          refused++;
          await route.abort(res.kind === 'internal' ? 'addressunreachable' : 'failed').catch(() => {});
          return;
        }
        bytes += res.body.length;
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) {
          // The body is already decompressed and may have been cut; cookies are not kept.
          if (!['content-encoding', 'content-length', 'transfer-encoding', 'set-cookie', 'location'].includes(k))
            headers[k] = v;
        }
        const answer = { status: res.status >= 300 && res.status < 400 ? 200 : res.status, headers, body: res.body };
        if (req.method() === 'GET' && res.status < 400 && this.cachedBytes + res.body.length <= CACHE_LIMIT) {
          this.cache.set(key, answer);
          this.cachedBytes += res.body.length;
        }
        await route.fulfill(answer).catch(() => {});
      });
      const page = await ctx.newPage();
      const work = (async () => {
        await page.goto(url, { waitUntil: 'load', timeout: this.options.timeoutMs });
        await page.waitForSelector('[itemprop]', { timeout: this.options.settleMs, state: 'attached' }).catch(() => {});
        return page.content();
      })();
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), this.options.timeoutMs + this.options.settleMs);
      });
      const html = await Promise.race([work, deadline]);
      work.catch(() => {});
      return {
        ok: true,
        html: html.length > HTML_LIMIT ? html.slice(0, HTML_LIMIT) : html,
        requests,
        refused,
        ms: ms(),
      };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const reason = /timeout/i.test(message)
        ? `страница не отрисовалась за ${Math.round((this.options.timeoutMs + this.options.settleMs) / 1000)} с`
        : /Executable doesn't exist|ENOENT|spawn/i.test(message)
          ? `браузер ${this.options.executablePath} не запускается`
          : `браузер не отрисовал страницу (${message.split('\n')[0]?.slice(0, 120)})`;
      return { ok: false, reason, ms: ms() };
    } finally {
      clearTimeout(timer);
      await context?.close().catch(() => {});
    }
  }

  async close(): Promise<void> {
    const b = this.browser;
    this.browser = null;
    if (b) await b.then((x) => x.close()).catch(() => {});
  }
}
