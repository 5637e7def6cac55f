// Formatting shared by the survey staff pages (server and browser bundles).
import { countRu, ruDateTime as ruDateTimeBase } from '../../src/lib/ru';

/** «05.03.2025 14:07 МСК»: formatted on the server so hydration in another time zone cannot change it. */
export function ruDateTime(at: Date | string | null | undefined): string {
  return ruDateTimeBase(at, { zone: true });
}

export const responsesRu = (n: number) => countRu(n, ['анкета', 'анкеты', 'анкет']);
export const codesRu = (n: number) => countRu(n, ['код', 'кода', 'кодов']);

export const MODE_LABELS = {
  online: 'онлайн',
  paper: 'бумажная анкета',
  interview: 'интервью',
  phone: 'по телефону',
} as const;
export type OfflineMode = 'paper' | 'interview' | 'phone';
export const OFFLINE_MODES: readonly OfflineMode[] = ['paper', 'interview', 'phone'];

/** One answer column as the compact paper code: 1 yes, 0 no, - not answered. */
export function compactAnswers(answers: readonly (0 | 1 | null)[], questions: number): string {
  return answers
    .slice(0, questions)
    .map((a) => (a === 1 ? '1' : a === 0 ? '0' : '-'))
    .join('');
}
