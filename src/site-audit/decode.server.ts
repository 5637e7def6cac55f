import iconv from 'iconv-lite';

export type CharsetSource = 'header' | 'bom' | 'meta' | 'detected' | 'default';

export interface Decoded {
  text: string;
  charset: string;
  source: CharsetSource;
}

/** Charset labels seen on Russian sites, normalised to iconv-lite names. */
function normalise(label: string | undefined | null): string | null {
  if (!label) return null;
  const l = label
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, '');
  const alias: Record<string, string> = {
    utf8: 'utf-8',
    cp1251: 'windows-1251',
    'win-1251': 'windows-1251',
    windows1251: 'windows-1251',
    'x-cp1251': 'windows-1251',
    koi8r: 'koi8-r',
    'koi8-u': 'koi8-u',
    'iso-8859-1': 'windows-1252',
    latin1: 'windows-1252',
  };
  const name = alias[l] ?? l;
  return iconv.encodingExists(name) ? name : null;
}

export function charsetFromContentType(contentType: string | undefined): string | null {
  const m = /charset\s*=\s*("?)([\w:.-]+)\1/i.exec(contentType ?? '');
  return normalise(m?.[2]);
}

function fromBom(bytes: Buffer): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** `<meta charset>` or `http-equiv` within the first 4 KiB, as browsers prescan. */
export function charsetFromMeta(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 4096).toString('latin1');
  const direct = /<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)/i.exec(head);
  return normalise(direct?.[1]);
}

const FREQUENT_LOWER = new Set('оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё');

/** Share of frequent lower-case Cyrillic letters: Russian prose is mostly lower case, which tells cp1251 from koi8-r. */
function cyrillicScore(text: string): number {
  let score = 0;
  for (const ch of text) if (FREQUENT_LOWER.has(ch)) score++;
  return score;
}

export function detectCharset(bytes: Buffer): string {
  const sample = bytes.subarray(0, 64 * 1024);
  let highBytes = 0;
  for (const b of sample) if (b >= 0x80) highBytes++;
  if (highBytes === 0) return 'utf-8';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(trimPartialUtf8(sample));
    return 'utf-8';
  } catch {
    // not UTF-8: a single-byte Cyrillic code page
  }
  const cp = cyrillicScore(iconv.decode(sample, 'windows-1251'));
  const koi = cyrillicScore(iconv.decode(sample, 'koi8-r'));
  return koi > cp ? 'koi8-r' : 'windows-1251';
}

/** A sample cut at 64 KiB may split a multi-byte character; drop the incomplete tail before validating. */
function trimPartialUtf8(b: Buffer): Buffer {
  const end = b.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const byte = b[end - i] as number;
    if ((byte & 0xc0) === 0xc0) return b.subarray(0, end - i);
    if ((byte & 0x80) === 0) break;
  }
  return b;
}

/** Header → BOM → `<meta>` → detection, the order browsers and the issue require. */
export function decodeHtml(bytes: Buffer, contentType?: string): Decoded {
  const header = charsetFromContentType(contentType);
  if (header) return { text: stripBom(iconv.decode(bytes, header)), charset: header, source: 'header' };
  const bom = fromBom(bytes);
  if (bom) return { text: stripBom(iconv.decode(bytes, bom)), charset: bom, source: 'bom' };
  const meta = charsetFromMeta(bytes);
  if (meta) return { text: iconv.decode(bytes, meta), charset: meta, source: 'meta' };
  const detected = detectCharset(bytes);
  return { text: iconv.decode(bytes, detected), charset: detected, source: 'detected' };
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}
