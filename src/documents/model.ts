// One document model for every official document НОКО produces. A document is built once as plain data
// and handed to the DOCX renderer (docx.server.ts) and the PDF renderer (pdf.server.ts); neither renderer
// knows which document it draws, so a number appears in both files from the same string.
//
// Tables follow HTML's rule for merged cells: a row lists only the cells that START in it; a cell with
// rowSpan > 1 occupies the slots below it and the rows below simply list fewer cells. Renderers compute
// the grid (docx needs vertical-merge continuation cells, pdfmake needs empty placeholders).

/** A piece of text with one formatting. */
export type Run = { text: string; bold?: boolean; italic?: boolean; underline?: boolean; superscript?: boolean };
/** Text given either as a plain string or as formatted runs. */
export type Inline = string | Run | readonly (string | Run)[];

export type Align = 'left' | 'center' | 'right' | 'justify';

export type Heading = { kind: 'heading'; level: 1 | 2 | 3; text: string; pageBreakBefore?: boolean; align?: Align };

export type Paragraph = {
  kind: 'paragraph';
  content: Inline;
  align?: Align;
  /** First-line indent (1,25 cm) as official prose has it; default true for justified text. */
  indent?: boolean;
  /** Smaller type (notes, captions, footnotes to tables). */
  small?: boolean;
  keepWithNext?: boolean;
  pageBreakBefore?: boolean;
  spaceAfter?: number;
};

export type Cell = {
  content: Inline;
  colSpan?: number;
  rowSpan?: number;
  align?: Align;
  bold?: boolean;
  /** Light grey background (section rows, totals). */
  shade?: boolean;
};

export type TableColumn = {
  /** Relative width; the renderer spreads the page width in proportion. */
  width: number;
  align?: Align;
};

export type TableRow = { cells: readonly (Cell | string)[]; shade?: boolean; bold?: boolean };

export type Table = {
  kind: 'table';
  columns: readonly TableColumn[];
  /** Header rows, repeated on every page the table spans; may use rowSpan/colSpan. */
  header: readonly TableRow[];
  body: readonly TableRow[];
  /** «Таблица N. …» above the table. */
  caption?: string;
  /** Point size of the table text; default the document's table size. */
  fontSize?: number;
  /** No borders (layout tables: signature lines, cards' key–value lists). */
  borderless?: boolean;
};

export type List = { kind: 'list'; ordered: boolean; items: readonly Inline[] };

/** A chart: an SVG picture and the same numbers as a table beside it (the table is what is read aloud and reconciled). */
export type Chart = {
  kind: 'chart';
  title: string;
  svg: string;
  /** Size of the picture on the page in points. */
  width: number;
  height: number;
  table: Table;
};

/** «УТВЕРЖДАЮ» / «СОГЛАСОВАНО» block at the right edge. */
export type Approval = { kind: 'approval'; title: string; lines: readonly string[]; date?: string };

/** Signature lines: role — line — name. */
export type Signatures = { kind: 'signatures'; rows: readonly { role: string; name: string }[]; date?: string };

export type PageBreak = { kind: 'pageBreak' };

export type Block = Heading | Paragraph | Table | List | Chart | Approval | Signatures | PageBreak;

export type Orientation = 'portrait' | 'landscape';

/** A run of pages with one orientation; each section starts on a new page. */
export type Section = { orientation: Orientation; blocks: readonly Block[]; headerText?: string };

export type Document = {
  title: string;
  subject?: string;
  author?: string;
  /** Body text size in points (12–14); tables use tableFontSize. */
  fontSize?: number;
  tableFontSize?: number;
  /** Text at the bottom of every page before the page number. */
  footerText?: string;
  sections: readonly Section[];
};

export const DEFAULT_FONT_SIZE = 13;
export const DEFAULT_TABLE_FONT_SIZE = 11;

/** A4 in points and the margins of official documents (ГОСТ Р 7.0.97: left 30 mm, right 15, top/bottom 20). */
export const A4 = { width: 595.28, height: 841.89 } as const;
export const MARGINS_MM = { left: 30, right: 15, top: 20, bottom: 20 } as const;
export const MM = 72 / 25.4;

