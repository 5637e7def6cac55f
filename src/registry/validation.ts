import type { OrganisationType } from '../db/schema/registry';

/** A validation verdict: null when the value is fine, otherwise a Russian sentence for the user. */
export type Problem = string | null;

const INN10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

function checkDigit(digits: string, weights: number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += Number(digits[i]) * weights[i]!;
  return (sum % 11) % 10;
}

/** ИНН: 10 digits (legal entity) or 12 digits (individual), with the Federal Tax Service check digits. */
export function checkInn(value: string): Problem {
  if (!/^\d+$/.test(value)) return 'ИНН должен состоять только из цифр';
  if (value.length === 10) {
    return checkDigit(value, INN10) === Number(value[9]) ? null : 'ИНН не проходит проверку контрольной цифры';
  }
  if (value.length === 12) {
    const ok = checkDigit(value, INN12_11) === Number(value[10]) && checkDigit(value, INN12_12) === Number(value[11]);
    return ok ? null : 'ИНН не проходит проверку контрольных цифр';
  }
  if (value.length === 9 || value.length === 11) {
    return `ИНН должен содержать 10 или 12 цифр, а здесь ${value.length} (возможно, таблица убрала ведущий ноль — задайте столбцу текстовый формат)`;
  }
  return `ИНН должен содержать 10 или 12 цифр, а здесь ${value.length}`;
}

/** ОГРН (13 digits, remainder mod 11) or ОГРНИП (15 digits, remainder mod 13). */
export function checkOgrn(value: string): Problem {
  if (!/^\d+$/.test(value)) return 'ОГРН должен состоять только из цифр';
  if (value.length !== 13 && value.length !== 15)
    return `ОГРН должен содержать 13 цифр (ОГРНИП — 15), а здесь ${value.length}`;
  const body = BigInt(value.slice(0, -1));
  const modulus = value.length === 13 ? 11n : 13n;
  const expected = Number((body % modulus) % 10n);
  return expected === Number(value.at(-1)) ? null : 'ОГРН не проходит проверку контрольной цифры';
}

/** КПП: 4 digits (tax office), 2 digits or capital Latin letters (reason), 3 digits (number). */
export function checkKpp(value: string): Problem {
  if (value.length !== 9) return `КПП должен содержать 9 знаков, а здесь ${value.length}`;
  return /^\d{4}[\dA-Z]{2}\d{3}$/.test(value)
    ? null
    : 'КПП должен иметь вид NNNNPPNNN: цифры, в 5–6 знаках допустимы заглавные латинские буквы';
}

export const typeLabels: Record<OrganisationType, string> = {
  preschool: 'ДОО',
  school: 'Школа',
  college: 'СПО',
  additional: 'ДОД',
};

export const typeLongLabels: Record<OrganisationType, string> = {
  preschool: 'дошкольная образовательная организация',
  school: 'общеобразовательная организация',
  college: 'профессиональная образовательная организация (СПО)',
  additional: 'организация дополнительного образования',
};

function norm(value: string): string {
  return value
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[«»"'.]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const typeAliases: Record<string, OrganisationType> = {};
for (const [type, names] of Object.entries({
  preschool: [
    'доо',
    'до',
    'дошкольная',
    'дошкольная образовательная организация',
    'детский сад',
    'детсад',
    'мбдоу',
    'мадоу',
    'preschool',
  ],
  school: [
    'школа',
    'оо',
    'ооо',
    'общеобразовательная',
    'общеобразовательная организация',
    'сош',
    'оош',
    'гимназия',
    'лицей',
    'мбоу',
    'маоу',
    'school',
  ],
  college: ['спо', 'поо', 'колледж', 'техникум', 'профессиональная образовательная организация', 'college'],
  additional: [
    'дод',
    'удо',
    'до дети',
    'дополнительное',
    'дополнительное образование',
    'организация дополнительного образования',
    'мбудо',
    'маудо',
    'additional',
  ],
} satisfies Record<OrganisationType, string[]>)) {
  for (const n of names) typeAliases[n] = type as OrganisationType;
}

/** Accepts the codes and the names Russian offices write: «ДОО», «школа», «СПО», «ДОД», «детский сад»… */
export function parseOrganisationType(value: string): OrganisationType | null {
  return typeAliases[norm(value)] ?? null;
}

export const statusLabels = { active: 'действует', reorganised: 'реорганизована', closed: 'закрыта' } as const;
export type OrganisationStatus = keyof typeof statusLabels;

export function parseOrganisationStatus(value: string): OrganisationStatus | null {
  const v = norm(value);
  if (v === '' || v === 'active' || v.startsWith('действ') || v === 'работает') return 'active';
  if (v === 'reorganised' || v.startsWith('реорганиз')) return 'reorganised';
  if (v === 'closed' || v.startsWith('закрыт') || v.startsWith('ликвидир')) return 'closed';
  return null;
}

/** Normalises a site address to an absolute http(s) URL; null when it cannot be one. */
export function normaliseWebsite(value: string): string | null {
  const v = value.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(v) ? v : `https://${v}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (!url.hostname.includes('.')) return null;
    return url.toString().replace(/\/$/, '');
  } catch {
    return null;
  }
}

/** Completes nine digits into a valid 10-digit ИНН (demo data, tests). */
export function innWithCheckDigit(first9: string): string {
  return first9 + String(checkDigit(first9, INN10));
}

/** Completes twelve digits into a valid 13-digit ОГРН (demo data, tests). */
export function ogrnWithCheckDigit(first12: string): string {
  return first12 + String(Number((BigInt(first12) % 11n) % 10n));
}
