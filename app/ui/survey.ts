// Formatting shared by the survey staff pages (server and browser bundles).
import { pluralRu } from '../../src/campaigns/dates';

const dateTime = new Intl.DateTimeFormat('ru-RU', {
  timeZone: 'Europe/Moscow',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** «05.03.2025 14:07 МСК»: formatted on the server so hydration in another time zone cannot change it. */
export function ruDateTime(at: Date | string | null | undefined): string {
  if (!at) return '';
  return `${dateTime.format(new Date(at)).replace(',', '')} МСК`;
}

export const responsesRu = (n: number) => `${n} ${pluralRu(n, { one: 'анкета', few: 'анкеты', many: 'анкет' })}`;
export const codesRu = (n: number) => `${n} ${pluralRu(n, { one: 'код', few: 'кода', many: 'кодов' })}`;

export const MODE_LABELS = { online: 'онлайн', paper: 'бумажная анкета', interview: 'интервью', phone: 'по телефону' } as const;
export type OfflineMode = 'paper' | 'interview' | 'phone';
export const OFFLINE_MODES: readonly OfflineMode[] = ['paper', 'interview', 'phone'];

/** One answer column as the compact paper code: 1 yes, 0 no, - not answered. */
export function compactAnswers(answers: readonly (0 | 1 | null)[], questions: number): string {
  return answers
    .slice(0, questions)
    .map((a) => (a === 1 ? '1' : a === 0 ? '0' : '-'))
    .join('');
}
