// Issue 11 item 5 and issue 10 items 2, 6, 8: an import never erases silently, shows every change before
// writing, refuses a damaged UTF-8 file with its line, names no other territory, and reads XLSX off the
// event loop with declared sizes checked first.
import { eq } from 'drizzle-orm';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';
import { organisations } from '../../src/db/schema/registry';
import { registryImportDrafts } from '../../src/db/schema/registry-imports';
import {
  confirmImport,
  importOrganisations,
  previewImport,
  type ImportReport,
  type PreviewReport,
} from '../../src/registry/import.server';
import { getOrganisation, updateOrganisation, pickInput } from '../../src/registry/organisations.server';
import { readXlsxRecords, DEFAULT_XLSX_LIMITS } from '../../src/registry/xlsx-read.server';
import { checkZip } from '../../src/registry/zip-check';
import { typeLabels } from '../../src/registry/validation';

const TYPE_SCHOOL = typeLabels.school;
import { actor, cp1251, csv, HEADER, municipality, org, utf8, xlsx } from './fixtures';

let t: TestDatabase;
let territoryId: string;
let otherTerritoryId: string;
const admin = { id: 'admin-1', name: 'Администратор' };

const run = (bytes: Uint8Array, fileName = 'orgs.csv', tid = territoryId) =>
  importOrganisations(t.db, { territoryId: tid, bytes, fileName, actor });
function failed(r: ImportReport | PreviewReport) {
  if (r.ok) throw new Error('expected a refusal, got ' + JSON.stringify(r));
  return r;
}
const byInn = async (inn: string) => (await t.db.select().from(organisations).where(eq(organisations.inn, inn)))[0]!;
const innOf = (i: number) => org(i)[HEADER.indexOf('ИНН')]!;
/** A row with only the given columns filled (the rest empty). */
function sparse(i: number, keep: string[], overrides: Record<string, string> = {}): string[] {
  const full = org(i, overrides);
  return HEADER.map((h, k) => (keep.includes(h) || h in overrides ? full[k]! : ''));
}

beforeAll(async () => {
  t = await createTestDb();
  territoryId = (await municipality(t.db)).municipality.id;
  otherTerritoryId = (await municipality(t.db, 'Соседний район')).municipality.id;
});
afterAll(async () => t?.close());

