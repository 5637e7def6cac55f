// Labels and published rules of the citizens' voice, client-safe (no I/O): used by the public pages, the
// staff pages and the rules page, so that a reason a moderator picks is exactly the reason published.

/** The published reasons for rejecting or hiding a review or a reply (rules of moderation). */
export const moderationReasons = [
  { code: 'obscenity', label: 'нецензурная брань, оскорбления', abuse: true },
  {
    code: 'personal-data',
    label: 'персональные данные других людей (имена детей и работников, телефоны, адреса электронной почты)',
    abuse: false,
  },
  { code: 'advertising', label: 'реклама, ссылки на сторонние сайты', abuse: true },
  { code: 'discrimination', label: 'призывы к дискриминации, вражде, насилию', abuse: true },
  { code: 'spam', label: 'спам, повторы одного и того же отзыва', abuse: true },
  { code: 'off-topic', label: 'не относится к условиям образовательной деятельности этой организации', abuse: false },
  {
    code: 'appeal',
    label:
      'это обращение, требующее ответа по существу (направьте его через канал обращений органа управления образованием)',
    abuse: false,
  },
] as const;
export type ModerationReason = (typeof moderationReasons)[number]['code'];
export const reasonCodes = moderationReasons.map((r) => r.code) as readonly ModerationReason[];
export const reasonLabel = (code: string | null | undefined): string =>
  moderationReasons.find((r) => r.code === code)?.label ?? '';

/** Rejections for these reasons count towards a network's block. */
export const ABUSE_REASONS: ReadonlySet<string> = new Set(moderationReasons.filter((r) => r.abuse).map((r) => r.code));
/** Rejections for abuse from one network within BLOCK_DAYS that block it for BLOCK_DAYS. */
export const ABUSE_REJECTIONS_TO_BLOCK = 3;
export const BLOCK_DAYS = 30;

/** What automatic screening can find, as the moderator reads it. */
export const flagLabels: Record<string, string> = {
  obscenity: 'нецензурные или оскорбительные слова',
  phone: 'номер телефона',
  email: 'адрес электронной почты',
  'child-name': 'имя рядом с классом или группой (вероятно, ребёнок или работник)',
  link: 'ссылка на сайт',
  advertising: 'похоже на рекламу',
  duplicate: 'такой же текст уже присылали об этой организации',
  markup: 'HTML-разметка или скрипт в тексте (показывается как обычный текст)',
};

export const reviewStatusLabels = {
  held: 'задержан проверкой',
  pending: 'ждёт модерации',
  published: 'опубликован',
  rejected: 'отклонён',
  hidden: 'снят с публикации',
} as const;

export const replyStatusLabels = {
  held: 'задержан проверкой',
  pending: 'ждёт модерации',
  published: 'опубликован',
  rejected: 'отклонён',
} as const;

export const subjectLabels = {
  organisation: 'об организации',
  results: 'о результатах оценки',
  plan: 'о плане по устранению недостатков',
} as const;

/** Criteria of the methodology a citizen may rate 1–5 (edu-2019, Приказ Минобрнауки № 1283 / Минпросвещения № 114). */
export const ratingCriteria = [
  { key: 'k1', label: 'Открытость и доступность информации' },
  { key: 'k2', label: 'Комфортность условий' },
  { key: 'k3', label: 'Доступность для людей с инвалидностью' },
  { key: 'k4', label: 'Доброжелательность и вежливость работников' },
  { key: 'k5', label: 'Удовлетворённость условиями в целом' },
] as const;
export type RatingKey = (typeof ratingCriteria)[number]['key'];

export const MAX_REVIEW_CHARS = 4000;
export const MIN_REVIEW_CHARS = 10;
export const MAX_REPLY_CHARS = 4000;
export const MAX_NAME_CHARS = 80;

/**
 * The consent to distribution (152-ФЗ art. 10.1) as shown, versioned: the stored consent keeps the version
 * and the hash of this exact text. A change of wording needs a new version.
 */
export const CONSENT_VERSION = '2026-1';
export const consentText = (operatorName: string) =>
  `Я даю согласие ${operatorName} на распространение моих персональных данных — имени в том виде, как я его указал(а) выше, — ` +
  'путём его публикации рядом с моим отзывом на сайте НОКО для неограниченного круга лиц. Другие мои данные не распространяются. ' +
  'Согласие действует до его отзыва; отозвать его можно, написав в орган управления образованием, — после этого имя перестанет показываться, а отзыв останется анонимным.';
