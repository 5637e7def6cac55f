// Heavy libraries are loaded on first use, not at server start: exceljs alone costs ~0.4 s and ~30 MB,
// echarts and cheerio similar, and most processes (the questionnaire, the CLI's quick commands) never need them.
import { createRequire } from 'node:module';
import type ExcelJSType from 'exceljs';

const requireLazy = createRequire(import.meta.url);

/** A loader that requires `name` on its first call and returns the same module afterwards. */
export function lazyModule<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireLazy(name) as T);
}

export const exceljs: () => typeof ExcelJSType = lazyModule<typeof ExcelJSType>('exceljs');

/** The resolved path of a package, for worker threads that require it themselves. */
export function resolvePackage(name: string): string {
  return requireLazy.resolve(name);
}
