// Automatic screening of a review or a reply before any person sees it. Pure and deterministic: what it
// finds goes to the moderator as flags ("held"), it never publishes or rejects by itself. False positives
// cost a moderator a glance; false negatives are caught by the moderator, who reads every text anyway.
import { createHash } from 'node:crypto';

// Stems, matched at the start of a word after normalisation (ё→е, Latin look-alikes → Cyrillic). Kept
// short on purpose: the moderator is the real screen; this list catches the obvious.
const OBSCENE_STEMS = [
  'хуй',
  'хуе',
  'хуё',
  'хуя',
  'пизд',
  'ебан',
  'ебат',
  'ебал',
  'ебну',
  'заеб',
  'выеб',
  'уеб',
  'бляд',
  'блят',
  'сука',
  'суки',
  'мудак',
  'мудил',
  'пидор',
  'пидар',
  'гандон',
  'долбоеб',
  'залуп',
  'шлюх',
  'дебил',
  'идиот',
  'урод',
  'тварь',
  'мразь',
  'дерьм',
  'говн',
];

const LOOKALIKE: Record<string, string> = {
  a: 'а',
  e: 'е',
  o: 'о',
  p: 'р',
  c: 'с',
  x: 'х',
  y: 'у',
  k: 'к',
  m: 'м',
  t: 'т',
  b: 'в',
  h: 'н',
  '3': 'з',
  '0': 'о',
  '@': 'а',
};

function normaliseWord(w: string): string {
  return [...w.toLowerCase().replace(/ё/g, 'е')].map((ch) => LOOKALIKE[ch] ?? ch).join('');
}

const PHONE = /(?:\+7|\b8|\b7)?[\s(.-]*\d{3}[\s).-]*\d{3}[\s.-]*\d{2}[\s.-]*\d{2}\b/;
const SHORT_PHONE = /\b\d{1,3}[-\s]\d{2}[-\s]\d{2}\b/;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/u;
const LINK =
  /\b(?:https?:\/\/|www\.)\S+|\b[\p{L}\p{N}-]+\.(?:ru|рф|com|net|org|su|info|online|site|shop|biz|io|me)\b/iu;
const ADVERTISING =
  /(скидк|акци[яи]|распродаж|репетитор[а-я]* недорого|пишите в (?:whatsapp|ватсап|телеграм|вк)|promo|промокод|купи|продаю|продам|заработ|казино|ставки|кредит)/iu;
const MARKUP = /<\s*\/?\s*[a-z!][^>]*>|javascript:|&#x?[0-9a-f]+;/i;
// A capitalised name next to a class or a group: «Иванов из 5 «Б»», «Маша, 3а класс», «воспитатель группы „Солнышко“ Анна Петровна».
// (\b is ASCII-only in JavaScript even with the u flag: Cyrillic word edges need look-arounds.)
const CLASS_OR_GROUP =
  /(\b\d{1,2}\s*[-«"]?\s*[а-яa-z]?\s*[»"]?\s*(?:класс|кл\.|группа|гр\.)|(?<!\p{L})(?:класс|класса|классе|группа|группы|группе)(?!\p{L}))/iu;
const NAME_WORD = /(?:^|[\s,.(«"])([А-ЯЁ][а-яё]{2,})(?:\s+[А-ЯЁ][а-яё]{2,})?/gu;
// Capitalised words that are not names (sentence starts, institutions, months): not evidence of a person.
const NOT_NAMES = new Set([
  'Школа',
  'Школе',
  'Школы',
  'Детский',
  'Детском',
  'Сад',
  'Садик',
  'Класс',
  'Группа',
  'Группе',
  'Учитель',
  'Учителя',
  'Воспитатель',
  'Директор',
  'Спасибо',
  'Очень',
  'Хорошо',
  'Плохо',
  'Нет',
  'Есть',
  'Все',
  'Всё',
  'Это',
  'Наш',
  'Наша',
  'Наше',
  'Наши',
  'Мой',
  'Моя',
  'Мне',
  'Нам',
  'Когда',
  'Если',
  'Там',
  'Тут',
  'Здесь',
  'Только',
  'Также',
  'Ребенок',
  'Ребёнок',
  'Дети',
  'Родители',
  'Сын',
  'Дочь',
  'Просим',
  'Прошу',
  'Хочу',
  'Хотим',
  'Так',
  'Как',
  'Что',
  'Кто',
  'Где',
  'Почему',
  'Зачем',
  'Лицей',
  'Гимназия',
  'Колледж',
  'Центр',
  'Администрация',
  'Управление',
  'Сентябрь',
  'Октябрь',
  'Ноябрь',
  'Декабрь',
  'Январь',
  'Февраль',
  'Март',
  'Апрель',
  'Май',
  'Июнь',
  'Июль',
  'Август',
  'Солнышко',
  'Ромашка',
  'Звёздочка',
  'Звездочка',
  'Радуга',
]);

const SURNAME = /(?:ов|ев|ёв|ин|ын|ова|ева|ёва|ина|ына|ский|ская|цкий|цкая|енко|ук|юк)$/u;

export type ScreeningResult = { flags: string[] };

/** Flags for one text (a duplicate is found by the store, from the fingerprint). */
export function screenText(text: string): ScreeningResult {
  const flags = new Set<string>();
  const words = text
    .split(/[^\p{L}\p{N}@]+/u)
    .filter(Boolean)
    .map(normaliseWord);
  if (words.some((w) => OBSCENE_STEMS.some((s) => w.startsWith(s)))) flags.add('obscenity');
  if (PHONE.test(text) || SHORT_PHONE.test(text)) flags.add('phone');
  if (EMAIL.test(text)) flags.add('email');
  else if (LINK.test(text)) flags.add('link');
  if (ADVERTISING.test(text)) flags.add('advertising');
  if (MARKUP.test(text)) flags.add('markup');
  if (CLASS_OR_GROUP.test(text) && hasNameLikeWord(text)) flags.add('child-name');
  return { flags: [...flags] };
}

function hasNameLikeWord(text: string): boolean {
  for (const m of text.matchAll(NAME_WORD)) {
    const word = m[1]!;
    // The first word of the text or of a sentence is capitalised anyway.
    const before = text.slice(0, m.index).trimEnd();
    const sentenceStart = before === '' || /[.!?]$/.test(before);
    if (NOT_NAMES.has(word)) continue;
    // …unless it looks like a surname: «Петров из 5 „Б“ обижает детей».
    if (sentenceStart && !m[0].trim().includes(' ') && !SURNAME.test(word)) continue;
    return true;
  }
  return false;
}

/** Duplicate key: case, punctuation and spacing do not make a text new. */
export function fingerprint(text: string): string {
  const norm = text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return createHash('sha256').update(norm).digest('base64url').slice(0, 32);
}
