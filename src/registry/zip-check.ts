// Reads a ZIP's central directory (no inflating) so an XLSX whose parts would unpack to hundreds of
// megabytes is refused on its declared sizes before a single byte is inflated (issue 10 item 2).

export type ZipEntry = { name: string; compressed: number; uncompressed: number };

export type ZipLimits = { maxEntries: number; maxEntryBytes: number; maxTotalBytes: number };

export type ZipVerdict =
  | { ok: true; entries: ZipEntry[]; total: number }
  | { ok: false; reason: 'not-zip' | 'zip64' | 'entries' | 'entry' | 'total'; entries?: ZipEntry[]; total?: number };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;

/** Lists the entries with their declared sizes and checks them against the limits. */
export function checkZip(bytes: Uint8Array, limits: ZipLimits): ZipVerdict {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record sits in the last 22 + 65535 bytes (its comment is at most 64 KB).
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, reason: 'not-zip' };
  const count = view.getUint16(eocd + 10, true);
  const size = view.getUint32(eocd + 12, true);
  const offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) return { ok: false, reason: 'zip64' };
  if (offset + size > bytes.length) return { ok: false, reason: 'not-zip' };
  if (count > limits.maxEntries) return { ok: false, reason: 'entries' };
  const entries: ZipEntry[] = [];
  let p = offset;
  let total = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== CENTRAL) return { ok: false, reason: 'not-zip' };
    const compressed = view.getUint32(p + 20, true);
    const uncompressed = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    if (compressed === 0xffffffff || uncompressed === 0xffffffff) return { ok: false, reason: 'zip64' };
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLength));
    entries.push({ name, compressed, uncompressed });
    total += uncompressed;
    if (uncompressed > limits.maxEntryBytes) return { ok: false, reason: 'entry', entries, total };
    if (total > limits.maxTotalBytes) return { ok: false, reason: 'total', entries, total };
    p += 46 + nameLength + extraLength + commentLength;
  }
  return { ok: true, entries, total };
}
