// The PDF renderer of the document model (pdfmake 0.3). The body font is Liberation Serif, metric twin of
// the Times New Roman the DOCX names, so lines break alike in both files; pdfmake's bundled Roboto is the
// fallback (fonts.server.ts). Charts are drawn as vector SVG (pdfmake's svg node), tables repeat their
// header rows on every page, and a section in landscape starts on a landscape page.
import { createRequire } from 'node:module';
import {
  DEFAULT_FONT_SIZE,
  DEFAULT_TABLE_FONT_SIZE,
  MARGINS_MM,
  MM,
  cellOf,
  layoutGrid,
  runsOf,
  textWidth,
  type Block,
  type Document,
  type Inline,
  type Section,
  type Table,
} from './model';
import { serifFont } from './fonts.server';

const require = createRequire(import.meta.url);

type PdfMake = {
  addFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (path: string) => boolean): void;
  urlAccessPolicy?: unknown;
  localAccessPolicy?: unknown;
  createPdf(doc: unknown): { getBuffer(): Promise<Buffer> };
};

export const PDF_FONT = 'NokoSerif';
let pdfmake: PdfMake | null = null;
let fontFamily = '';

function pdf(): PdfMake {
  if (pdfmake) return pdfmake;
  const pm = require('pdfmake') as PdfMake;
  const files = serifFont();
  fontFamily = files.family;
  // Fonts are named by their paths on disk, not put in pdfmake's virtual file system: pdfmake hands the
  // name to PDFKit as-is when it draws SVG text, and PDFKit opens it from the real disk.
  pm.addFonts({ [PDF_FONT]: { ...files.paths } });
  // Documents load nothing from the network; from the disk only these font files. Another room's policy
  // (posters forbid every local file) still decides every other path.
  const fontPaths = new Set(Object.values(files.paths));
  const previous = pm.localAccessPolicy as ((p: string) => boolean) | undefined;
  if (pm.urlAccessPolicy === undefined) pm.setUrlAccessPolicy(() => false);
  pm.setLocalAccessPolicy((p) => fontPaths.has(p) || (previous ? previous(p) : false));
  pdfmake = pm;
  return pm;
}

/** The font family the PDFs are set in (Liberation Serif, or Roboto where it is not installed). */
export function pdfFontFamily(): string {
  pdf();
  return fontFamily;
}

type Node = Record<string, unknown> | string;

function text(content: Inline, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const rs = runsOf(content).map((r) => ({
    text: r.text,
    ...(r.bold ? { bold: true } : {}),
    ...(r.italic ? { italics: true } : {}),
    ...(r.underline ? { decoration: 'underline' } : {}),
    ...(r.superscript ? { sup: true } : {}),
  }));
  return { text: rs.length === 1 && Object.keys(rs[0]!).length === 1 ? rs[0]!.text : rs, ...extra };
}

const PAD = 3;

function table(t: Table, width: number, docTableSize: number): Node {
  const cols = t.columns.length;
  const total = t.columns.reduce((s, c) => s + c.width, 0);
  // pdfmake widths exclude cell padding and the 1-pt rules between cells.
  const usable = width - cols * (PAD * 2) - (cols + 1) * (t.borderless ? 0 : 0.5);
  const widths = t.columns.map((c) => (usable * c.width) / total);
  const rows = [...t.header, ...t.body];
  const headerRows = t.header.length;
  const grid = layoutGrid(t.header, cols).concat(layoutGrid(t.body, cols));
  const body = grid.map((slots, r) =>
    slots.map((slot, c) => {
      if (!slot.origin) return {};
      const cell = cellOf(slot.cell);
      const header = r < headerRows;
      const row = rows[r]!;
      return text(cell.content, {
        ...(cell.colSpan && cell.colSpan > 1 ? { colSpan: cell.colSpan } : {}),
        ...(cell.rowSpan && cell.rowSpan > 1 ? { rowSpan: cell.rowSpan } : {}),
        alignment: cell.align ?? (header ? 'center' : (t.columns[c]!.align ?? 'left')),
        ...(header || cell.bold || row.bold ? { bold: true } : {}),
        ...(cell.shade || row.shade || (header && !t.borderless) ? { fillColor: header ? '#ededed' : '#f3f3f3' } : {}),
      });
    }),
  );
  return {
    // Kept with its caption only when surely shorter than a page: pdfmake leaves blank pages for an
    // unbreakable block taller than a page (10 plan rows of long text already are).
    ...(rows.length > 8 ? { _big: true } : {}),
    table: { headerRows, dontBreakRows: true, widths, body },
    fontSize: t.fontSize ?? docTableSize,
    lineHeight: 1.05,
    margin: [0, 2, 0, 8],
    layout: t.borderless
      ? {
          defaultBorder: false,
          paddingLeft: () => PAD,
          paddingRight: () => PAD,
          paddingTop: () => 2,
          paddingBottom: () => 2,
        }
      : {
          hLineWidth: () => 0.5,
          vLineWidth: () => 0.5,
          paddingLeft: () => PAD,
          paddingRight: () => PAD,
          paddingTop: () => 1.5,
          paddingBottom: () => 1.5,
        },
  };
}

