import { pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { Agent, request } from 'undici';
import {
  guardedConnector,
  INTERNAL_ADDRESS_CODE,
  INTERNAL_ADDRESS_MESSAGE,
  type AddressGuard,
} from './address-guard.server';
import { HostGate } from './host-gate';
import { classifyTlsError, errorCode, trustStore, type TlsProblem } from './tls.server';

// HTTP header values must be ASCII, so НОКО is spelled NOKO here.
export const USER_AGENT =
  'Mozilla/5.0 (compatible; NOKO-site-audit/0.1; NOKO - nezavisimaya otsenka kachestva uslovij obrazovatelnoj deyatelnosti)';

export interface FetcherOptions {
  connectTimeoutMs?: number;
  /** Whole request: connect, headers and body. */
  totalTimeoutMs?: number;
  maxBodyBytes?: number;
  maxRedirects?: number;
  /** Pause between two requests to the same host. */
  politenessDelayMs?: number;
  /** Extra trusted CAs (PEM), added to the system roots. */
  extraCa?: readonly string[];
  /** Explicit operator choice: skip certificate verification. Recorded in the report. */
  insecure?: boolean;
  connectionsPerOrigin?: number;
  userAgent?: string;
  /**
   * Refuses internal addresses at connect time (every hop, every document). The server-side auditor always
   * sets one (src/site-audit/jobs.ts); the operator's own `noko audit` runs without.
   */
  addressGuard?: AddressGuard;
}

export type FetchErrorKind =
  'timeout' | 'connect' | 'dns' | 'tls' | 'redirect-loop' | 'too-many-redirects' | 'bad-url' | 'internal' | 'network';

export interface FetchOk {
  ok: true;
  url: string;
  /** Final URL after redirects. */
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
  contentType: string;
  body: Buffer;
  /** The body went over the size limit and was cut; `body` holds the first `maxBodyBytes`. */
  truncated: boolean;
  /** Declared or observed size in bytes when known. */
  size: number | null;
  /** `page` calls only: the body is not a web page (declared type or binary first bytes); not read on. */
  notPage?: 'type' | 'binary';
  redirects: string[];
  elapsedMs: number;
}

export interface FetchFail {
  ok: false;
  url: string;
  kind: FetchErrorKind;
  tls?: TlsProblem;
  message: string;
  redirects: string[];
}

export type FetchResult = FetchOk | FetchFail;

export interface FetchCall {
  method?: 'GET' | 'HEAD';
  /** Smaller limit for this call (documents). */
  maxBodyBytes?: number;
  /**
   * The caller wants a web page: a body declared as something else is not read, and one whose first bytes
   * are binary is cut right there, so a server answering every address with a huge file costs kilobytes.
   */
  page?: boolean;
  /** Validators of an earlier fetch of this URL (re-audit): a 304 answer means it has not changed. */
  conditional?: { etag?: string; lastModified?: string };
}

const DEFAULTS = {
  connectTimeoutMs: 10_000,
  totalTimeoutMs: 30_000,
  maxBodyBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  politenessDelayMs: 200,
  connectionsPerOrigin: 2,
};

/**
 * HTTP client of one audit run. Owns an undici Agent (so TLS trust and pool limits are per run, not
 * process-wide) and the per-host gate. Never throws for network trouble: failures are values.
 */
export class Fetcher {
  readonly options: Required<Omit<FetcherOptions, 'extraCa' | 'addressGuard'>> & {
    extraCa: readonly string[];
    addressGuard: AddressGuard | undefined;
  };
  private readonly agent: Agent;
  private readonly gate: HostGate;
  requests = 0;

  constructor(options: FetcherOptions = {}) {
    this.options = {
      ...DEFAULTS,
      userAgent: USER_AGENT,
      insecure: false,
      ...stripUndefined(options),
      extraCa: options.extraCa ?? [],
      addressGuard: options.addressGuard,
    };
    const o = this.options;
    const tlsOptions = { ca: trustStore(o.extraCa), rejectUnauthorized: !o.insecure, timeout: o.connectTimeoutMs };
    this.agent = new Agent({
      connections: o.connectionsPerOrigin,
      connectTimeout: o.connectTimeoutMs,
      headersTimeout: o.totalTimeoutMs,
      bodyTimeout: o.totalTimeoutMs,
      keepAliveTimeout: 4_000,
      connect: o.addressGuard ? guardedConnector(o.addressGuard, tlsOptions) : tlsOptions,
    });
    this.gate = new HostGate(o.politenessDelayMs);
  }

  async fetch(url: string, call: FetchCall = {}): Promise<FetchResult> {
    const redirects: string[] = [];
    const seen = new Set<string>();
    let current = url;
    for (;;) {
      let parsed: URL;
      try {
        parsed = new URL(current);
      } catch {
        return { ok: false, url, kind: 'bad-url', message: 'неверный адрес', redirects };
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        return {
          ok: false,
          url,
          kind: 'bad-url',
          message: `адрес со схемой ${parsed.protocol} не проверяется`,
          redirects,
        };
      }
      parsed.hash = '';
      const key = parsed.href;
      if (seen.has(key))
        return { ok: false, url, kind: 'redirect-loop', message: 'циклическое перенаправление', redirects };
      seen.add(key);
      const res = await this.gate.run(parsed.host, () => this.once(parsed.href, call));
      if (!res.ok) return { ...res, url, redirects };
      const location = res.headers['location'];
      if (res.status >= 300 && res.status < 400 && location) {
        if (redirects.length >= this.options.maxRedirects) {
          return {
            ok: false,
            url,
            kind: 'too-many-redirects',
            message: `больше ${this.options.maxRedirects} перенаправлений`,
            redirects,
          };
        }
        const next = new URL(location, parsed).href;
        redirects.push(next);
        current = next;
        continue;
      }
      return { ...res, url, finalUrl: parsed.href, redirects };
    }
  }

  private async once(url: string, call: FetchCall): Promise<FetchOk | Omit<FetchFail, 'url' | 'redirects'>> {
    const started = performance.now();
    const limit = call.maxBodyBytes ?? this.options.maxBodyBytes;
    const signal = AbortSignal.timeout(this.options.totalTimeoutMs);
    this.requests++;
    try {
      const res = await request(url, {
        method: call.method ?? 'GET',
        dispatcher: this.agent,
        signal,
        headers: {
          'user-agent': this.options.userAgent,
          accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
          'accept-language': 'ru,en;q=0.5',
          'accept-encoding': 'gzip, deflate, br',
          ...(call.conditional?.etag ? { 'if-none-match': call.conditional.etag } : {}),
          ...(call.conditional?.lastModified ? { 'if-modified-since': call.conditional.lastModified } : {}),
        },
      });
      const headers = flattenHeaders(res.headers);
      const declared = Number(headers['content-length']);
      const isRedirect = res.statusCode >= 300 && res.statusCode < 400;
      let body: Buffer = Buffer.alloc(0);
      let truncated = false;
      let observed = 0;
      let notPage: FetchOk['notPage'];
      const contentType = (headers['content-type'] ?? '').toLowerCase();
      if (call.page && !isRedirect && res.statusCode < 400 && contentType && !PAGE_TYPES.test(contentType))
        notPage = 'type';
      if (call.method === 'HEAD' || isRedirect || notPage) {
        await res.body.dump();
      } else {
        let binary: boolean;
        ({ body, truncated, observed, binary } = await readLimited(
          res.body,
          headers['content-encoding'],
          limit,
          call.page === true,
        ));
        if (binary) notPage = 'binary';
      }
      return {
        ok: true,
        url,
        finalUrl: url,
        status: res.statusCode,
        headers,
        contentType,
        body,
        truncated,
        size:
          Number.isFinite(declared) && declared > 0 ? declared : truncated || call.method === 'HEAD' ? null : observed,
        ...(notPage ? { notPage } : {}),
        redirects: [],
        elapsedMs: performance.now() - started,
      };
    } catch (err) {
      return describeError(err, signal.aborted);
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

const PAGE_TYPES = /html|xml|text\/plain/;
const SNIFF_BYTES = 1024;

/**
 * Binary, not text in any encoding a Russian site uses: a file signature, or NUL / C0 control bytes that
 * no HTML in UTF-8, windows-1251 or KOI8-R contains. UTF-16 (with its BOM) is text.
 */
export function looksBinary(head: Buffer): boolean {
  if (head.length === 0) return false;
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return false;
  const signatures = [
    '%PDF',
    'PK\x03\x04',
    '\x89PNG',
    'GIF8',
    '\xff\xd8\xff',
    'Rar!',
    '7z\xbc\xaf',
    '\x1f\x8b',
    'OggS',
    'ID3',
    '\xd0\xcf\x11\xe0',
  ];
  for (const sig of signatures) if (head.subarray(0, sig.length).equals(Buffer.from(sig, 'latin1'))) return true;
  let control = 0;
  for (const b of head) {
    if (b === 0) return true;
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) || b === 0x7f) control++;
  }
  return control / head.length > 0.05;
}

async function readLimited(
  raw: Readable,
  encoding: string | undefined,
  limit: number,
  sniff: boolean,
): Promise<{ body: Buffer; truncated: boolean; observed: number; binary: boolean }> {
  const stream = decompress(raw, encoding);
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  let binary = false;
  let sniffed = !sniff;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (!sniffed && size + chunk.length >= SNIFF_BYTES) {
        sniffed = true;
        const head = Buffer.concat([...chunks, chunk]).subarray(0, SNIFF_BYTES);
        if (looksBinary(head)) {
          chunks.length = 0;
          chunks.push(head);
          size = head.length;
          binary = true;
          break;
        }
      }
      const room = limit - size;
      if (chunk.length > room) {
        if (room > 0) chunks.push(chunk.subarray(0, room));
        size = limit;
        truncated = true;
        break;
      }
      chunks.push(chunk);
      size += chunk.length;
    }
  } finally {
    if (truncated || binary) {
      raw.destroy();
      stream.destroy();
    }
  }
  const body = Buffer.concat(chunks, size);
  if (!sniffed && looksBinary(body.subarray(0, SNIFF_BYTES))) binary = true;
  return { body, truncated, observed: size, binary };
}