/** Usable text width in points for an orientation. */
export function textWidth(orientation: Orientation): number {
  const pageWidth = orientation === 'portrait' ? A4.width : A4.height;
  return pageWidth - (MARGINS_MM.left + MARGINS_MM.right) * MM;
}

// ---- Builders: short names keep document builders readable. ----

export const h = (
  level: 1 | 2 | 3,
  text: string,
  opts: Partial<Omit<Heading, 'kind' | 'level' | 'text'>> = {},
): Heading => ({ kind: 'heading', level, text, ...opts });
export const p = (content: Inline, opts: Partial<Omit<Paragraph, 'kind' | 'content'>> = {}): Paragraph => ({
  kind: 'paragraph',
  content,
  ...opts,
});
export const b = (text: string): Run => ({ text, bold: true });
export const i = (text: string): Run => ({ text, italic: true });
export const ol = (items: readonly Inline[]): List => ({ kind: 'list', ordered: true, items });
export const ul = (items: readonly Inline[]): List => ({ kind: 'list', ordered: false, items });
export const pageBreak = (): PageBreak => ({ kind: 'pageBreak' });

/** Flattens any Inline to runs. */
export function runsOf(content: Inline): Run[] {
  if (typeof content === 'string') return [{ text: content }];
  if (Array.isArray(content))
    return (content as readonly (string | Run)[]).map((r) => (typeof r === 'string' ? { text: r } : r));
  return [content as Run];
}

/** The plain text of an Inline (tests, accessibility text). */
export function plainText(content: Inline): string {
  return runsOf(content)
    .map((r) => r.text)
    .join('');
}

export function cellOf(c: Cell | string): Cell {
  return typeof c === 'string' ? { content: c } : c;
}

/**
 * Lays out rows with row and column spans on a grid. Returns, for every row, an array of grid slots: the
 * cell starting there, a 'covered' mark for slots a span from above or from the left covers. Throws on a
 * row that does not fill the grid exactly, so a malformed table fails when it is built, not in Word.
 */
export type GridSlot =
  { cell: Cell; origin: true; row: TableRow } | { origin: false; by: Cell; fromAbove: boolean; first: boolean };

export function layoutGrid(rows: readonly TableRow[], columns: number): GridSlot[][] {
  const grid: (GridSlot | undefined)[][] = rows.map(() => new Array<GridSlot | undefined>(columns).fill(undefined));
  rows.forEach((row, r) => {
    let col = 0;
    for (const raw of row.cells) {
      const cell = cellOf(raw);
      while (col < columns && grid[r]![col]) col++;
      const cs = cell.colSpan ?? 1;
      const rs = cell.rowSpan ?? 1;
      if (col + cs > columns) throw new Error(`Table row ${r + 1} has more cells than its ${columns} columns`);
      if (r + rs > rows.length) throw new Error(`Cell in row ${r + 1} spans past the last row`);
      for (let dr = 0; dr < rs; dr++) {
        for (let dc = 0; dc < cs; dc++) {
          if (grid[r + dr]![col + dc]) throw new Error(`Overlapping cells in table row ${r + dr + 1}`);
          grid[r + dr]![col + dc] =
            dr === 0 && dc === 0
              ? { cell, origin: true, row }
              : { origin: false, by: cell, fromAbove: dr > 0, first: dc === 0 };
        }
      }
      col += cs;
    }
  });
  return grid.map((row, r) =>
    row.map((slot, c) => {
      if (!slot) throw new Error(`Table row ${r + 1} leaves column ${c + 1} empty`);
      return slot;
    }),
  );
}

/** Checks a table's header and body against its columns (throws with the row number on a mismatch). */
export function validateTable(t: Table): void {
  layoutGrid(t.header, t.columns.length);
  layoutGrid(t.body, t.columns.length);
}

/** Every block of a document, in order (tests and reconciliation walk it). */
export function* blocksOf(doc: Document): Generator<Block> {
  for (const s of doc.sections) for (const bl of s.blocks) yield bl;
}
