import zlib from 'node:zlib';

/**
 * Whether a PDF has a text layer, without a PDF library: fonts are declared in page resources, and a
 * scan is a page of images without any font. Object streams (PDF 1.5+) hide the dictionaries inside
 * compressed streams, so those are inflated (bounded). Returns null when the bytes do not tell.
 */
export function pdfHasTextLayer(bytes: Buffer, truncated = false): boolean | null {
  if (bytes.subarray(0, 1024).toString('latin1').indexOf('%PDF-') < 0) return null;
  const s = bytes.toString('latin1');
  if (/\/Font\b/.test(s)) return true;
  if (s.includes('/ObjStm')) {
    for (const dict of inflateObjectStreams(s)) if (/\/Font\b/.test(dict)) return true;
  }
  if (truncated) return null;
  return /\/Image\b/.test(s) || /\/XObject\b/.test(s) ? false : null;
}

function* inflateObjectStreams(s: string): Generator<string> {
  const re = /\/Type\s*\/ObjStm[^]*?stream\r?\n/g;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = re.exec(s)) && n++ < 200) {
    const start = m.index + m[0].length;
    const end = s.indexOf('endstream', start);
    if (end < 0) return;
    try {
      yield zlib
        .inflateSync(Buffer.from(s.slice(start, end), 'latin1'), { maxOutputLength: 4 * 1024 * 1024 })
        .toString('latin1');
    } catch {
      // a stream we cannot inflate tells us nothing
    }
    re.lastIndex = end;
  }
}
