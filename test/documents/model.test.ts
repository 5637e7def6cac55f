import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { layoutGrid, plainText, validateTable, type Table } from '../../src/documents/model';
import { renderDocx } from '../../src/documents/docx.server';
import { renderPdf, splitParts } from '../../src/documents/pdf.server';
import { sampleDocument } from './sample';

describe('document model', () => {
  it('lays out merged header cells on the grid', () => {
    const grid = layoutGrid(
      [
        {
          cells: [
            { content: '№', rowSpan: 2 },
            { content: 'Показатели', colSpan: 2 },
          ],
        },
        { cells: ['Балл', 'Место'] },
      ],
      3,
    );
    expect(grid[0]!.map((s) => s.origin)).toEqual([true, true, false]);
    expect(grid[1]!.map((s) => s.origin)).toEqual([false, true, true]);
    const covered = grid[1]![0]!;
    expect(covered.origin === false && covered.fromAbove).toBe(true);
  });

  it('rejects rows that do not fill the columns, overflow them or span past the end', () => {
    const t = (body: Table['body']): Table => ({
      kind: 'table',
      columns: [{ width: 1 }, { width: 1 }],
      header: [],
      body,
    });
    expect(() => validateTable(t([{ cells: ['a'] }]))).toThrow(/column 2 empty/);
    expect(() => validateTable(t([{ cells: ['a', 'b', 'c'] }]))).toThrow(/more cells/);
    expect(() => validateTable(t([{ cells: [{ content: 'a', rowSpan: 2 }, 'b'] }]))).toThrow(/past the last row/);
    expect(() => validateTable(t([{ cells: [{ content: 'a', rowSpan: 2 }, 'b'] }, { cells: ['c'] }]))).not.toThrow();
  });

  it('flattens inline content', () => {
    expect(plainText(['a', { text: 'b', bold: true }])).toBe('ab');
    expect(plainText({ text: 'c' })).toBe('c');
  });
});

describe('renderers', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'noko-doc-'));

  it('DOCX: A4, a landscape section, repeated and vertically merged header rows, a page-number field, SVG chart with PNG fallback', async () => {
    const buf = await renderDocx(sampleDocument(60));
    const zip = await JSZip.loadAsync(buf);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('w:orient="landscape"');
    expect(xml.match(/<w:tblHeader\/>/g)?.length).toBe(4); // 1 chart table header + 3 header rows of the wide table
    expect(xml).toMatch(/<w:vMerge w:val="restart"\/>/);
    expect(xml).toContain('Организация № 60');
    expect(xml).toContain('Раздел I');
    const footers = Object.keys(zip.files).filter((f) => /^word\/footer\d+\.xml$/.test(f));
    const footerXml = await Promise.all(footers.map((f) => zip.file(f)!.async('string')));
    expect(footerXml.some((f) => f.includes('PAGE'))).toBe(true);
    const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
    expect(media.some((f) => f.endsWith('.svg'))).toBe(true);
    const png = media.find((f) => f.endsWith('.png'));
    expect(png).toBeDefined();
    const bytes = await zip.file(png!)!.async('uint8array');
    expect(Buffer.from(bytes.subarray(1, 4)).toString()).toBe('PNG');
    const styles = await zip.file('word/styles.xml')!.async('string');
    expect(styles).toContain('Times New Roman');
  });

  it('PDF: text extracts, pages numbered, the wide section is landscape', async () => {
    const buf = await renderPdf(sampleDocument(60));
    const file = path.join(dir, 'sample.pdf');
    writeFileSync(file, buf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Аналитический отчёт о проверке');
    expect(text).toContain('Организация № 60');
    expect(text).toContain('91,20');
    const info = execFileSync('pdfinfo', ['-f', '1', '-l', '9', file], { encoding: 'utf8' });
    const sizes = [...info.matchAll(/Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)/g)].map((m) => [
      Number(m[2]),
      Number(m[3]),
    ]);
    expect(sizes[0]![0]).toBeLessThan(sizes[0]![1]!); // portrait first page
    expect(sizes[1]![0]).toBeGreaterThan(sizes[1]![1]!); // landscape annex
    // The table header repeats on the second landscape page.
    const pages = text.split('\f');
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages[2]).toContain('Показатели');
    expect(pages[0]).toMatch(/НОКО · проба · 1/);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/LiberationSerif|Roboto/);
  });

  it('PDF in parts (a long document): the same pages, numbers running on, orientation kept', async () => {
    const doc = sampleDocument(60);
    // A tiny budget: a part per section, and the landscape section split again at its page-break heading.
    const split = {
      ...doc,
      sections: [
        doc.sections[0]!,
        {
          ...doc.sections[1]!,
          blocks: [
            ...doc.sections[1]!.blocks,
            { kind: 'heading' as const, level: 2 as const, text: 'Вторая часть', pageBreakBefore: true },
            { kind: 'paragraph' as const, content: 'Текст второй части.' },
          ],
        },
      ],
    };
    expect(splitParts(split, 10).length).toBe(3);
    const whole = path.join(dir, 'whole.pdf');
    const parts = path.join(dir, 'parts.pdf');
    writeFileSync(whole, await renderPdf(split, { partBudget: 1_000_000 }));
    let reported = 0;
    writeFileSync(parts, await renderPdf(split, { partBudget: 10, onPart: (done) => (reported = done) }));
    expect(reported).toBe(3);
    const pagesOf = (f: string) =>
      Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [f], { encoding: 'utf8' }))![1]);
    expect(pagesOf(parts)).toBe(pagesOf(whole));
    const text = execFileSync('pdftotext', ['-layout', parts, '-'], { encoding: 'utf8' }).split('\f');
    text.slice(0, pagesOf(parts)).forEach((page, k) => expect(page).toContain(`НОКО · проба · ${k + 1}`));
    const info = execFileSync('pdfinfo', ['-f', '1', '-l', '9', parts], { encoding: 'utf8' });
    expect(info).toMatch(/Title:\s+Проба документа/);
    const sizes = [...info.matchAll(/Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)/g)].map(
      (m) => Number(m[2]) > Number(m[3]),
    );
    expect(sizes.slice(1).every(Boolean)).toBe(true);
  });
});
