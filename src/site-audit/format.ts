/** `YYYY-MM-DD…` → `дд.мм.гггг` and Russian plurals (1 адрес, 2 адреса, 5 адресов): the shared lexicon. */
export { pluralRu, ruDate } from '../lib/ru';
