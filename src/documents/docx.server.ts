// The DOCX renderer of the document model (docx 9.7.1 — the last release that runs on Node 20). Word's own
// features carry the structure: styles for headings (so the navigation pane and a table of contents work),
// repeated header rows (w:tblHeader), vertical merges, one section per orientation and a PAGE field.
import { randomBytes } from 'node:crypto';
import JSZip from 'jszip';
import {
  AlignmentType,
  Document as DocxDocument,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph as DocxParagraph,
  TextRun,
  type FileChild,
  type ISectionOptions,
} from 'docx';
import {
  A4,
  DEFAULT_FONT_SIZE,
  DEFAULT_TABLE_FONT_SIZE,
  MARGINS_MM,
  MM,
  runsOf,
  textWidth,
  layoutGrid,
  type Align,
  type Block,
  type Document,
  type Inline,
  type Table,
  type TableRow,
} from './model';
import { svgToPng } from './raster.server';

export const DOCX_FONT = 'Times New Roman';
const TWIP = 20; // twips per point
const FIRST_LINE = Math.round(12.5 * MM * TWIP); // 1,25 cm paragraph indent

const alignment = (a: Align | undefined) =>
  a === 'center'
    ? AlignmentType.CENTER
    : a === 'right'
      ? AlignmentType.RIGHT
      : a === 'justify'
        ? AlignmentType.JUSTIFIED
        : AlignmentType.LEFT;

function runs(content: Inline, size?: number, forceBold?: boolean): TextRun[] {
  return runsOf(content).map(
    (r) =>
      new TextRun({
        text: r.text,
        bold: forceBold || r.bold || undefined,
        italics: r.italic || undefined,
        underline: r.underline ? {} : undefined,
        superScript: r.superscript || undefined,
        size: size ? size * 2 : undefined,
      }),
  );
}

