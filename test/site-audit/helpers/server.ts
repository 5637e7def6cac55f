import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Site } from '../fixtures/school';

export interface FixtureServer {
  url: string;
  port: number;
  /** Requests seen, in order, for politeness assertions. */
  log: { path: string; at: number; ua: string | undefined }[];
  close: () => Promise<void>;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => boolean | void;

export interface ServeOptions {
  latencyMs?: number;
  tls?: { key: string; cert: string };
  /** Runs first; return true when it has answered. */
  handler?: Handler;
  host?: string;
}

/** Serves a fixture site on 127.0.0.1 (HTTP or HTTPS) on a free port. */
export async function serve(site: Site, options: ServeOptions = {}): Promise<FixtureServer> {
  const log: FixtureServer['log'] = [];
  const sockets = new Set<Socket>();
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0] as string);
    log.push({ path, at: Date.now(), ua: req.headers['user-agent'] });
    const answer = () => {
      if (options.handler?.(req, res)) return;
      const route = site[path] ?? (path.endsWith('/') ? undefined : site[path + '/']) ?? (path.endsWith('/') ? site[path.slice(0, -1)] : undefined);
      if (!route) {
        res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<html><head><title>404 Не найдено</title></head><body><h1>Страница не найдена</h1></body></html>');
        return;
      }
      res.writeHead(route.status ?? 200, route.headers ?? { 'content-type': 'text/html; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : route.body);
    };
    if (options.latencyMs) setTimeout(answer, options.latencyMs);
    else answer();
  };
  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, onRequest) : http.createServer(onRequest);
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
