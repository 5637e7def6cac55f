import { describe, expect, it } from 'vitest';
import { countRu, pluralRu, ruDate, ruDateOrNull, ruDateTime, ruDecimal } from '../../src/lib/ru';
import { isIsoDate, isUuid } from '../../src/lib/ids';
import { megabytesRu, sniffFile, sniffImage } from '../../src/files/sniff';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isSha256, readUpload, sha256Hex, storeHashed, storeUpload } from '../../src/files/storage.server';

describe('Russian dates', () => {
  it('a calendar day is written as дд.мм.гггг without passing through a time zone', () => {
    expect(ruDate('2025-03-05')).toBe('05.03.2025');
    expect(ruDate('2025-12-31T23:30:00.000Z')).toBe('31.12.2025');
    expect(ruDate(new Date(Date.UTC(2024, 1, 29)))).toBe('29.02.2024');
    expect(ruDate(null)).toBe('');
    expect(ruDate('not a date')).toBe('');
    expect(ruDateOrNull(undefined)).toBeNull();
  });

  it('a moment is shown in Moscow time, optionally with seconds and «МСК»', () => {
    const at = new Date('2025-03-05T21:07:09Z');
    expect(ruDateTime(at)).toBe('06.03.2025 00:07');
    expect(ruDateTime(at.toISOString(), { zone: true })).toBe('06.03.2025 00:07 МСК');
    expect(ruDateTime(at, { seconds: true })).toBe('06.03.2025 00:07:09');
    expect(ruDateTime(null)).toBe('');
  });

  it('plurals pick one, few and many, and fractions the genitive singular', () => {
    const forms = ['организация', 'организации', 'организаций'] as const;
    expect([1, 2, 5, 11, 21, 22, 25, 111].map((n) => countRu(n, forms))).toEqual([
      '1 организация',
      '2 организации',
      '5 организаций',
      '11 организаций',
      '21 организация',
      '22 организации',
      '25 организаций',
      '111 организаций',
    ]);
    expect(pluralRu(1.5, { one: 'балл', few: 'балла', many: 'баллов' })).toBe('балла');
    expect(ruDecimal(4.5)).toBe('4,5');
    expect(ruDecimal(2, 1)).toBe('2,0');
  });
});

describe('ids', () => {
  it('only a uuid names a row; only a real day is an ISO date', () => {
    expect(isUuid('0b8c5d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e')).toBe(true);
    expect(isUuid('0b8c5d1e-2f3a-4b5c-8d9e-0f1a2b3c4d5')).toBe(false);
    expect(isUuid("1' or '1'='1")).toBe(false);
    expect(isUuid(null)).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('05.03.2025')).toBe(false);
  });
});

describe('uploaded files', () => {
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
  const heic = new Uint8Array([
    0,
    0,
    0,
    24,
    ...Buffer.from('ftypmif1'),
    0,
    0,
    0,
    0,
    ...Buffer.from('heic'),
    ...Buffer.from('mif1'),
  ]);
  const pdf = new Uint8Array(Buffer.from('%PDF-1.7\n'));

  it('what a file is comes from its bytes, not its name', () => {
    expect(sniffImage(jpeg)).toBe('image/jpeg');
    expect(sniffImage(png)).toBe('image/png');
    expect(sniffImage(heic)).toBe('image/heic');
    expect(sniffImage(pdf)).toBeNull();
    expect(sniffFile(pdf)).toBe('application/pdf');
    expect(sniffFile(new Uint8Array(Buffer.from('%PDF')))).toBeNull();
    expect(sniffFile(new Uint8Array(Buffer.from('<html>')))).toBeNull();
    expect(megabytesRu(3.5 * 1048576)).toBe('3,5 МБ');
  });

  it('files are stored once under the hash of their content and read back only by a well-formed hash', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'noko-files-'));
    try {
      const sha = await storeUpload(dir, jpeg);
      expect(sha).toBe(sha256Hex(jpeg));
      expect(isSha256(sha)).toBe(true);
      expect(await storeUpload(dir, jpeg)).toBe(sha);
      expect(await readdir(path.join(dir, 'uploads'))).toEqual([sha]);
      expect(Buffer.from((await readUpload(dir, sha))!)).toEqual(Buffer.from(jpeg));
      expect(await readUpload(dir, '../../etc/passwd')).toBeNull();
      const scan = await storeHashed(path.join(dir, 'council', 'c1'), pdf, '.pdf');
      expect(await readFile(path.join(dir, 'council', 'c1', `${scan}.pdf`), 'utf8')).toBe('%PDF-1.7\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
