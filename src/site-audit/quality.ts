import type { ValueKind } from './types';

// Values MR/1493 expect as a placeholder where an item does not apply: they count as filled in.
const PLACEHOLDER = /^(отсутству[а-яё]*|не предусмотрен[а-яё]*|нет|0|-|—|не имеется|не осуществля[а-яё]*)\.?$/iu;

export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value.trim());
}

export interface ValueProblem {
  code: string;
  message: string;
}

/** Checks a visible value against what its item should look like; returns null when it looks right. */
export function checkValue(kind: ValueKind, value: string, href: string | null, today: string): ValueProblem | null {
  const v = value.trim();
  if (isPlaceholder(v)) return null;
  switch (kind) {
    case 'date':
      return checkDate(v, today);
    case 'phone':
      return phonesIn(v).length > 0
        ? null
        : { code: 'bad-phone', message: `не похоже на номер телефона: «${short(v)}»` };
    case 'email':
      return emailsIn(v).length > 0 || (href?.startsWith('mailto:') ?? false)
        ? null
        : { code: 'bad-email', message: `не похоже на адрес электронной почты: «${short(v)}»` };
    case 'number':
      return /\d/.test(v) ? null : { code: 'bad-number', message: `ожидалось число: «${short(v)}»` };
    case 'doc':
      return href ? null : { code: 'no-link', message: 'документ указан без ссылки на файл' };
    case 'url':
      return href || /https?:\/\/|www\.|\.[a-zа-я]{2,}(\/|$)/i.test(v)
        ? null
        : { code: 'bad-url', message: `не похоже на адрес сайта: «${short(v)}»` };
    default:
      return null;
  }
}

const DATE_DMY = /\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b/;
const DATE_ISO = /\b(\d{4})-(\d{2})-(\d{2})\b/;
const MONTHS = [
  'январ',
  'феврал',
  'март',
  'апрел',
  'ма',
  'июн',
  'июл',
  'август',
  'сентябр',
  'октябр',
  'ноябр',
  'декабр',
];
const DATE_WORDS = /\b(\d{1,2})\s+([а-яё]+)\s+(\d{4})/i;

export function parseRussianDate(v: string): { y: number; m: number; d: number } | null {
  let m = DATE_DMY.exec(v);
  if (m) return { d: Number(m[1]), m: Number(m[2]), y: Number(m[3]) };
  m = DATE_ISO.exec(v);
  if (m) return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  m = DATE_WORDS.exec(v);
  if (m) {
    const word = (m[2] ?? '').toLowerCase();
    const idx = MONTHS.findIndex((p) => word.startsWith(p));
    if (idx >= 0) return { d: Number(m[1]), m: idx + 1, y: Number(m[3]) };
  }
  return null;
}

function checkDate(v: string, today: string): ValueProblem | null {
  const d = parseRussianDate(v);
  if (!d) return { code: 'bad-date', message: `не похоже на дату: «${short(v)}»` };
  const date = new Date(Date.UTC(d.y, d.m - 1, d.d));
  const valid = date.getUTCFullYear() === d.y && date.getUTCMonth() === d.m - 1 && date.getUTCDate() === d.d;
  const iso = `${String(d.y).padStart(4, '0')}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`;
  if (!valid || d.y < 1700 || iso > today)
    return { code: 'implausible-date', message: `неправдоподобная дата: «${short(v)}»` };
  return null;
}

/** Russian phone numbers: 10–11 digits (with +7/8), or 5–7-digit local numbers with an area code nearby. */
export function phonesIn(v: string): string[] {
  const out: string[] = [];
  for (const m of v.matchAll(/(?:\+?\d[\d\s().-]{4,}\d)/g)) {
    const digits = m[0].replace(/\D/g, '');
    if (
      (digits.length === 11 && /^[78]/.test(digits)) ||
      digits.length === 10 ||
      (digits.length >= 5 && digits.length <= 7)
    )
      out.push(digits);
  }
  return out;
}

export function emailsIn(v: string): string[] {
  return [...v.matchAll(/[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zа-я]{2,}/gi)].map((m) => m[0]);
}

function short(v: string): string {
  return v.length > 60 ? v.slice(0, 60) + '…' : v;
}