function decompress(raw: Readable, encoding: string | undefined): Readable {
  const enc = (encoding ?? '').trim().toLowerCase();
  const make =
    enc === 'gzip' || enc === 'x-gzip'
      ? zlib.createGunzip
      : enc === 'deflate'
        ? zlib.createInflate
        : enc === 'br'
          ? zlib.createBrotliDecompress
          : null;
  if (!make) return raw;
  // The limit is applied to decompressed bytes: a small gzip bomb cannot blow up memory.
  return pipeline(raw, make(), () => {});
}

function describeError(err: unknown, aborted: boolean): Omit<FetchFail, 'url' | 'redirects'> {
  const code = errorCode(err);
  if (code === INTERNAL_ADDRESS_CODE) return { ok: false, kind: 'internal', message: INTERNAL_ADDRESS_MESSAGE };
  const tls = classifyTlsError(err);
  if (tls) return { ok: false, kind: 'tls', tls, message: code ?? 'TLS' };
  if (
    aborted ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT' ||
    code === 'ABORT_ERR' ||
    code === 'UND_ERR_ABORTED'
  ) {
    return { ok: false, kind: 'timeout', message: 'сайт не ответил вовремя' };
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT')
    return { ok: false, kind: 'timeout', message: 'не удалось соединиться вовремя' };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return { ok: false, kind: 'dns', message: 'имя сайта не найдено в DNS' };
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EHOSTUNREACH') {
    return { ok: false, kind: 'connect', message: `соединение не установлено (${code})` };
  }
  return { ok: false, kind: 'network', message: code ?? (err instanceof Error ? err.message : String(err)) };
}

function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h))
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
