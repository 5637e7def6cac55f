// What an uploaded file really is, read from its first bytes. The client's file name and Content-Type are
// never trusted: they decide nothing that reaches the disk or a response header. Client-safe (no Node APIs).

export type ImageMediaType = 'image/jpeg' | 'image/png' | 'image/heic';
export type SniffedMediaType = ImageMediaType | 'application/pdf';

export const EXTENSIONS: Record<SniffedMediaType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/heic': 'heic',
  'application/pdf': 'pdf',
};

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const HEIF_BRANDS = new Set(['heic', 'heix', 'mif1']);

/** The media type the bytes really are, or null when they are not a JPEG, PNG or HEIC image. */
export function sniffImage(bytes: Uint8Array): ImageMediaType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && PNG.every((b, i) => bytes[i] === b)) return 'image/png';
  // ISO-BMFF: the first box is `ftyp` = size(4) 'ftyp' major_brand(4) minor_version(4) compatible_brands(4·n).
  if (bytes.length >= 16 && ascii(bytes, 4, 8) === 'ftyp') {
    const boxSize = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
    const end = Math.min(bytes.length, boxSize >= 16 && boxSize <= 4096 ? boxSize : 16);
    if (HEIF_BRANDS.has(ascii(bytes, 8, 12))) return 'image/heic';
    for (let off = 16; off + 4 <= end; off += 4) if (HEIF_BRANDS.has(ascii(bytes, off, off + 4))) return 'image/heic';
  }
  return null;
}

/** A photo (JPEG, PNG, HEIC) or a PDF document, by content; null for anything else. */
export function sniffFile(bytes: Uint8Array): SniffedMediaType | null {
  const image = sniffImage(bytes);
  if (image) return image;
  if (bytes.length >= 5 && ascii(bytes, 0, 5) === '%PDF-') return 'application/pdf';
  return null;
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}

/** «3,4 МБ»: a size for a message. */
export function megabytesRu(size: number): string {
  return `${(size / 1048576).toFixed(1).replace('.', ',')} МБ`;
}
