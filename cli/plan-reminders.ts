import { sendTextMail } from '../src/auth/mail.server';
import { dueReminders, sendReminders } from '../src/plans/control.server';
import { parseCliArgs, usageError } from './args';
import { openForCli } from './open-db';
import { ruDate } from '../src/lib/ru';

const USAGE = 'Использование: noko plan-reminders [--date ГГГГ-ММ-ДД] [--dry-run]';

/**
 * `noko plan-reminders`: e-mails the reminders due today about plan rows (a week before the due date and
 * weekly after it), each once. For a daily cron job. Without SMTP nothing is sent: the same reminders are
 * always on the start pages.
 */
export async function run(args: string[]): Promise<number> {
  const parsed = parseCliArgs(args, {
    usage: USAGE,
    options: { date: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  });
  if (typeof parsed === 'number') return parsed;
  const date = parsed.values.date ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date)))
    return usageError(`${USAGE}\nДата должна быть в формате ГГГГ-ММ-ДД.`);
  const opened = await openForCli();
  if (!opened) return 1;
  const { config, handle } = opened;
  try {
    if (parsed.values['dry-run'] || !config.smtpUrl) {
      const due = await dueReminders(handle.db, date, config.publicUrl ?? null);
      if (!config.smtpUrl)
        process.stdout.write(
          'Почта (SMTP_URL) не настроена: письма не отправляются, напоминания видны на стартовых страницах.\n',
        );
      process.stdout.write(`Напоминаний на ${ruDate(date)}: ${due.length}.\n`);
      return 0;
    }
    const smtp = { url: config.smtpUrl, from: config.smtpFrom };
    const r = await sendReminders(handle.db, date, config.publicUrl ?? null, (m) => sendTextMail(smtp, m));
    process.stdout.write(
      `Отправлено напоминаний: ${r.sent}${r.failed ? `, не удалось отправить: ${r.failed} (повторятся при следующем запуске)` : ''}.\n`,
    );
    return r.failed ? 1 : 0;
  } finally {
    await handle.close();
  }
}
