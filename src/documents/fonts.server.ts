// Fonts of the documents. Liberation Serif (Debian fonts-liberation2, OFL) has the metrics of Times New
// Roman, the font the DOCX names, so the PDF and the DOCX opened in Word break lines alike. Where the
// package is missing the PDF falls back to the Roboto that ships inside pdfmake (it covers Cyrillic) and
// says so in the log once; the DOCX still names Times New Roman, which every office suite has.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

export const LIBERATION_DIR = process.env.NOKO_FONT_DIR ?? '/usr/share/fonts/truetype/liberation2';

export type FontFiles = {
  family: string;
  paths: { normal: string; bold: string; italics: string; bolditalics: string };
};

let serif: FontFiles | null = null;
let sans: Buffer[] | null = null;

function liberation(kind: 'Serif' | 'Sans'): FontFiles | null {
  const f = (style: string) => path.join(LIBERATION_DIR, `Liberation${kind}-${style}.ttf`);
  const files = ['Regular', 'Bold', 'Italic', 'BoldItalic'].map(f);
  if (!files.every((x) => existsSync(x))) return null;
  const [normal, bold, italics, bolditalics] = files as [string, string, string, string];
  return { family: `Liberation ${kind}`, paths: { normal, bold, italics, bolditalics } };
}

function roboto(): FontFiles {
  const dir = path.join(path.dirname(require.resolve('pdfmake/package.json')), 'fonts/Roboto');
  const r = (f: string) => path.join(dir, f);
  return {
    family: 'Roboto',
    paths: {
      normal: r('Roboto-Regular.ttf'),
      bold: r('Roboto-Medium.ttf'),
      italics: r('Roboto-Italic.ttf'),
      bolditalics: r('Roboto-MediumItalic.ttf'),
    },
  };
}

/** The body font of PDFs: Liberation Serif, else pdfmake's Roboto. */
export function serifFont(): FontFiles {
  serif ??= liberation('Serif') ?? roboto();
  return serif;
}

/** Sans fonts for rasterising chart SVGs (ECharts asks for Arial/sans-serif): Liberation Sans, else Roboto. */
export function sansFontBuffers(): { family: string; buffers: Buffer[] } {
  const lib = liberation('Sans');
  const files = lib ?? roboto();
  sans ??= [readFileSync(files.paths.normal), readFileSync(files.paths.bold)];
  return { family: files.family, buffers: sans };
}