function blocks(list: readonly Block[], width: number, doc: Document): Node[] {
  const out: Node[] = [];
  const size = doc.fontSize ?? DEFAULT_FONT_SIZE;
  const tableSize = doc.tableFontSize ?? DEFAULT_TABLE_FONT_SIZE;
  const caption = (c: string) => ({ text: c, margin: [0, 6, 0, 3], _keep: true });
  for (const bl of list) {
    switch (bl.kind) {
      case 'heading':
        out.push({
          text: bl.text,
          bold: true,
          fontSize: bl.level === 1 ? size + 3 : bl.level === 2 ? size + 1 : size,
          alignment: bl.align ?? (bl.level === 1 ? 'center' : 'left'),
          margin: [0, bl.level === 1 ? 6 : 10, 0, 6],
          _keep: true,
          ...(bl.pageBreakBefore ? { pageBreak: 'before' } : {}),
        });
        break;
      case 'paragraph': {
        const align = bl.align ?? 'justify';
        out.push(
          text(bl.content, {
            alignment: align,
            ...((bl.indent ?? align === 'justify') ? { leadingIndent: 12.5 * MM } : {}),
            ...(bl.small ? { fontSize: tableSize } : {}),
            ...(bl.pageBreakBefore ? { pageBreak: 'before' } : {}),
            ...(bl.keepWithNext ? { _keep: true } : {}),
            margin: [0, 0, 0, bl.spaceAfter ?? 6],
          }),
        );
        break;
      }
      case 'list':
        // pdfmake's bullets are round dots; official lists use dashes, so the dash goes into the text.
        out.push(
          bl.ordered
            ? {
                ol: bl.items.map((it) => text(it, { alignment: 'justify', margin: [0, 0, 0, 2] })),
                margin: [12.5 * MM, 0, 0, 6],
              }
            : {
                ul: bl.items.map((it) => text(['– ', ...runsOf(it)], { alignment: 'justify', margin: [0, 0, 0, 2] })),
                type: 'none',
                margin: [12.5 * MM, 0, 0, 6],
              },
        );
        break;
      case 'table':
        if (bl.caption) out.push(caption(bl.caption));
        out.push(table(bl, width, tableSize));
        break;
      case 'chart':
        out.push({ svg: bl.svg, font: PDF_FONT, width: bl.width, height: bl.height, alignment: 'center', _keep: true });
        out.push({ text: bl.title, italics: true, alignment: 'center', margin: [0, 2, 0, 4], _keep: true });
        if (bl.table.caption) out.push(caption(bl.table.caption));
        out.push(table(bl.table, width, tableSize));
        break;
      case 'approval':
        out.push({
          columns: [
            { width: '*', text: '' },
            {
              width: width * 0.45,
              stack: [
                { text: bl.title, bold: true },
                ...bl.lines.map((l) => ({ text: l })),
                ...(bl.date ? [{ text: bl.date }] : []),
              ],
            },
          ],
          margin: [0, 0, 0, 12],
        });
        break;
      case 'signatures':
        out.push(
          table(
            {
              kind: 'table',
              borderless: true,
              columns: [{ width: 45 }, { width: 25 }, { width: 30 }],
              header: [],
              body: bl.rows.map((r) => ({ cells: [r.role, { content: '______________', align: 'center' }, r.name] })),
              fontSize: size,
            },
            width,
            tableSize,
          ),
        );
        if (bl.date) out.push({ text: bl.date, margin: [0, 6, 0, 0] });
        break;
      case 'pageBreak':
        out.push({ text: '', pageBreak: 'after' });
        break;
    }
  }
  return keepTogether(out);
}

/**
 * Headings, captions and charts stay with what follows them: they and the next block go into one
 * unbreakable stack. (pdfmake's pageBreakBefore hook would do it too, but re-lays out the whole document
 * for every break it adds — minutes for a 3,000-page report.) A long table is not made unbreakable; its
 * heading then may stand alone at the foot of a page, the price of a long table.
 */
function keepTogether(nodes: Node[]): Node[] {
  const out: Node[] = [];
  let pending: Record<string, unknown>[] = [];
  for (const n of nodes) {
    const node = n as Record<string, unknown>;
    const keep = node._keep === true;
    const big = node._big === true;
    delete node._keep;
    delete node._big;
    if (keep) {
      pending.push(node);
      continue;
    }
    if (pending.length === 0) out.push(node);
    else {
      const first = pending[0]!;
      const pageBreak = first.pageBreak;
      delete first.pageBreak;
      out.push({
        stack: [...pending, node],
        ...(big ? {} : { unbreakable: true }),
        ...(pageBreak ? { pageBreak } : {}),
      });
      pending = [];
    }
  }
  out.push(...pending);
  return out;
}

