// The organisation card's fields without the database: names, Russian labels, validation and the date
// formats of the form and the import. Client-safe, so pages can render labels and errors from it.
import type { OrganisationType } from '../db/schema/registry';
import {
  checkInn,
  checkKpp,
  checkOgrn,
  normaliseWebsite,
  parseOrganisationStatus,
  parseOrganisationType,
  type OrganisationStatus,
} from './validation';
import { ruDate } from '../lib/ru';

/** The editable fields of an organisation card, already validated and normalised. */
export type OrganisationInput = {
  fullName: string;
  shortName: string;
  type: OrganisationType;
  inn: string;
  ogrn: string | null;
  kpp: string | null;
  address: string | null;
  website: string | null;
  headName: string | null;
  founder: string | null;
  recipients: number | null;
  status: OrganisationStatus;
  lastAssessedOn: string | null;
};

export const organisationFields = [
  'fullName',
  'shortName',
  'type',
  'inn',
  'ogrn',
  'kpp',
  'address',
  'website',
  'headName',
  'founder',
  'recipients',
  'status',
  'lastAssessedOn',
] as const satisfies readonly (keyof OrganisationInput)[];
export type OrganisationField = (typeof organisationFields)[number];

/** Russian names of the fields: column headers of the template and the export, labels of the form. */
export const fieldLabels: Record<OrganisationField, string> = {
  fullName: 'Полное наименование',
  shortName: 'Краткое наименование',
  type: 'Тип',
  inn: 'ИНН',
  ogrn: 'ОГРН',
  kpp: 'КПП',
  address: 'Адрес',
  website: 'Официальный сайт',
  headName: 'Руководитель',
  founder: 'Учредитель',
  recipients: 'Число получателей услуг',
  status: 'Статус',
  lastAssessedOn: 'Дата последней оценки',
};

export class RegistryError extends Error {}

export type FieldErrors = Partial<Record<OrganisationField, string>>;

/**
 * Validates raw text values (a form or one import row) into an OrganisationInput. Dates arrive already
 * normalised to ISO (yyyy-mm-dd) or as the original text when they could not be read.
 */
export function validateOrganisation(
  raw: Partial<Record<OrganisationField, string | number | null | undefined>>,
): { ok: true; value: OrganisationInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const text = (f: OrganisationField) => {
    const v = raw[f];
    if (v === null || v === undefined) return '';
    return String(v).replace(/\s+/g, ' ').trim();
  };
  const optional = (f: OrganisationField) => text(f) || null;

  const fullName = text('fullName');
  if (!fullName) errors.fullName = 'не заполнено полное наименование';
  else if (fullName.length > 1000) errors.fullName = 'слишком длинное наименование (больше 1000 знаков)';
  const shortName = text('shortName');
  if (!shortName) errors.shortName = 'не заполнено краткое наименование';
  else if (shortName.length > 300) errors.shortName = 'слишком длинное краткое наименование (больше 300 знаков)';

  const typeText = text('type');
  const type = typeText ? parseOrganisationType(typeText) : null;
  if (!typeText) errors.type = 'не указан тип (ДОО, школа, СПО или ДОД)';
  else if (!type) errors.type = `неизвестный тип «${typeText}»: допустимы ДОО, школа, СПО, ДОД`;

  const inn = text('inn').replace(/\s/g, '');
  if (!inn) errors.inn = 'не указан ИНН';
  else {
    const p = checkInn(inn);
    if (p) errors.inn = p;
  }
  const ogrn = text('ogrn').replace(/\s/g, '') || null;
  if (ogrn) {
    const p = checkOgrn(ogrn);
    if (p) errors.ogrn = p;
  }
  const kpp = text('kpp').replace(/\s/g, '').toUpperCase() || null;
  if (kpp) {
    const p = checkKpp(kpp);
    if (p) errors.kpp = p;
  }
  let website: string | null = null;
  if (text('website')) {
    website = normaliseWebsite(text('website'));
    if (!website) errors.website = `не похоже на адрес сайта: «${text('website')}»`;
  }
  let recipients: number | null = null;
  const recipientsText = text('recipients').replace(/\s/g, '');
  if (recipientsText) {
    const n = Number(recipientsText);
    if (!Number.isInteger(n) || n < 0 || n > 1_000_000)
      errors.recipients = `число получателей должно быть целым неотрицательным числом, а не «${recipientsText}»`;
    else recipients = n;
  }
  const status = parseOrganisationStatus(text('status'));
  if (!status)
    errors.status = `неизвестный статус «${text('status')}»: допустимы «действует», «реорганизована», «закрыта»`;
  const lastAssessedOn = optional('lastAssessedOn');
  if (lastAssessedOn && !/^\d{4}-\d{2}-\d{2}$/.test(lastAssessedOn))
    errors.lastAssessedOn = `не удалось прочитать дату «${lastAssessedOn}»: ожидается дд.мм.гггг`;

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      fullName,
      shortName,
      type: type!,
      inn,
      ogrn,
      kpp,
      address: optional('address'),
      website,
      headName: optional('headName'),
      founder: optional('founder'),
      recipients,
      status: status!,
      lastAssessedOn,
    },
  };
}

/** Reads dd.mm.yyyy, yyyy-mm-dd, or an Excel serial day number; returns ISO yyyy-mm-dd or null. */
export function parseRussianDate(value: string | number | Date): string | null {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    return value.toISOString().slice(0, 10);
  }
  const v = String(value).trim();
  let y: number, m: number, d: number;
  let match = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(v);
  if (match) {
    d = Number(match[1]);
    m = Number(match[2]);
    y = Number(match[3]);
  } else if ((match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v))) {
    y = Number(match[1]);
    m = Number(match[2]);
    d = Number(match[3]);
  } else if (/^\d{4,5}(\.\d+)?$/.test(v)) {
    // Excel serial: days since 1899-12-30 (the 1900 leap-year bug is already folded into that epoch).
    const serial = Math.floor(Number(v));
    if (serial < 1 || serial > 2958465) return null;
    return new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
  } else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** дд.мм.гггг (src/lib/ru). */
export const formatRuDate = ruDate;
