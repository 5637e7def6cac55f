// How a legal clock reads on screen: days left and the warnings a week and a day ahead. Pure.
import { ruDate } from './protocol';
import { pluralRu } from './voting';

export type ClockState = 'not_started' | 'running' | 'week' | 'day' | 'overdue' | 'met' | 'missed';

export type ClockView = {
  key: 'council' | 'authority';
  title: string;
  /** The event the month counts from, in words. */
  startedBy: string;
  from: string | null;
  due: string | null;
  nominal: string | null;
  moved: boolean;
  rule: string | null;
  calendar: string | null;
  preliminary: string | null;
  doneOn: string | null;
  state: ClockState;
  daysLeft: number | null;
  label: string;
};

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const days = (n: number) => `${n} ${pluralRu(n, ['день', 'дня', 'дней'])}`;
const left_ = (n: number) => `${pluralRu(n, ['остался', 'осталось', 'осталось'])} ${days(n)}`;

/** State and label of a clock: a week ahead and a day ahead are warnings; after the due day, overdue. */
export function clockWarning(
  due: string | null,
  doneOn: string | null,
  today: string,
): Pick<ClockView, 'state' | 'daysLeft' | 'label'> {
  if (!due) return { state: 'not_started', daysLeft: null, label: 'отсчёт не начат' };
  if (doneOn) {
    const late = daysBetween(due, doneOn);
    return late <= 0
      ? { state: 'met', daysLeft: null, label: `выполнено в срок (${ruDate(doneOn)})` }
      : { state: 'missed', daysLeft: null, label: `выполнено с опозданием на ${days(late)} (${ruDate(doneOn)})` };
  }
  const left = daysBetween(today, due);
  if (left < 0)
    return { state: 'overdue', daysLeft: left, label: `срок истёк ${ruDate(due)}: просрочено на ${days(-left)}` };
  if (left === 0) return { state: 'day', daysLeft: 0, label: `срок истекает сегодня, ${ruDate(due)}` };
  if (left <= 1) return { state: 'day', daysLeft: left, label: `срок истекает завтра, ${ruDate(due)}` };
  if (left <= 7) return { state: 'week', daysLeft: left, label: `до ${ruDate(due)} ${left_(left)}` };
  return { state: 'running', daysLeft: left, label: `до ${ruDate(due)} ${left_(left)}` };
}
