// Evidence files and links. Photos are identified by their bytes only: the media type is sniffed from the
// content and the file is stored under its SHA-256, so a client-chosen name or type never reaches the disk
// or a response header.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const MAX_PHOTOS_PER_SAVE = 5;
export const MAX_NOTE_LENGTH = 2000;
export const MAX_LINK_LENGTH = 2000;

export type PhotoMediaType = 'image/jpeg' | 'image/png' | 'image/heic';

export const PHOTO_EXTENSIONS: Record<PhotoMediaType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/heic': 'heic' };

const HEIF_BRANDS = new Set(['heic', 'heix', 'mif1']);

/** The media type the bytes really are, or null when they are not a JPEG, PNG or HEIC image. */
export function sniffImage(bytes: Uint8Array): PhotoMediaType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return 'image/png';
  // ISO-BMFF: the first box is `ftyp` = size(4) 'ftyp' major_brand(4) minor_version(4) compatible_brands(4·n).
  if (bytes.length >= 16 && ascii(bytes, 4, 8) === 'ftyp') {
    const boxSize = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
    const end = Math.min(bytes.length, boxSize >= 16 && boxSize <= 4096 ? boxSize : 16);
    if (HEIF_BRANDS.has(ascii(bytes, 8, 12))) return 'image/heic';
    for (let off = 16; off + 4 <= end; off += 4) if (HEIF_BRANDS.has(ascii(bytes, off, off + 4))) return 'image/heic';
  }
  return null;
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}

/** A link is evidence only when it is an absolute http(s) address; anything else is refused, not "fixed". */
export function linkProblem(value: string): string | null {
  if (!value) return null;
  if (value.length > MAX_LINK_LENGTH) return `Ссылка слишком длинная (больше ${MAX_LINK_LENGTH} символов).`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Ссылка должна быть полным адресом, начинающимся с http:// или https://.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'Ссылка должна начинаться с http:// или https://.';
  if (!url.hostname) return 'В ссылке нет адреса сайта.';
  if (url.username || url.password) return 'Ссылка не должна содержать имя пользователя или пароль.';
  return null;
}

export type PhotoProblem = { code: 'empty' | 'too-large' | 'not-image'; message: string };

const MB = 1024 * 1024;

/** Checks one uploaded file; `shownName` is used only in the message (React escapes it). */
export function photoProblem(bytes: Uint8Array, shownName: string): PhotoProblem | null {
  const name = shownName.slice(0, 120) || 'без имени';
  if (bytes.length === 0) return { code: 'empty', message: `Файл «${name}» пустой.` };
  if (bytes.length > MAX_PHOTO_BYTES) {
    return { code: 'too-large', message: `Файл «${name}» больше 10 МБ (${(bytes.length / MB).toFixed(1).replace('.', ',')} МБ). Уменьшите фотографию и загрузите снова.` };
  }
  if (!sniffImage(bytes)) {
    return { code: 'not-image', message: `Файл «${name}» не является фотографией JPEG, PNG или HEIC (проверено по содержимому файла, а не по имени).` };
  }
  return null;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function uploadsDir(dataDir: string): string {
  return path.join(dataDir, 'uploads');
}

const SHA_RE = /^[0-9a-f]{64}$/;

export function isSha256(value: string | undefined): value is string {
  return !!value && SHA_RE.test(value);
}

/**
 * Writes the bytes under uploads/<sha256> (temp file + rename, so a reader never sees half a file). Called
 * before the database transaction: if that transaction fails, an unreferenced file remains, which is
 * harmless because the name is the content.
 */
export async function storeUpload(dataDir: string, bytes: Uint8Array): Promise<string> {
  const sha = sha256Hex(bytes);
  const dir = uploadsDir(dataDir);
  await mkdir(dir, { recursive: true });
  const target = path.join(dir, sha);
  try {
    const s = await stat(target);
    if (s.size === bytes.length) return sha;
  } catch {
    // not stored yet
  }
  const tmp = path.join(dir, `.${sha}.${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(tmp, bytes, { mode: 0o600 });
  try {
    await rename(tmp, target);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  return sha;
}

export async function readUpload(dataDir: string, sha: string): Promise<Uint8Array | null> {
  if (!isSha256(sha)) return null;
  try {
    return await readFile(path.join(uploadsDir(dataDir), sha));
  } catch {
    return null;
  }
}
