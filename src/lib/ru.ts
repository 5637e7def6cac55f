// The Russian lexicon of every page, document and message: dates «дд.мм.гггг», date-times in Moscow time and
// plurals. Client-safe (no Node APIs): pages, hot pages and server documents share it, so a date is
// written the same way everywhere and the server's rendering survives hydration in another time zone.

/** The zone of every date-time shown: the assessment's deadlines and protocols are kept in Moscow time. */
export const RU_TIME_ZONE = 'Europe/Moscow';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})/;

/**
 * `2025-03-05` (or an ISO timestamp, or a Date) → «05.03.2025». A calendar day string is read as written,
 * never through a time zone; a Date is read in UTC, as the database stores days. Empty → ''.
 */
export function ruDate(value: Date | string | null | undefined): string {
  if (!value) return '';
  if (typeof value === 'string') {
    const m = ISO_DAY.exec(value);
    if (m) return `${m[3]}.${m[2]}.${m[1]}`;
    value = new Date(value);
  }
  if (Number.isNaN(value.getTime())) return '';
  return `${pad(value.getUTCDate())}.${pad(value.getUTCMonth() + 1)}.${value.getUTCFullYear()}`;
}

/** ruDate, but null for no date: for texts that leave a whole phrase out when there is no day. */
export function ruDateOrNull(value: Date | string | null | undefined): string | null {
  return ruDate(value) || null;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

const minutes = new Intl.DateTimeFormat('ru-RU', {
  timeZone: RU_TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const seconds = new Intl.DateTimeFormat('ru-RU', {
  timeZone: RU_TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export type RuDateTimeOptions = {
  /** «14:07:09» instead of «14:07» (the change log, where order within a minute matters). */
  seconds?: boolean;
  /** Append « МСК» where the reader may be in another zone (public and survey pages). */
  zone?: boolean;
};

/** «05.03.2025 14:07» in Moscow time; '' for no moment. Formatted on the server for hydration's sake. */
export function ruDateTime(at: Date | string | number | null | undefined, options: RuDateTimeOptions = {}): string {
  if (at === null || at === undefined || at === '') return '';
  const d = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(d.getTime())) return '';
  const text = (options.seconds ? seconds : minutes).format(d).replace(',', '');
  return options.zone ? `${text} МСК` : text;
}

/** One, few and many: «организация», «организации», «организаций». */
export type PluralForms =
  readonly [one: string, few: string, many: string] | { one: string; few: string; many: string };

const rules = new Intl.PluralRules('ru');

/** The word for n: pluralRu(21, ['день', 'дня', 'дней']) → «день». Fractions take the «few» form («1,5 балла»). */
export function pluralRu(n: number, forms: PluralForms): string {
  const [one, few, many] = Array.isArray(forms)
    ? (forms as readonly [string, string, string])
    : [(forms as { one: string }).one, (forms as { few: string }).few, (forms as { many: string }).many];
  const rule = rules.select(n);
  return rule === 'one' ? one : rule === 'few' ? few : rule === 'many' ? many : few;
}

/** The number and its word: countRu(5, ['анкета', 'анкеты', 'анкет']) → «5 анкет». */
export function countRu(n: number, forms: PluralForms): string {
  return `${n} ${pluralRu(n, forms)}`;
}

/** A decimal with a comma, as Russian texts write it: 4.5 → «4,5». */
export function ruDecimal(n: number, digits?: number): string {
  return (digits === undefined ? String(n) : n.toFixed(digits)).replace('.', ',');
}