// Tables are written as WordprocessingML text by tableXml below and spliced into the document docx
// produces (decision 0092): docx's object tree costs ~15 KB of heap per table cell, and a region's report
// has ~300,000 cells (4 GB, out of memory). Everything else — styles, numbering, sections, headers,
// footers, images, the package — stays docx's.
// Characters XML 1.0 forbids (C0 controls other than tab, newline, carriage return) are dropped.
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;
const escapeXml = (text: string) =>
  text.replace(XML_FORBIDDEN, '').replace(/[<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;'));

const JC: Record<Align, string> = { left: 'left', center: 'center', right: 'right', justify: 'both' };
export const TABLE_STYLE_SIZES = [6, 7, 8, 9, 10, 11, 12, 13, 14] as const;
const tableStyle = (size: number) => `NokoTable${Math.min(14, Math.max(6, Math.round(size)))}`;

function runsXml(content: Inline, bold: boolean): string {
  let out = '';
  for (const r of runsOf(content)) {
    const props = `${bold || r.bold ? '<w:b/><w:bCs/>' : ''}${r.italic ? '<w:i/><w:iCs/>' : ''}${r.underline ? '<w:u w:val="single"/>' : ''}${r.superscript ? '<w:vertAlign w:val="superscript"/>' : ''}`;
    out += `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}<w:t xml:space="preserve">${escapeXml(r.text)}</w:t></w:r>`;
  }
  return out;
}

function tableXml(t: Table, width: number, docTableSize: number): string {
  const style = tableStyle(t.fontSize ?? docTableSize);
  const total = t.columns.reduce((sum, c) => sum + c.width, 0);
  const widths = t.columns.map((c) => Math.floor(((width * c.width) / total) * TWIP));
  const line = t.borderless ? 'w:val="nil"' : 'w:val="single" w:sz="4" w:space="0" w:color="000000"';
  const borders = ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((b) => `<w:${b} ${line}/>`).join('');
  const parts: string[] = [
    `<w:tbl><w:tblPr><w:tblW w:w="${widths.reduce((a, w) => a + w, 0)}" w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblBorders>${borders}</w:tblBorders>` +
      `<w:tblCellMar><w:top w:w="30" w:type="dxa"/><w:left w:w="60" w:type="dxa"/><w:bottom w:w="30" w:type="dxa"/><w:right w:w="60" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>`,
    `<w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>`,
  ];
  const rowsXml = (rows: readonly TableRow[], header: boolean) => {
    const grid = layoutGrid(rows, t.columns.length);
    grid.forEach((slots, r) => {
      const row = rows[r]!;
      let xml = `<w:tr><w:trPr><w:cantSplit/>${header ? '<w:tblHeader/>' : ''}</w:trPr>`;
      for (let col = 0; col < slots.length; col++) {
        const slot = slots[col]!;
        // A slot covered from the left belongs to the gridSpan of the cell before it.
        if (!slot.origin && !(slot.fromAbove && slot.first)) continue;
        const cell = slot.origin ? slot.cell : slot.by;
        const span = cell.colSpan ?? 1;
        const w = widths.slice(col, col + span).reduce((a, x) => a + x, 0);
        const shaded = cell.shade || row.shade || (header && !t.borderless);
        const props =
          `<w:tcW w:w="${w}" w:type="dxa"/>${span > 1 ? `<w:gridSpan w:val="${span}"/>` : ''}` +
          `${slot.origin ? ((cell.rowSpan ?? 1) > 1 ? '<w:vMerge w:val="restart"/>' : '') : '<w:vMerge/>'}` +
          `${shaded ? `<w:shd w:val="clear" w:color="auto" w:fill="${header ? 'EDEDED' : 'F3F3F3'}"/>` : ''}${header ? '<w:vAlign w:val="center"/>' : ''}`;
        const align = cell.align ?? (header ? 'center' : (t.columns[col]!.align ?? 'left'));
        const para = `<w:p><w:pPr><w:pStyle w:val="${style}"/>${align !== 'left' ? `<w:jc w:val="${JC[align]}"/>` : ''}</w:pPr>${slot.origin ? runsXml(cell.content, header || !!cell.bold || !!row.bold) : ''}</w:p>`;
        xml += `<w:tc><w:tcPr>${props}</w:tcPr>${para}</w:tc>`;
        col += span - 1;
      }
      parts.push(xml + '</w:tr>');
    });
  };
  rowsXml(t.header, true);
  rowsXml(t.body, false);
  parts.push('</w:tbl>');
  return parts.join('');
}

/** Placeholder paragraphs the tables replace after docx has packed the document. */
type Tables = { token: string; xml: string[] };
function table(t: Table, width: number, docTableSize: number, tables: Tables): DocxParagraph {
  tables.xml.push(tableXml(t, width, docTableSize));
  return new DocxParagraph({ children: [new TextRun({ text: `${tables.token}${tables.xml.length - 1}X` })] });
}

function caption(text: string): DocxParagraph {
  return new DocxParagraph({ keepNext: true, spacing: { before: 120, after: 60 }, children: [new TextRun({ text })] });
}

async function blocks(
  list: readonly Block[],
  width: number,
  doc: Document,
  ctx: { lists: number; tables: Tables },
): Promise<FileChild[]> {
  const out: FileChild[] = [];
  const tableSize = doc.tableFontSize ?? DEFAULT_TABLE_FONT_SIZE;
  for (const bl of list) {
    switch (bl.kind) {
      case 'heading':
        out.push(
          new DocxParagraph({
            heading:
              bl.level === 1
                ? HeadingLevel.HEADING_1
                : bl.level === 2
                  ? HeadingLevel.HEADING_2
                  : HeadingLevel.HEADING_3,
            alignment: alignment(bl.align ?? (bl.level === 1 ? 'center' : 'left')),
            pageBreakBefore: bl.pageBreakBefore,
            keepNext: true,
            children: [new TextRun({ text: bl.text })],
          }),
        );
        break;
      case 'paragraph': {
        const justified = (bl.align ?? 'justify') === 'justify';
        out.push(
          new DocxParagraph({
            alignment: alignment(bl.align ?? 'justify'),
            indent: (bl.indent ?? justified) ? { firstLine: FIRST_LINE } : undefined,
            keepNext: bl.keepWithNext,
            pageBreakBefore: bl.pageBreakBefore,
            spacing: bl.spaceAfter !== undefined ? { after: bl.spaceAfter * TWIP } : undefined,
            children: runs(bl.content, bl.small ? tableSize : undefined),
          }),
        );
        break;
      }
      case 'list': {
        // Each ordered list restarts at 1: one numbering instance per list.
        const instance = bl.ordered ? ++ctx.lists : 0;
        for (const item of bl.items) {
          out.push(
            new DocxParagraph({
              numbering: { reference: bl.ordered ? 'noko-ordered' : 'noko-bullet', level: 0, instance },
              alignment: AlignmentType.JUSTIFIED,
              children: runs(item),
            }),
          );
        }
        break;
      }
      case 'table':
        if (bl.caption) out.push(caption(bl.caption));
        out.push(table(bl, width, tableSize, ctx.tables));
        out.push(new DocxParagraph({ spacing: { after: 0 }, children: [] }));
        break;
      case 'chart': {
        const widthPx = (bl.width * 96) / 72;
        const heightPx = (bl.height * 96) / 72;
        const png = await svgToPng(bl.svg, widthPx * 2);
        out.push(
          new DocxParagraph({
            alignment: AlignmentType.CENTER,
            keepNext: true,
            children: [
              new ImageRun({
                type: 'svg',
                data: Buffer.from(bl.svg, 'utf8'),
                fallback: { type: 'png', data: png },
                transformation: { width: widthPx, height: heightPx },
                altText: { name: bl.title, title: bl.title, description: bl.title },
              }),
            ],
          }),
        );
        out.push(
          new DocxParagraph({
            alignment: AlignmentType.CENTER,
            keepNext: true,
            children: [new TextRun({ text: bl.title, italics: true })],
          }),
        );
        if (bl.table.caption) out.push(caption(bl.table.caption));
        out.push(table(bl.table, width, tableSize, ctx.tables));
        out.push(new DocxParagraph({ spacing: { after: 0 }, children: [] }));
        break;
      }
      case 'approval':
        out.push(
          ...[bl.title, ...bl.lines, ...(bl.date ? [bl.date] : [])].map(
            (line, n) =>
              new DocxParagraph({
                indent: { left: Math.round(width * 0.55 * TWIP) },
                spacing: { after: 0 },
                keepNext: true,
                children: [new TextRun({ text: line, bold: n === 0 })],
              }),
          ),
          new DocxParagraph({ children: [] }),
        );
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
              fontSize: doc.fontSize ?? DEFAULT_FONT_SIZE,
            },
            width,
            tableSize,
            ctx.tables,
          ),
        );
        if (bl.date)
          out.push(new DocxParagraph({ spacing: { before: 120 }, children: [new TextRun({ text: bl.date })] }));
        break;
      case 'pageBreak':
        out.push(new DocxParagraph({ pageBreakBefore: true, children: [] }));
        break;
    }
  }
  return out;
}

