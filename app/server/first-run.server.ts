import type { Config } from '../../src/config/env.server';
import type { Logger } from '../../src/config/logger.server';
import { ensureFirstAdminSetup, publicBaseUrl } from '../../src/auth/setup.server';

/**
 * A fresh installation has no accounts: the one-time link for the first administrator is printed on the
 * console. The link is a credential, so it never goes into the JSON log (which is shipped to log stores
 * and read by more people than the console); the log only says where to look.
 */
export async function firstAdminSetupUrl(
  db: Parameters<typeof ensureFirstAdminSetup>[0],
  config: Config,
  logger: Logger,
): Promise<string | null> {
  const setupUrl = await ensureFirstAdminSetup(db, publicBaseUrl(config));
  if (setupUrl)
    logger.warn(
      'Первый запуск: одноразовая ссылка для создания администратора напечатана в консоли (в журнал она не пишется)',
    );
  return setupUrl ?? null;
}

/** The first-start link, framed so it stands out from the log lines around it. */
export function printSetupLink(
  setupUrl: string,
  write: (text: string) => void = (text) => process.stdout.write(text),
): void {
  const line = '═'.repeat(Math.min(100, Math.max(60, setupUrl.length + 4)));
  write(
    `\n${line}\n  Первый запуск НОКО. Создайте учётную запись администратора по одноразовой ссылке:\n\n  ${setupUrl}\n${line}\n\n`,
  );
}

export async function announceFirstAdminSetup(
  db: Parameters<typeof ensureFirstAdminSetup>[0],
  config: Config,
  logger: Logger,
  write?: (text: string) => void,
): Promise<void> {
  const setupUrl = await firstAdminSetupUrl(db, config, logger);
  if (setupUrl) printSetupLink(setupUrl, write);
}
