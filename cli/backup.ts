import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import tar from 'tar-stream';
import { loadConfig } from '../src/config/env.server';
import { openDatabase } from '../src/db/index.server';
import { DataDirLockedError } from '../src/db/lock.server';
import { parseCliArgs } from './args';

/** Name of the database dump inside a backup archive. */
const DATABASE_ENTRY = 'database.tar.gz';
/** Live engine files and the lock are never copied as files: the database goes in as a consistent dump. */
const SKIPPED = new Set(['pglite', 'noko.lock']);
/**
 * The survey's network keys stay out of backups unless asked (`--with-keys`): a backup is copied to more
 * places than the server, and with the keys it would reverse every stored network hash (decision 0018).
 */
const KEYS = 'survey-keys';

function stamp(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}`;
}

function filesUnder(root: string, rel = '', withKeys = false): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (!rel && SKIPPED.has(entry.name)) continue;
    if (!rel && entry.name === KEYS && !withKeys) continue;
    if (entry.isDirectory()) out.push(...filesUnder(root, child, withKeys));
    else if (entry.isFile()) out.push(child);
  }
  return out;
}

/**
 * `noko backup [--out file]`: one .tar.gz with a consistent dump of the embedded database and every file
 * kept in DATA_DIR (uploaded photos, council documents, the session secret). PostgreSQL has its own tools.
 */
export async function run(args: string[]): Promise<number> {
  const parsed = parseCliArgs(args, {
    usage:
      'Использование: noko backup [--out файл.tar.gz] [--with-keys]\n  --with-keys  включить ключи сетевых отпечатков опроса (по умолчанию не включаются)',
    options: { out: { type: 'string' }, 'with-keys': { type: 'boolean' } },
  });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const config = loadConfig();
  if (config.databaseUrl) {
    process.stderr.write(
      'Указан DATABASE_URL: для PostgreSQL используйте pg_dump, например:\n  pg_dump --format=custom "$DATABASE_URL" > noko.dump\n' +
        `и скопируйте папку ${config.dataDir} (загруженные файлы).\n`,
    );
    return 2;
  }
  const out = path.resolve(values.out ?? `noko-backup-${stamp()}.tar.gz`);
  let dump: Buffer;
  try {
    const handle = await openDatabase({ engine: 'pglite', dataDir: config.dataDir, migrate: false });
    try {
      dump = Buffer.from(await (await handle.pglite!.dumpDataDir('gzip')).arrayBuffer());
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

  const pack = tar.pack();
  const written = pipeline(pack, createGzip(), createWriteStream(out));
  pack.entry({ name: DATABASE_ENTRY, size: dump.length }, dump);
  const files = filesUnder(config.dataDir, '', values['with-keys'] === true);
  for (const rel of files) {
    const full = path.join(config.dataDir, rel);
    const entry = pack.entry({ name: `files/${rel}`, size: statSync(full).size });
    await pipeline(createReadStream(full), entry);
  }
  pack.finalize();
  await written;
  process.stdout.write(`Резервная копия сохранена: ${out} (база и ${files.length} файл(ов) из ${config.dataDir})\n`);
  return 0;
}

/** `noko restore <file>`: fills an empty DATA_DIR from a backup made by `noko backup`. */
export async function restore(args: string[]): Promise<number> {
  const parsed = parseCliArgs(args, { usage: 'Использование: noko restore <файл.tar.gz>', positionals: true });
  if (typeof parsed === 'number') return parsed;
  const { positionals } = parsed;
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

  let dump: Buffer | null = null;
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const name = path.posix.normalize(header.name);
    if (name === DATABASE_ENTRY) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => chunks.push(c as Buffer));
      stream.on('end', () => {
        dump = Buffer.concat(chunks);
        next();
      });
      return;
    }
    const rel = name.startsWith('files/') ? name.slice('files/'.length) : null;
    // Refuse absolute paths and `..`: a crafted archive must not write outside DATA_DIR.
    if (header.type !== 'file' || !rel || rel.startsWith('../') || path.isAbsolute(rel)) {
      stream.resume();
      stream.on('end', next);
      return;
    }
    const dest = path.join(config.dataDir, rel);
    mkdirSync(path.dirname(dest), { recursive: true });
    pipeline(stream, createWriteStream(dest)).then(() => next(), next);
  });
  try {
    await pipeline(createReadStream(file), createGunzip(), extract);
  } catch {
    process.stderr.write(`Файл ${file} не является резервной копией НОКО (повреждён или другого формата).\n`);
    return 1;
  }
  if (!dump) {
    process.stderr.write(`В файле ${file} нет копии базы данных.\n`);
    return 1;
  }
  const handle = await openDatabase({ engine: 'pglite', dataDir: config.dataDir, loadDataDir: new Blob([dump]) });
  await handle.close();
  process.stdout.write(`База и файлы восстановлены в ${config.dataDir}\n`);
  return 0;
}
