// Reading a posted form ONCE per request. On hot Hono paths the body is parsed by a middleware that runs
// before the CSRF check and shared through `c.set('parsedForm')`, so the CSRF middleware reads its token
// from it instead of cloning the request and parsing the body a second time (the clone forced
// @hono/node-server to build a full WHATWG Request with web streams: the largest single cost of POST /q).
import type { Context } from 'hono';

/** Anything with `get(name)`: URLSearchParams for url-encoded bodies, FormData for multipart ones. */
export type ParsedForm = { get(name: string): unknown };

export type FormReadResult = { ok: true; form: ParsedForm } | { ok: false; reason: 'too-large' | 'unreadable' };

/**
 * Reads the body with a size limit: a declared Content-Length above `maxBytes` is refused before reading,
 * a body without one (chunked) is read only up to the limit. `application/x-www-form-urlencoded` is parsed
 * with URLSearchParams (what the Fetch API does too), `multipart/form-data` by the Fetch API.
 */
export async function readForm(c: Context, maxBytes: number): Promise<FormReadResult> {
  const type = c.req.header('content-type') ?? '';
  const urlencoded = type.startsWith('application/x-www-form-urlencoded');
  if (!urlencoded && !type.startsWith('multipart/form-data')) return { ok: false, reason: 'unreadable' };
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    const declared = c.req.header('content-length');
    if (declared !== undefined && !c.req.header('transfer-encoding')) {
      if (!/^\d+$/.test(declared) || Number(declared) > maxBytes) return { ok: false, reason: 'too-large' };
      // The HTTP parser delivers exactly the declared length; on @hono/node-server this reads the socket
      // directly without building a WHATWG Request.
      bytes = new Uint8Array(await c.req.arrayBuffer());
    } else {
      const limited = await readLimited(c.req.raw.body, maxBytes);
      if (!limited) return { ok: false, reason: 'too-large' };
      bytes = limited;
    }
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
  if (bytes.byteLength > maxBytes) return { ok: false, reason: 'too-large' };
  try {
    if (urlencoded) return { ok: true, form: new URLSearchParams(decoder.decode(bytes)) };
    return { ok: true, form: await new Response(bytes, { headers: { 'content-type': type } }).formData() };
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
}

const decoder = new TextDecoder();

async function readLimited(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