/** Renders the model to a .docx file. */
export async function renderDocx(doc: Document): Promise<Buffer> {
  const ctx = { lists: 0, tables: { token: `NOKOTABLE${randomBytes(6).toString('hex')}N`, xml: [] as string[] } };
  const size = doc.fontSize ?? DEFAULT_FONT_SIZE;
  const sections: ISectionOptions[] = [];
  for (const s of doc.sections) {
    const landscape = s.orientation === 'landscape';
    const width = textWidth(s.orientation);
    sections.push({
      properties: {
        page: {
          size: {
            width: Math.round(A4.width * TWIP),
            height: Math.round(A4.height * TWIP),
            orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT,
          },
          margin: {
            top: Math.round(MARGINS_MM.top * MM * TWIP),
            bottom: Math.round(MARGINS_MM.bottom * MM * TWIP),
            left: Math.round(MARGINS_MM.left * MM * TWIP),
            right: Math.round(MARGINS_MM.right * MM * TWIP),
            header: Math.round(10 * MM * TWIP),
            footer: Math.round(10 * MM * TWIP),
          },
        },
      },
      headers: s.headerText
        ? {
            default: new Header({
              children: [
                new DocxParagraph({
                  alignment: AlignmentType.RIGHT,
                  children: [new TextRun({ text: s.headerText, size: 18 })],
                }),
              ],
            }),
          }
        : undefined,
      footers: {
        default: new Footer({
          children: [
            new DocxParagraph({
              alignment: AlignmentType.CENTER,
              children: [
                ...(doc.footerText ? [new TextRun({ text: `${doc.footerText} · `, size: 18 })] : []),
                new TextRun({ children: [PageNumber.CURRENT], size: 20 }),
              ],
            }),
          ],
        }),
      },
      children: await blocks(s.blocks, width, doc, ctx),
    });
  }
  const heading = (id: string, name: string, pt: number) => ({
    id,
    name,
    basedOn: 'Normal',
    next: 'Normal',
    quickFormat: true,
    run: { font: DOCX_FONT, size: pt * 2, bold: true, color: '000000' },
    paragraph: { spacing: { before: 240, after: 120 }, keepNext: true },
  });
  const d = new DocxDocument({
    title: doc.title,
    subject: doc.subject,
    creator: doc.author ?? 'НОКО',
    styles: {
      default: {
        document: {
          run: { font: DOCX_FONT, size: size * 2, language: { value: 'ru-RU' } },
          paragraph: { spacing: { after: 120, line: 276 } },
        },
      },
      paragraphStyles: [
        heading('Heading1', 'heading 1', size + 3),
        heading('Heading2', 'heading 2', size + 1),
        heading('Heading3', 'heading 3', size),
        ...TABLE_STYLE_SIZES.map((pt) => ({
          id: tableStyle(pt),
          name: `НОКО таблица ${pt}`,
          basedOn: 'Normal',
          run: { size: pt * 2 },
          paragraph: { spacing: { after: 0, line: 240 } },
        })),
      ],
    },
    numbering: {
      config: [
        {
          reference: 'noko-ordered',
          levels: [
            {
              level: 0,
              format: LevelFormat.DECIMAL,
              text: '%1.',
              alignment: AlignmentType.LEFT,
              style: { paragraph: { indent: { left: 720, hanging: 360 } } },
            },
          ],
        },
        {
          reference: 'noko-bullet',
          levels: [
            {
              level: 0,
              format: LevelFormat.BULLET,
              text: '–',
              alignment: AlignmentType.LEFT,
              style: { paragraph: { indent: { left: 720, hanging: 360 } } },
            },
          ],
        },
      ],
    },
    sections,
  });
  return spliceTables(await Packer.toBuffer(d), ctx.tables);
}

/** Replaces each placeholder paragraph in word/document.xml with its table and re-packs the file. */
async function spliceTables(packed: Buffer, tables: Tables): Promise<Buffer> {
  if (tables.xml.length === 0) return packed;
  const zip = await JSZip.loadAsync(packed);
  const xml = await zip.file('word/document.xml')!.async('string');
  const marker = new RegExp(`<w:p>(?:(?!<w:p>)[\\s\\S])*?${tables.token}(\\d+)X(?:(?!<w:p>)[\\s\\S])*?</w:p>`, 'g');
  const chunks: Buffer[] = [];
  let last = 0;
  let found = 0;
  for (const m of xml.matchAll(marker)) {
    chunks.push(Buffer.from(xml.slice(last, m.index), 'utf8'), Buffer.from(tables.xml[Number(m[1])]!, 'utf8'));
    tables.xml[Number(m[1])] = '';
    last = m.index + m[0].length;
    found++;
  }
  if (found !== tables.xml.length) throw new Error(`DOCX: ${tables.xml.length - found} table placeholders not found`);
  chunks.push(Buffer.from(xml.slice(last), 'utf8'));
  zip.file('word/document.xml', Buffer.concat(chunks));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
