/** `YYYY-MM-DD…` → `дд.мм.гггг`, the date format of every Russian-facing text. */
export { ruDate } from '../lib/ru';
