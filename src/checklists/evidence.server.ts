// Evidence files and links. Photos are identified by their bytes only: the media type is sniffed from the
// content and the file is stored under its SHA-256, so a client-chosen name or type never reaches the disk
// or a response header.
import { megabytesRu, sniffImage, type ImageMediaType } from '../files/sniff';

// Sniffing and hash-named storage live in src/files (shared with plan evidence and council scans).
export { sniffImage } from '../files/sniff';
export { isSha256, readUpload, sha256Hex, storeUpload, uploadsDir } from '../files/storage.server';

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const MAX_PHOTOS_PER_SAVE = 5;
export const MAX_NOTE_LENGTH = 2000;
export const MAX_LINK_LENGTH = 2000;

export type PhotoMediaType = ImageMediaType;

export const PHOTO_EXTENSIONS: Record<PhotoMediaType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/heic': 'heic',
};

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

/** Checks one uploaded file; `shownName` is used only in the message (React escapes it). */
export function photoProblem(bytes: Uint8Array, shownName: string): PhotoProblem | null {
  const name = shownName.slice(0, 120) || 'без имени';
  if (bytes.length === 0) return { code: 'empty', message: `Файл «${name}» пустой.` };
  if (bytes.length > MAX_PHOTO_BYTES) {
    return {
      code: 'too-large',
      message: `Файл «${name}» больше 10 МБ (${megabytesRu(bytes.length)}). Уменьшите фотографию и загрузите снова.`,
    };
  }
  if (!sniffImage(bytes)) {
    return {
      code: 'not-image',
      message: `Файл «${name}» не является фотографией JPEG, PNG или HEIC (проверено по содержимому файла, а не по имени).`,
    };
  }
  return null;
}
