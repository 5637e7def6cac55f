// HTTP caching of the immutable pages: ETags from the snapshot's content hash, If-None-Match, and a small
// in-memory cache of rendered (and pre-gzipped) pages.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Context } from 'hono';
import type { ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { matches, RenderCache } from '../render-cache.server';
import { Shell } from './shell';
import type { View } from './view';

type Page = { html: string; gzip: Uint8Array; etag: string };

export { matches };

/** The results portal's rendered pages (HTML and its gzip), keyed by version, page, query and mode. */
export class PageCache extends RenderCache<Page> {}

export const etagOf = (hash: string, key: string) =>
  `"${hash.slice(0, 16)}-${createHash('sha1').update(key).digest('hex').slice(0, 12)}"`;

/** Serves an immutable page: 304 when the client has it, cached (and pre-gzipped) HTML otherwise. */
export function servePage(c: Context, pages: PageCache, v: View, key: string, render: () => ReactNode, title: string) {
  // The current version id is part of the key: a page of version 1 changes (a «replaced» notice) once
  // a correction is published.
  const fullKey = `${v.version.id}|${v.current.id}|${key}|${v.contrast ? 1 : 0}`;
  const etag = etagOf(v.version.contentHash, fullKey);
  c.header('ETag', etag);
  // A pinned version never changes; the current one can be superseded by a correction: revalidate.
  c.header('Cache-Control', v.pin ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate');
  c.header('Vary', 'Cookie, Accept-Encoding');
  if (matches(c.req.header('If-None-Match'), etag)) return c.body(null, 304);
  let hit = pages.get(fullKey);
  if (!hit) {
    const html =
      '<!doctype html>' +
      renderToString(
        <Shell title={title} contrast={v.contrast} back={c.req.path + new URL(c.req.url).search}>
          {render()}
        </Shell>,
      );
    hit = { html, gzip: gzipSync(html, { level: 6 }), etag };
    pages.set(fullKey, hit);
  }
  c.header('Content-Type', 'text/html; charset=UTF-8');
  if (/\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '')) {
    // Compressed once per page instead of once per request; the compress middleware leaves it alone.
    c.header('Content-Encoding', 'gzip');
    return c.body(hit.gzip as Uint8Array<ArrayBuffer>);
  }
  return c.body(hit.html);
}