/** Table cells (and other blocks) a part holds before it is laid out on its own (decision 0093). */
export const PART_BUDGET = 15_000;

const cost = (bl: Block): number =>
  bl.kind === 'table'
    ? (bl.header.length + bl.body.length) * bl.columns.length
    : bl.kind === 'chart'
      ? (bl.table.header.length + bl.table.body.length) * bl.table.columns.length + 50
      : 1;

type Part = { orientation: Section['orientation']; blocks: Block[] }[];

/**
 * Splits the document into parts of at most PART_BUDGET cells, each a run of whole sections or, inside a
 * long section, a run of blocks starting at a heading that begins a new page anyway (the cards). A part
 * never cuts a table or a page.
 */
export function splitParts(doc: Document, budget = PART_BUDGET): Part[] {
  const parts: Part[] = [];
  let part: Part = [];
  let used = 0;
  for (const s of doc.sections) {
    // A section starts on a new page: a natural place to start a new part too.
    if (part.length && used > budget) {
      parts.push(part);
      part = [];
      used = 0;
    }
    let current: { orientation: Section['orientation']; blocks: Block[] } = { orientation: s.orientation, blocks: [] };
    part.push(current);
    for (const bl of s.blocks) {
      const c = cost(bl);
      const breakable = bl.kind === 'heading' && bl.pageBreakBefore === true && current.blocks.length > 0;
      if (breakable && used + c > budget) {
        parts.push(part);
        current = { orientation: s.orientation, blocks: [{ ...bl, pageBreakBefore: false }] };
        part = [current];
        used = c;
        continue;
      }
      current.blocks.push(bl);
      used += c;
    }
  }
  if (part.length) parts.push(part);
  return parts;
}

async function renderPart(doc: Document, sections: Part, firstPage: number): Promise<Buffer> {
  const pm = pdf();
  const content: Node[] = [];
  sections.forEach((s, n) => {
    const nodes = blocks(s.blocks, textWidth(s.orientation), doc);
    if (n > 0) content.push({ text: '', pageBreak: 'before', pageOrientation: s.orientation, fontSize: 1 });
    content.push(...nodes);
  });
  const size = doc.fontSize ?? DEFAULT_FONT_SIZE;
  const definition = {
    pageSize: 'A4',
    pageOrientation: sections[0]?.orientation ?? 'portrait',
    pageMargins: [MARGINS_MM.left * MM, MARGINS_MM.top * MM, MARGINS_MM.right * MM, MARGINS_MM.bottom * MM],
    info: { title: doc.title, subject: doc.subject ?? '', author: doc.author ?? 'НОКО', creator: 'НОКО' },
    language: 'ru-RU',
    defaultStyle: { font: PDF_FONT, fontSize: size, lineHeight: 1.15 },
    footer: (page: number) => ({
      text: doc.footerText ? `${doc.footerText} · ${page + firstPage - 1}` : String(page + firstPage - 1),
      alignment: 'center',
      fontSize: 10,
      margin: [0, 10 * MM * 0.8, 0, 0],
    }),
    content,
  };
  return pm.createPdf(definition).getBuffer();
}

/**
 * Renders the model to a PDF. pdfmake keeps the layout of every page in memory until it writes the file
 * (≈ 0,4 MB a page of cards: 1,5 GB for a region), so a long document is laid out in parts — each freed
 * when written — and the parts are joined with pdf-lib, page numbers running on (decision 0093).
 */
export async function renderPdf(
  doc: Document,
  opts: { partBudget?: number; onPart?: (done: number, total: number) => void } = {},
): Promise<Buffer> {
  const parts = splitParts(doc, opts.partBudget);
  if (parts.length === 1) return renderPart(doc, parts[0]!, 1);
  const { PDFDocument } = await import('pdf-lib');
  const out = await PDFDocument.create();
  let next = 1;
  for (let k = 0; k < parts.length; k++) {
    const bytes = await renderPart(doc, parts[k]!, next);
    const src = await PDFDocument.load(bytes);
    const pages = await out.copyPages(src, src.getPageIndices());
    for (const page of pages) out.addPage(page);
    next += pages.length;
    opts.onPart?.(k + 1, parts.length);
  }
  out.setTitle(doc.title);
  if (doc.subject) out.setSubject(doc.subject);
  out.setAuthor(doc.author ?? 'НОКО');
  out.setCreator('НОКО');
  out.setProducer('НОКО (pdfmake, pdf-lib)');
  out.setLanguage('ru-RU');
  return Buffer.from(await out.save({ useObjectStreams: true }));
}
