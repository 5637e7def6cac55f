import type { InvitationPurpose } from '../db/schema/auth';
import { ruDateTime } from '../lib/ru';

export type LinkMail = { to: string; name: string; url: string; purpose: InvitationPurpose; expiresAt: Date };

export function linkMailText(mail: LinkMail): { subject: string; text: string } {
  const invite = mail.purpose !== 'reset';
  const subject = invite ? 'Приглашение в НОКО' : 'Смена пароля в НОКО';
  const text = [
    `Здравствуйте, ${mail.name}!`,
    '',
    invite
      ? 'Для вас создана учётная запись в НОКО — системе независимой оценки качества условий образовательной деятельности.'
      : 'Администратор НОКО выдал ссылку для смены вашего пароля.',
    'Откройте ссылку и задайте пароль:',
    '',
    mail.url,
    '',
    `Ссылка одноразовая и действует до ${ruDateTime(mail.expiresAt)} (московское время).`,
    'Если вы не ждали этого письма, просто удалите его.',
  ].join('\n');
  return { subject, text };
}

/**
 * Sends an invitation or reset link. nodemailer is loaded only when SMTP is configured, so installations
 * without mail never load it. Throws on delivery failure: the caller then shows the link on screen.
 */
export async function sendLinkMail(smtp: { url: string; from?: string | undefined }, mail: LinkMail): Promise<void> {
  const { createTransport } = await import('nodemailer');
  const transport = createTransport(smtp.url);
  const { subject, text } = linkMailText(mail);
  try {
    await transport.sendMail({ from: smtp.from ?? 'НОКО <noreply@localhost>', to: mail.to, subject, text });
  } finally {
    transport.close();
  }
}

/** A plain-text letter (the council's meeting notice); nodemailer is loaded only when SMTP is configured. */
export async function sendTextMail(
  smtp: { url: string; from?: string | undefined },
  mail: { to: string; subject: string; text: string },
): Promise<void> {
  const { createTransport } = await import('nodemailer');
  const transport = createTransport(smtp.url);
  try {
    await transport.sendMail({
      from: smtp.from ?? 'НОКО <noreply@localhost>',
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
    });
  } finally {
    transport.close();
  }
}
