import { ConfigError, loadConfig } from '../src/config/env.server';
import { openConfiguredDatabase } from '../src/db/index.server';
import { DataDirLockedError } from '../src/db/lock.server';
import { createAdminWithLink, publicBaseUrl } from '../src/auth/setup.server';
import { parseCliArgs, usageError } from './args';

const USAGE = 'Использование: noko create-admin --email <почта> --name "<Фамилия Имя Отчество>"';

/**
 * `noko create-admin --email … --name …`: creates an administrator (or takes the existing administrator
 * with this address) and prints a one-time link to set the password. For a lost first-start link, a
 * forgotten administrator password, and tests.
 */
export async function run(args: string[]): Promise<number> {
  const parsed = parseCliArgs(args, { usage: USAGE, options: { email: { type: 'string' }, name: { type: 'string' } } });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  if (!values.email || !values.name) return usageError(USAGE);
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + '\n');
      return 2;
    }
    throw err;
  }
  let handle;
  try {
    handle = await openConfiguredDatabase(config);
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      process.stderr.write(
        `${err.message}\nВстроенную базу сейчас держит сервер НОКО: остановите его и повторите команду.\n`,
      );
      return 1;
    }
    throw err;
  }
  try {
    const result = await createAdminWithLink(
      handle.db,
      { email: values.email, name: values.name },
      publicBaseUrl(config),
    );
    if (!result.ok) {
      process.stderr.write(result.message + '\n');
      return 1;
    }
    process.stdout.write(
      `${result.created ? 'Администратор создан.' : 'Администратор с этим адресом уже есть.'} Одноразовая ссылка для входа:\n${result.url}\n`,
    );
    return 0;
  } finally {
    await handle.close();
  }
}
