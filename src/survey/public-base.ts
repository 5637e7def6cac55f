// Which address goes onto posters and QR codes. Without PUBLIC_URL the address the staff member happens to
// use is taken, and on the server itself that is 127.0.0.1 or localhost — a poster no parent can open. So:
// a loopback address is never printed; a guessed one is printed with a warning where it is made.

export type PrintableBase = { ok: true; base: string; guessed: boolean } | { ok: false; base: string };

export const LOOPBACK_REFUSAL =
  'Адрес сервиса не настроен: на плакате и в QR-коде оказался бы адрес этого компьютера, который родители ' +
  'не откроют. Администратор должен задать PUBLIC_URL — внешний адрес сервиса, например https://nok.example.ru, ' +
  'и перезапустить сервер. Плакат не создан.';

export const GUESSED_WARNING =
  'Внешний адрес сервиса (PUBLIC_URL) не задан: ссылка и QR-код построены по адресу, которым вы сейчас ' +
  'открыли страницу. Проверьте, что родители смогут открыть его со своего телефона, или попросите ' +
  'администратора задать PUBLIC_URL.';

/** 127.0.0.0/8, ::1, 0.0.0.0, localhost and *.localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    /^127\.\d+\.\d+\.\d+$/.test(h) ||
    h === '::1' ||
    h === '0.0.0.0' ||
    h === '::' ||
    /^::ffff:127\./.test(h)
  );
}

export function printableBase(publicUrl: string | undefined | null, requestOrigin: string): PrintableBase {
  const base = (publicUrl ?? requestOrigin).replace(/\/+$/, '');
  let host: string;
  try {
    host = new URL(base).hostname;
  } catch {
    return { ok: false, base };
  }
  if (isLoopbackHost(host)) return { ok: false, base };
  return { ok: true, base, guessed: !publicUrl };
}
