import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Db } from '../../src/db/index.server';
import { createTerritory } from '../../src/registry/organisations.server';
import { innWithCheckDigit, ogrnWithCheckDigit } from '../../src/registry/validation';

export const actor = { id: null, name: 'тест' };

export const HEADER = [
  'Полное наименование',
  'Краткое наименование',
  'Тип',
  'ИНН',
  'ОГРН',
  'КПП',
  'Адрес',
  'Официальный сайт',
  'Руководитель',
  'Учредитель',
  'Число получателей услуг',
  'Статус',
  'Дата последней оценки',
];

export function org(i: number, overrides: Partial<Record<string, string>> = {}): string[] {
  const inn = innWithCheckDigit(`36010${String(i).padStart(4, '0')}`);
  const row: Record<string, string> = {
    'Полное наименование': `Муниципальное бюджетное общеобразовательное учреждение «Школа № ${i}»`,
    'Краткое наименование': `МБОУ Школа № ${i}`,
    Тип: 'школа',
    ИНН: inn,
    ОГРН: ogrnWithCheckDigit(`102360${String(i).padStart(6, '0')}`),
    КПП: '360101001',
    Адрес: `г. Примерск, ул. Школьная, ${i}`,
    'Официальный сайт': `school${i}.example.ru`,
    Руководитель: 'Иванова И. И.',
    Учредитель: 'Управление образования',
    'Число получателей услуг': String(100 + i),
    Статус: 'действует',
    'Дата последней оценки': '',
    ...overrides,
  };
  return HEADER.map((h) => row[h] ?? '');
}

export function csv(rows: string[][], sep = ';'): string {
  return [HEADER, ...rows]
    .map((r) => r.map((c) => (c.includes(sep) || c.includes('"') ? `"${c.replace(/"/g, '""')}"` : c)).join(sep))
    .join('\r\n');
}

export const utf8 = (s: string) => new TextEncoder().encode(s);
export const utf8Bom = (s: string) => new TextEncoder().encode('\uFEFF' + s);
export const cp1251 = (s: string) => new Uint8Array(iconv.encode(s, 'win1251'));

export async function xlsx(rows: (string | number | Date)[][], header = HEADER): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Лист1');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export async function municipality(db: Db, name = 'Примерский район') {
  const region = await createTerritory(db, { kind: 'region', name: `${name} — регион`, parentId: null }, actor);
  const m = await createTerritory(db, { kind: 'municipality', name, parentId: region.id }, actor);
  return { region, municipality: m };
}
