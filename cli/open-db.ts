import { ConfigError, loadConfig, type Config } from '../src/config/env.server';
import { openConfiguredDatabase, type DatabaseHandle } from '../src/db/index.server';
import { DataDirLockedError } from '../src/db/lock.server';

const DEFAULT_LOCKED_HINT =
  'Встроенную базу сейчас держит запущенный сервер НОКО: остановите его и повторите команду ' +
  '(или загрузите файл через веб-интерфейс, страница «Реестр»).';

/**
 * Config + database for a CLI command, or a Russian message on stderr and null (caller exits non-zero).
 * `lockedHint` tells the person what to do instead when the running server holds the embedded database.
 */
export async function openForCli(
  lockedHint = DEFAULT_LOCKED_HINT,
): Promise<{ config: Config; handle: DatabaseHandle } | null> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(err.message + '\n');
      return null;
    }
    throw err;
  }
  try {
    return { config, handle: await openConfiguredDatabase(config) };
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      process.stderr.write(`${err.message}\n${lockedHint}\n`);
      return null;
    }
    throw err;
  }
}
