import { readFileSync } from 'node:fs';

/** Reads an extra root certificate file given with --ca-file; null (after a Russian message) when unreadable. */
export function readCaFile(file: string | undefined): string[] | null {
  if (!file) return [];
  try {
    return [readFileSync(file, 'utf8')];
  } catch {
    process.stderr.write(`Не удалось прочитать файл сертификата «${file}».\n`);
    return null;
  }
}