describe(`imports never erase data silently (${testEngine})`, () => {
  it('an empty cell keeps the stored value: ОГРН, КПП, site, head and founder survive a sparse re-import', async () => {
    expect((await run(utf8(csv([org(1), org(2)])))).ok).toBe(true);
    const before = await byInn(innOf(1));
    expect(before.ogrn).not.toBeNull();
    // Only the required columns and a new head: everything else is blank in this spreadsheet.
    const r = await run(utf8(csv([sparse(1, ['ИНН'], { Руководитель: 'Петров П. П.' }), sparse(2, ['ИНН'])])));
    expect(r).toMatchObject({ ok: true, updated: 1, unchanged: 1, created: 0 });
    const after = await byInn(innOf(1));
    expect(after.headName).toBe('Петров П. П.');
    for (const f of [
      'fullName',
      'shortName',
      'type',
      'ogrn',
      'kpp',
      'address',
      'website',
      'founder',
      'recipients',
      'status',
    ] as const) {
      expect(after[f], f).toEqual(before[f]);
    }
  });

  it('«очистить» clears a field explicitly; required fields cannot be cleared', async () => {
    const r = await run(utf8(csv([sparse(2, ['ИНН'], { 'Официальный сайт': 'очистить', КПП: '(очистить)' })])));
    expect(r).toMatchObject({ ok: true, updated: 1 });
    const o = await byInn(innOf(2));
    expect(o.website).toBeNull();
    expect(o.kpp).toBeNull();
    expect(o.ogrn).not.toBeNull();
    const bad = failed(await run(utf8(csv([sparse(2, ['ИНН'], { 'Краткое наименование': 'очистить' })]))));
    expect(bad.issues).toEqual([
      { line: 2, column: 'Краткое наименование', message: 'поле «Краткое наименование» нельзя очистить' },
    ]);
    expect((await byInn(innOf(2))).shortName).toBe('МБОУ Школа № 2');
  });

  it('the preview lists every field that will change, organisation by organisation, and changes nothing', async () => {
    const before = await byInn(innOf(1));
    const p = await previewImport(t.db, {
      territoryId,
      fileName: 'orgs.csv',
      actor: admin,
      bytes: utf8(
        csv([
          sparse(1, ['ИНН'], { Учредитель: 'Администрация района', 'Число получателей услуг': '250' }),
          org(3),
          sparse(2, ['ИНН']),
        ]),
      ),
    });
    if (!p.ok) throw new Error(p.message);
    expect(p.draftId).toMatch(/^[0-9a-f-]{36}$/);
    expect(p.plan).toMatchObject({ created: 1, updated: 1, unchanged: 1 });
    const changed = p.plan.rows.find((r) => r.inn === innOf(1))!;
    expect(changed.outcome).toBe('updated');
    expect(changed.changes).toEqual([
      { field: 'founder', label: 'Учредитель', from: 'Управление образования', to: 'Администрация района' },
      { field: 'recipients', label: 'Число получателей услуг', from: '101', to: '250' },
    ]);
    const created = p.plan.rows.find((r) => r.inn === innOf(3))!;
    expect(created.outcome).toBe('created');
    expect(created.changes.find((c) => c.field === 'type')).toEqual({
      field: 'type',
      label: 'Тип',
      from: '',
      to: TYPE_SCHOOL,
    });
    expect(created.changes.map((c) => c.label)).toContain('ИНН');
    // Nothing written yet.
    expect(await byInn(innOf(1))).toEqual(before);
    expect(
      await t.db
        .select()
        .from(organisations)
        .where(eq(organisations.inn, innOf(3))),
    ).toHaveLength(0);

    // Another administrator cannot confirm this draft; a forged hash confirms nothing.
    expect(
      (
        await confirmImport(t.db, {
          territoryId,
          draftId: p.draftId!,
          planHash: p.plan.hash,
          actor: { id: 'someone-else', name: 'x' },
        })
      ).ok,
    ).toBe(false);
    const forged = await confirmImport(t.db, {
      territoryId,
      draftId: p.draftId!,
      planHash: 'f'.repeat(64),
      actor: admin,
    });
    expect(forged.ok).toBe(false);
    expect(await byInn(innOf(1))).toEqual(before);

    const done = await confirmImport(t.db, { territoryId, draftId: p.draftId!, planHash: p.plan.hash, actor: admin });
    expect(done).toMatchObject({ ok: true, created: 1, updated: 1, unchanged: 1 });
    expect((await byInn(innOf(1))).founder).toBe('Администрация района');
    expect(await byInn(innOf(3))).toBeDefined();
    // The draft is gone: a second confirmation (a re-submitted form) does nothing.
    expect(await t.db.select().from(registryImportDrafts).where(eq(registryImportDrafts.id, p.draftId!))).toHaveLength(
      0,
    );
    expect(
      (await confirmImport(t.db, { territoryId, draftId: p.draftId!, planHash: p.plan.hash, actor: admin })).ok,
    ).toBe(false);
  });

  it('a card edited between preview and confirmation: nothing is written, the recomputed changes are shown again', async () => {
    const p = await previewImport(t.db, {
      territoryId,
      fileName: 'orgs.csv',
      actor: admin,
      bytes: utf8(csv([sparse(3, ['ИНН'], { Адрес: 'ул. Новая, 1' })])),
    });
    if (!p.ok) throw new Error(p.message);
    const o = (await byInn(innOf(3)))!;
    await updateOrganisation(t.db, o.id, { ...pickInput(o), address: 'ул. Вручную, 7' }, actor);
    const r = await confirmImport(t.db, { territoryId, draftId: p.draftId!, planHash: p.plan.hash, actor: admin });
    if (r.ok || !r.preview || !r.preview.ok) throw new Error('expected a recomputed preview');
    expect(r.message).toMatch(/Реестр изменился после проверки файла/);
    expect(r.preview.plan.rows[0]!.changes).toEqual([
      { field: 'address', label: 'Адрес', from: 'ул. Вручную, 7', to: 'ул. Новая, 1' },
    ]);
    expect((await getOrganisation(t.db, o.id))!.address).toBe('ул. Вручную, 7');
    const done = await confirmImport(t.db, {
      territoryId,
      draftId: r.preview.draftId!,
      planHash: r.preview.plan.hash,
      actor: admin,
    });
    expect(done.ok).toBe(true);
    expect((await getOrganisation(t.db, o.id))!.address).toBe('ул. Новая, 1');
  });

  it('a file that changes nothing says so and leaves no draft', async () => {
    const p = await previewImport(t.db, {
      territoryId,
      fileName: 'orgs.csv',
      actor: admin,
      bytes: utf8(csv([sparse(2, ['ИНН'])])),
    });
    expect(p).toMatchObject({ ok: true, draftId: null, plan: { created: 0, updated: 0, unchanged: 1 } });
  });
});

describe('import messages and encodings', () => {
  it('an ИНН of another territory: says only that it exists elsewhere, not the territory or the name', async () => {
    const r = failed(await run(utf8(csv([org(1)])), 'orgs.csv', otherTerritoryId));
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]!.message).toMatch(/уже есть в реестре другой территории/);
    expect(r.issues[0]!.message).not.toMatch(/Примерский|Школа|МБОУ/);
  });

  it('a UTF-8 CSV with one broken byte is refused with its line number, not imported as mojibake', async () => {
    const text = csv([org(50), org(51), org(52)]);
    const bytes = utf8(text);
    // Break the first byte of «Школа» in the data row on line 3 (org 51).
    const at = text.indexOf('Школа № 51');
    const offset = new TextEncoder().encode(text.slice(0, at)).length;
    const broken = bytes.slice();
    broken[offset] = 0xff;
    const r = failed(await run(broken));
    expect(r.message).toMatch(/UTF-8 повреждён.*строка 3/);
    expect(r.issues).toEqual([
      { line: 3, column: null, message: 'повреждённый символ (неверная последовательность байтов UTF-8)' },
    ]);
    expect(
      await t.db
        .select()
        .from(organisations)
        .where(eq(organisations.inn, innOf(50))),
    ).toHaveLength(0);
    // A real Windows-1251 file is still read as such.
    expect(await run(cp1251(csv([org(50)])))).toMatchObject({ ok: true, created: 1 });
  });
});

