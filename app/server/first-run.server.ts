import type { Config } from '../../src/config/env.server';
import type { Logger } from '../../src/config/logger.server';
import { ensureFirstAdminSetup, publicBaseUrl } from '../../src/auth/setup.server';

/**
 * A fresh installation has no accounts: print the one-time link for the first administrator on the
 * console. The link is a credential, so it never goes into the JSON log (which is shipped to log stores
 * and read by more people than the console); the log only says where to look.
 */
export async function announceFirstAdminSetup(
  db: Parameters<typeof ensureFirstAdminSetup>[0],
  config: Config,
  logger: Logger,
  console: (text: string) => void = (text) => process.stdout.write(text),
): Promise<void> {
  const setupUrl = await ensureFirstAdminSetup(db, publicBaseUrl(config));
  if (setupUrl) {
    logger.warn('Первый запуск: одноразовая ссылка для создания администратора напечатана в консоли (в журнал она не пишется)');
    console(`\nПервый запуск НОКО. Создайте учётную запись администратора по одноразовой ссылке:\n${setupUrl}\n\n`);
  }
}
