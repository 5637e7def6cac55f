/** `YYYY-MM-DD…` → `дд.мм.гггг`, the date format of every Russian-facing text. */
export function ruDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}.${m}.${y}`;
}