/** An XLSX whose first sheet unpacks to `mb` megabytes; `lie` rewrites the declared sizes to 1 KB. */
async function bomb(mb: number, lie: boolean): Promise<Uint8Array> {
  // Deflating the filler is most of the cost (about five seconds of CPU for 150 MB): once per size, and
  // each caller gets its own copy to rewrite.
  const zipped = (await honestBomb(mb)).slice();
  if (!lie) return zipped;
  // Rewrite every declared uncompressed size (local headers and central directory) to 1024 bytes.
  const v = new DataView(zipped.buffer);
  for (let i = 0; i + 30 < zipped.length; i++) {
    const sig = v.getUint32(i, true);
    if (sig === 0x04034b50) v.setUint32(i + 22, 1024, true);
    if (sig === 0x02014b50) v.setUint32(i + 24, 1024, true);
  }
  return zipped;
}

const honestBombs = new Map<number, Promise<Uint8Array>>();
function honestBomb(mb: number): Promise<Uint8Array> {
  let made = honestBombs.get(mb);
  if (!made) {
    made = (async () => {
      const base = await JSZip.loadAsync(await xlsx([org(1)]));
      const head =
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
      const tail = '</sheetData></worksheet>';
      const filler = Buffer.alloc(mb * 1024 * 1024, ' ');
      const xml = Buffer.concat([Buffer.from(head), filler, Buffer.from(tail)]);
      base.file('xl/worksheets/sheet1.xml', xml, { compression: 'DEFLATE' });
      return new Uint8Array(await base.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
    })();
    honestBombs.set(mb, made);
  }
  return made;
}

describe('XLSX: declared sizes first, parsing in a worker', () => {
  // Made before the tests, under the hook timeout: the tests' own time is the reading, not the making.
  beforeAll(async () => {
    await honestBomb(150);
  }, 120_000);

  it('a 9 MB file declaring 150 MB of XML is refused on its central directory, before inflating', async () => {
    const file = await bomb(150, false);
    expect(file.length).toBeLessThan(10 * 1024 * 1024);
    const verdict = checkZip(file, {
      maxEntries: 2000,
      maxEntryBytes: 100 * 1024 * 1024,
      maxTotalBytes: 100 * 1024 * 1024,
    });
    expect(verdict).toMatchObject({ ok: false, reason: 'entry' });
    const started = performance.now();
    const r = failed(await run(file, 'bomb.xlsx'));
    expect(r.message).toMatch(/после распаковки больше 100 МБ/);
    // Refused from the directory alone: no worker, no inflating (generous bound for a loaded machine).
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('a file lying about its sizes costs its worker, not the event loop: the loop keeps ticking and the file is refused', async () => {
    const file = await bomb(150, true);
    expect(
      checkZip(file, { maxEntries: 2000, maxEntryBytes: 100 * 1024 * 1024, maxTotalBytes: 100 * 1024 * 1024 }).ok,
    ).toBe(true);
    let longest = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 10);
    try {
      const r = await readXlsxRecords(file, { ...DEFAULT_XLSX_LIMITS, timeoutMs: 4000, workerMemoryMb: 64 });
      expect(r.ok).toBe(false);
    } finally {
      clearInterval(ticker);
    }
    // Inflating and parsing 150 MB on this thread would stall it for seconds.
    expect(longest).toBeLessThan(500);
  }, 60_000);

  it('a workbook whose sheet does not inflate is refused after a second try, and the log detail shows both', async () => {
    const file = new Uint8Array(await xlsx([org(1), org(2)]));
    // The sheet's local header: its name follows the 30 fixed bytes; the deflated data follows the name and extra.
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    const at = Buffer.from(file).indexOf(name) - 30;
    const view = new DataView(file.buffer, file.byteOffset);
    expect(view.getUint32(at, true)).toBe(0x04034b50);
    const data = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    file.fill(0xff, data + 4, data + 64);
    const r = await readXlsxRecords(file);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe('unreadable');
    expect(r.detail).toMatch(/; again: /);
  });

  it('a normal XLSX is read in the worker with its row numbers', async () => {
    const r = await readXlsxRecords(await xlsx([org(1), org(2)]));
    if (!r.ok) throw new Error(r.reason);
    expect(r.records.map((x) => x.line)).toEqual([1, 2, 3]);
    expect(r.records[1]!.cells[HEADER.indexOf('ИНН')]).toBe(innOf(1));
  });
});
