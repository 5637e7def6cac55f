import { ConfigError, loadConfig, type Config } from '../src/config/env';
import { openConfiguredDatabase, type DatabaseHandle } from '../src/db/index';
import { DataDirLockedError } from '../src/db/lock';

/** Config + database for a CLI command, or a Russian message on stderr and null (caller exits non-zero). */
export async function openForCli(): Promise<{ config: Config; handle: DatabaseHandle } | null> {
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
      process.stderr.write(
        `${err.message}\nВстроенную базу сейчас держит запущенный сервер НОКО: остановите его и повторите команду ` +
          '(или загрузите файл через веб-интерфейс, страница «Реестр»).\n',
      );
      return null;
    }
    throw err;
  }
}
