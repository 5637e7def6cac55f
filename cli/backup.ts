import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/env';
import { openDatabase } from '../src/db/index';
import { DataDirLockedError } from '../src/db/lock';

function stamp(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}`;
}

/**
 * `noko backup [--out file]`: a consistent copy of the embedded database as a .tar.gz that
 * `noko restore` (or PGlite's loadDataDir) reads back. PostgreSQL has its own tools for this.
 */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  const config = loadConfig();
  if (config.databaseUrl) {
    process.stderr.write('Указан DATABASE_URL: для PostgreSQL используйте pg_dump, например:\n  pg_dump --format=custom "$DATABASE_URL" > noko.dump\n');
    return 2;
  }
  const out = path.resolve(values.out ?? `noko-backup-${stamp()}.tar.gz`);
  try {
    const handle = await openDatabase({ engine: 'pglite', dataDir: config.dataDir, migrate: false });
    try {
      const blob = await handle.pglite!.dumpDataDir('gzip');
      writeFileSync(out, Buffer.from(await blob.arrayBuffer()));
    } finally {
      await handle.close();
    }
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      process.stderr.write(`${err.message}\nОстановите сервер НОКО на время резервного копирования.\n`);
      return 1;
    }
    throw err;
  }
  process.stdout.write(`Резервная копия сохранена: ${out}\n`);
  return 0;
}

/** `noko restore <file>`: fills an empty DATA_DIR from a backup made by `noko backup`. */
export async function restore(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true });
  const file = positionals[0];
  if (!file || !existsSync(file)) {
    process.stderr.write('Укажите файл резервной копии: noko restore <файл.tar.gz>\n');
    return 2;
  }
  const config = loadConfig();
  const target = path.join(config.dataDir, 'pglite');
  if (existsSync(target) && readdirSync(target).length > 0) {
    process.stderr.write(`Папка ${target} не пуста. Восстановление выполняется только в пустую DATA_DIR.\n`);
    return 1;
  }
  const blob = new Blob([readFileSync(file)]);
  const handle = await openDatabase({ engine: 'pglite', dataDir: config.dataDir, loadDataDir: blob });
  await handle.close();
  process.stdout.write(`База восстановлена в ${config.dataDir}\n`);
  return 0;
}
