import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.server';
import { openNewDataDir } from '../helpers/db';
import { noko } from '../helpers/noko';
import { createTerritory } from '../../src/registry/organisations.server';
import { actor, cp1251, csv, org, xlsx } from './fixtures';

// The CLI always runs on the embedded engine here: it opens DATA_DIR itself, exactly as an operator would.
const dir = mkdtempSync(path.join(tmpdir(), 'noko-cli-'));
const dataDir = path.join(dir, 'data');
let territoryId = '';

/** `noko …` on this file's data folder (test/helpers/noko.ts). */
const cli = (...args: string[]) => noko(args, { dataDir });

beforeAll(async () => {
  const h = await openNewDataDir(dataDir);
  const region = await createTerritory(h.db, { kind: 'region', name: 'Область', parentId: null }, actor);
  territoryId = (await createTerritory(h.db, { kind: 'municipality', name: 'Город', parentId: region.id }, actor)).id;
  await h.close();
  writeFileSync(
    path.join(dir, 'bad.csv'),
    cp1251(csv([org(1), org(2, { Тип: 'вуз' }), org(3, { ИНН: '7707083894' })])),
  );
  writeFileSync(path.join(dir, 'good.xlsx'), await xlsx([org(1), org(2)]));
  writeFileSync(path.join(dir, 'big.csv'), new Uint8Array(20 * 1024 * 1024));
});
afterAll(() => undefined);

describe('noko import-orgs / export-orgs', { timeout: 240_000 }, () => {
  it('usage errors exit 2', async () => {
    expect((await cli('import-orgs')).code).toBe(2);
    expect((await cli('import-orgs', 'x.csv')).code).toBe(2);
    expect((await cli('export-orgs', '--format', 'pdf')).code).toBe(2);
  });

  it('a bad file exits 1 with the row-by-row report on stderr and loads nothing', async () => {
    const r = await cli('import-orgs', path.join(dir, 'bad.csv'), '--territory', territoryId);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Реестр не изменён');
    expect(r.stderr).toContain('строка 3, столбец «Тип»: неизвестный тип «вуз»');
    expect(r.stderr).toContain('строка 4, столбец «ИНН»: ИНН не проходит проверку контрольной цифры');
    const e = await cli('export-orgs');
    expect(e.code).toBe(0);
    expect(e.stdout.trim().split('\r\n')).toHaveLength(1);
  });

  it('a 20 MB file and a missing file exit 1', async () => {
    const big = await cli('import-orgs', path.join(dir, 'big.csv'), '--territory', territoryId);
    expect(big.code).toBe(1);
    expect(big.stderr).toContain('Файл слишком большой: 20,0 МБ');
    expect((await cli('import-orgs', path.join(dir, 'none.csv'), '--territory', territoryId)).code).toBe(1);
  });

  it('a clean file exits 0; a second run updates instead of duplicating; export lists them', async () => {
    // Without a confirmation (no terminal, no --yes) the changes are printed and nothing is written.
    const shown = await cli('import-orgs', path.join(dir, 'good.xlsx'), '--territory', territoryId);
    expect(shown.code).toBe(1);
    expect(shown.stdout).toContain('Новая организация: МБОУ Школа № 1');
    expect(shown.stdout).toContain('Итого: добавится 2, изменится 0, без изменений 0.');
    expect(shown.stderr).toContain('Реестр не изменён: изменения не подтверждены');
    expect((await cli('export-orgs')).stdout.trim().split('\r\n')).toHaveLength(1);
    const first = await cli('import-orgs', path.join(dir, 'good.xlsx'), '--territory', territoryId, '--yes');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Добавлено: 2');
    const again = await cli('import-orgs', path.join(dir, 'good.xlsx'), '--territory', territoryId);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Итого: добавится 0, изменится 0, без изменений 2.');
    expect(again.stdout).toContain('Файл совпадает с реестром: изменений нет.');
    const out = path.join(dir, 'out.xlsx');
    expect((await cli('export-orgs', '--out', out)).code).toBe(0);
    const e = await cli('export-orgs', '--format', 'csv');
    expect(e.stdout.trim().split('\r\n')).toHaveLength(3);
  });

  it('says clearly when the server holds the embedded database', async () => {
    const h = await openDatabase({ engine: 'pglite', dataDir });
    try {
      const r = await cli('import-orgs', path.join(dir, 'good.xlsx'), '--territory', territoryId);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/уже используется другим процессом НОКО/);
      expect(r.stderr).toMatch(/остановите его и повторите команду/);
    } finally {
      await h.close();
    }
  });
});
