import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Site } from '../fixtures/school';

export interface FixtureServer {
  url: string;
  port: number;
  /** Requests seen, in order, for politeness assertions. */
  log: {
    path: string;
    at: number;
    ua: string | undefined;
    method?: string;
    status?: number;
    bytes?: number;
    headers?: Record<string, string | string[] | undefined>;
  }[];
  close: () => Promise<void>;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => boolean | void;

export interface ServeOptions {
  latencyMs?: number;
  tls?: { key: string; cert: string };
  /** Runs first; return true when it has answered. */
  handler?: Handler;
  host?: string;
  /** Send ETag and Last-Modified with every route and answer 304 to a matching conditional request. */
  validators?: boolean;
  /** Send route bodies at this rate (a slow school hosting), in 64 KiB chunks. */
  bytesPerSecond?: number;
}

/** Serves a fixture site on 127.0.0.1 (HTTP or HTTPS) on a free port. */
export async function serve(site: Site, options: ServeOptions = {}): Promise<FixtureServer> {
  const log: FixtureServer['log'] = [];
  const sockets = new Set<Socket>();
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0] as string);
    const entry: FixtureServer['log'][number] = {
      path,
      at: Date.now(),
      ua: req.headers['user-agent'],
      method: req.method ?? 'GET',
      headers: req.headers,
    };
    log.push(entry);
    res.on('finish', () => (entry.status = res.statusCode));
    const answer = () => {
      if (options.handler?.(req, res)) return;
      const route =
        site[path] ??
        (path.endsWith('/') ? undefined : site[path + '/']) ??
        (path.endsWith('/') ? site[path.slice(0, -1)] : undefined);
      if (!route) {
        res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<html><head><title>404 Не найдено</title></head><body><h1>Страница не найдена</h1></body></html>');
        return;
      }
      const headers: Record<string, string> = { ...(route.headers ?? { 'content-type': 'text/html; charset=utf-8' }) };
      if (options.validators) {
        const etag = `"${createHash('sha1').update(route.body).digest('hex').slice(0, 16)}"`;
        headers['etag'] = etag;
        headers['last-modified'] = 'Mon, 01 Sep 2025 08:00:00 GMT';
        if (
          req.headers['if-none-match'] === etag ||
          (!req.headers['if-none-match'] && req.headers['if-modified-since'] === headers['last-modified'])
        ) {
          res.writeHead(304, { etag, 'last-modified': headers['last-modified'] });
          res.end();
          return;
        }
      }
      headers['content-length'] ??= String(Buffer.byteLength(route.body));
      res.writeHead(route.status ?? 200, headers);
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      const body = Buffer.from(route.body);
      entry.bytes = body.length;
      if (!options.bytesPerSecond) {
        res.end(body);
        return;
      }
      const step = 65_536;
      const pause = (step / options.bytesPerSecond) * 1000;
      let at = 0;
      const send = () => {
        if (res.destroyed) return;
        res.write(body.subarray(at, at + step));
        at += step;
        if (at >= body.length) res.end();
        else setTimeout(send, pause);
      };
      send();
    };
    if (options.latencyMs) setTimeout(answer, options.latencyMs);
    else answer();
  };
  const server = options.tls
    ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, onRequest)
    : http.createServer(onRequest);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, options.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const scheme = options.tls ? 'https' : 'http';
  return {
    url: `${scheme}://127.0.0.1:${port}/`,
    port,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
