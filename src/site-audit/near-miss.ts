// Why a marked element only nearly matches an item: the explanation the operator passes on to the site's
// webmaster. Pure, shared by the evaluator and the report.
import { isNearMiss } from './text-match';

export type NearMissReason = 'case' | 'typo' | 'known' | 'label' | 'outside';

/**
 * Wrong spellings seen on real sites that neither the case rule nor the edit distance catches (a
 * different word, a hyphen, an English synonym). Keyed by the correct itemprop; compared case-insensitively.
 */
export const KNOWN_MISSPELLINGS: Readonly<Record<string, readonly string[]>> = {
  fullName: ['name', 'fullname_org', 'full_name', 'nameFull', 'nameOrg'],
  shortName: ['short_name', 'nameShort', 'abbr'],
  email: ['e-mail', 'e_mail', 'mail', 'eMail', 'electronicMail'],
  telephone: ['phone', 'tel', 'telefon', 'phoneNumber', 'tel-fax', 'fax'],
  address: ['adress', 'addres', 'adres', 'location', 'legalAddress'],
  workTime: ['work_time', 'workHours', 'openingHours', 'schedule', 'timeWork'],
  regDate: ['dateReg', 'reg_date', 'foundingDate', 'dateCreate', 'createDate'],
  nameUchred: ['nameFounder', 'founderName', 'uchredName'],
  addressUchred: ['addressFounder', 'founderAddress'],
  telUchred: ['telephoneUchred', 'phoneUchred', 'telFounder'],
  mailUchred: ['emailUchred', 'emailFounder', 'mailFounder'],
  websiteUchred: ['siteUchred', 'urlUchred', 'websiteFounder'],
  uchredLaw: ['uchred', 'founder'],
};

const known = new Map<string, string>(
  Object.entries(KNOWN_MISSPELLINGS).flatMap(([right, wrongs]) => wrongs.map((w) => [w.toLowerCase(), right] as const)),
);

/** Why `token` looks like a misspelling of `expected`, or null. Tokens valid elsewhere are the caller's filter. */
export function nearMissReason(token: string, expected: string): Exclude<NearMissReason, 'label' | 'outside'> | null {
  if (token === expected) return null;
  if (token.toLowerCase() === expected.toLowerCase()) return 'case';
  if (known.get(token.toLowerCase()) === expected) return 'known';
  return isNearMiss(token, expected) ? 'typo' : null;
}

// Captions that sites mark instead of the value beside them («Адрес местонахождения: …»).
const LABEL =
  /^(полное|сокращ[её]нное)?\s*(наименование|название)( образовательной организации| учреждения| организации)?$|^(юридический |фактический |почтовый )?адрес( местонахождения| места нахождения| электронной почты)?( образовательной организации| учреждения| организации)?$|^(место ?нахождени[ея])( образовательной организации| учреждения)?$|^(контактный |номер )?телефон(ы)?( для справок| приёмной| приемной)?$|^тел\.?(\/факс)?$|^(e-?mail|эл\.? ?почта|электронная почта)$|^(дата|год) (создания|основания)( образовательной организации| учреждения| организации)?$|^(режим|график)( и график| и режим)? работы$|^учредител[ьи]$/iu;

/**
 * A value that is only a caption: it has no digit, no `@`, and reads like the label of a field, or it
 * ends with a colon. The monitor counts it, but the visitor and the expert see no information in it.
 */
export function isLabelOnly(value: string): boolean {
  const v = value.replace(/\s+/g, ' ').trim();
  if (!v || /[\d@]/.test(v)) return false;
  if (v.endsWith(':') && v.length <= 80) return true;
  return LABEL.test(v.replace(/[:.\s]+$/, ''));
}

/** The plain-words explanation of a near miss for the finding. */
export function nearMissMessage(reason: NearMissReason, token: string, label: string, container?: string): string {
  switch (reason) {
    case 'case':
      return `вместо «${label}» написано «${token}» — регистр букв отличается, АИС «Мониторинг» не засчитает`;
    case 'typo':
      return `вместо «${label}» написано «${token}» — похоже на опечатку, АИС «Мониторинг» не засчитает`;
    case 'known':
      return `вместо «${label}» написано «${token}» — такого имени в методических рекомендациях нет, нужно «${label.split(' → ').pop() ?? label}»`;
    case 'label':
      return `«${label}» стоит на подписи поля, а не на самом значении — перенесите itemprop на элемент со значением`;
    case 'outside':
      return `«${token}» стоит вне своего контейнера «${container ?? ''}» — АИС «Мониторинг» его не засчитает`;
  }
}
