// The DOCX renderer of the document model (docx 9.7.1 — the last release that runs on Node 20). Word's own
// features carry the structure: styles for headings (so the navigation pane and a table of contents work),
// repeated header rows (w:tblHeader), vertical merges, one section per orientation and a PAGE field.
import {
  AlignmentType,
  BorderStyle,
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
  ShadingType,
  Table as DocxTable,
  TableCell,
  TableLayoutType,
  TableRow as DocxTableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type FileChild,
  type ISectionOptions,
} from 'docx';
import {
  A4,
  DEFAULT_FONT_SIZE,
  DEFAULT_TABLE_FONT_SIZE,
  MARGINS_MM,
  MM,
  cellOf,
  runsOf,
  textWidth,
  layoutGrid,
  type Align,
  type Block,
  type Document,
  type Inline,
  type Table,
} from './model';
import { svgToPng } from './raster.server';

export const DOCX_FONT = 'Times New Roman';
const TWIP = 20; // twips per point
const FIRST_LINE = Math.round(12.5 * MM * TWIP); // 1,25 cm paragraph indent

const alignment = (a: Align | undefined) =>
  a === 'center' ? AlignmentType.CENTER : a === 'right' ? AlignmentType.RIGHT : a === 'justify' ? AlignmentType.JUSTIFIED : AlignmentType.LEFT;

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

const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
const LINE = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;

function table(t: Table, width: number, docTableSize: number): DocxTable {
  const size = t.fontSize ?? docTableSize;
  const total = t.columns.reduce((s, c) => s + c.width, 0);
  const widths = t.columns.map((c) => Math.floor(((width * c.width) / total) * TWIP));
  const border = t.borderless ? NO_BORDER : LINE;
  const startColumns = (rows: readonly Table['body'][number][]) =>
    layoutGrid(rows, t.columns.length).map((slots) => slots.flatMap((slot, col) => (slot.origin ? [col] : [])));
  const headerCols = startColumns(t.header);
  const bodyCols = startColumns(t.body);
  const row = (r: Table['body'][number], header: boolean, starts: number[]) => {
    // The model lists only cells that start in a row; the column a cell starts in decides its alignment.
    return new DocxTableRow({
      tableHeader: header || undefined,
      cantSplit: true,
      children: r.cells.map((raw, k) => {
        const c = cellOf(raw);
        const columnAlign = t.columns[starts[k]!]?.align;
        return new TableCell({
          columnSpan: c.colSpan,
          rowSpan: c.rowSpan,
          verticalAlign: header ? VerticalAlign.CENTER : VerticalAlign.TOP,
          shading: c.shade || r.shade || (header && !t.borderless) ? { type: ShadingType.CLEAR, fill: header ? 'EDEDED' : 'F3F3F3', color: 'auto' } : undefined,
          margins: { top: 30, bottom: 30, left: 60, right: 60 },
          children: [
            new DocxParagraph({
              alignment: alignment(c.align ?? (header ? 'center' : columnAlign)),
              spacing: { after: 0, line: 240 },
              children: runs(c.content, size, header || c.bold || r.bold),
            }),
          ],
        });
      }),
    });
  };
  return new DocxTable({
    layout: TableLayoutType.FIXED,
    width: { size: widths.reduce((s, w) => s + w, 0), type: WidthType.DXA },
    columnWidths: widths,
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
    rows: [...t.header.map((r, n) => row(r, true, headerCols[n]!)), ...t.body.map((r, n) => row(r, false, bodyCols[n]!))],
  });
}

function caption(text: string): DocxParagraph {
  return new DocxParagraph({ keepNext: true, spacing: { before: 120, after: 60 }, children: [new TextRun({ text })] });
}

async function blocks(list: readonly Block[], width: number, doc: Document, ctx: { lists: number }): Promise<FileChild[]> {
  const out: FileChild[] = [];
  const tableSize = doc.tableFontSize ?? DEFAULT_TABLE_FONT_SIZE;
  for (const bl of list) {
    switch (bl.kind) {
      case 'heading':
        out.push(
          new DocxParagraph({
            heading: bl.level === 1 ? HeadingLevel.HEADING_1 : bl.level === 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3,
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
      case 'list':
      {
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
        out.push(table(bl, width, tableSize));
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
        out.push(new DocxParagraph({ alignment: AlignmentType.CENTER, keepNext: true, children: [new TextRun({ text: bl.title, italics: true })] }));
        if (bl.table.caption) out.push(caption(bl.table.caption));
        out.push(table(bl.table, width, tableSize));
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
          ),
        );
        if (bl.date) out.push(new DocxParagraph({ spacing: { before: 120 }, children: [new TextRun({ text: bl.date })] }));
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
  const ctx = { lists: 0 };
  const size = doc.fontSize ?? DEFAULT_FONT_SIZE;
  const sections: ISectionOptions[] = [];
  for (const s of doc.sections) {
    const landscape = s.orientation === 'landscape';
    const width = textWidth(s.orientation);
    sections.push({
      properties: {
        page: {
          size: { width: Math.round(A4.width * TWIP), height: Math.round(A4.height * TWIP), orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
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
      headers: s.headerText ? { default: new Header({ children: [new DocxParagraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: s.headerText, size: 18 })] })] }) } : undefined,
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
        document: { run: { font: DOCX_FONT, size: size * 2, language: { value: 'ru-RU' } }, paragraph: { spacing: { after: 120, line: 276 } } },
      },
      paragraphStyles: [heading('Heading1', 'heading 1', size + 3), heading('Heading2', 'heading 2', size + 1), heading('Heading3', 'heading 3', size)],
    },
    numbering: {
      config: [
        { reference: 'noko-ordered', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 720, hanging: 360 } } } }] },
        { reference: 'noko-bullet', levels: [{ level: 0, format: LevelFormat.BULLET, text: '–', alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 720, hanging: 360 } } } }] },
      ],
    },
    sections,
  });
  return Packer.toBuffer(d);
}
