// QR codes and printable A4 posters for the questionnaire, and a streamed ZIP of every poster of a
// campaign. The font is Roboto as shipped inside the pdfmake package (it covers Cyrillic), loaded as
// bytes into pdfmake's virtual file system, so no system font is needed and posters never touch the disk.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import type { ZipArchive as ZipArchiveType } from 'archiver';
import QRCode from 'qrcode';
import type { SurveyLink } from './links.server';
import { ruDateOrNull as ruDate } from '../lib/ru';

const require = createRequire(import.meta.url);

type PdfMake = {
  addFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (path: string) => boolean): void;
  urlAccessPolicy?: unknown;
  localAccessPolicy?: unknown;
  virtualfs: { writeFileSync(name: string, data: Buffer): void };
  createPdf(doc: unknown): { getBuffer(): Promise<Buffer> };
};

let pdfmake: PdfMake | null = null;
function pdf(): PdfMake {
  if (pdfmake) return pdfmake;
  const pm = require('pdfmake') as PdfMake;
  const dir = path.join(path.dirname(require.resolve('pdfmake/package.json')), 'fonts/Roboto');
  // Font bytes go into pdfmake's in-memory file system: nothing is read from disk while rendering.
  const font = (f: string) => {
    const name = `noko-survey/${f}`;
    pm.virtualfs.writeFileSync(name, readFileSync(path.join(dir, f)));
    return name;
  };
  pm.addFonts({
    NokoRoboto: {
      normal: font('Roboto-Regular.ttf'),
      bold: font('Roboto-Medium.ttf'),
      italics: font('Roboto-Italic.ttf'),
      bolditalics: font('Roboto-MediumItalic.ttf'),
    },
  });
  // Posters never load anything from the network; keep another room's stricter policy if it set one.
  if (pm.urlAccessPolicy === undefined) pm.setUrlAccessPolicy(() => false);
  if (pm.localAccessPolicy === undefined) pm.setLocalAccessPolicy(() => false);
  pdfmake = pm;
  return pm;
}

export function questionnaireUrl(publicUrl: string, code: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/q/${code}`;
}

export async function qrSvg(url: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  // An accessible name for the image, as our other SVG output has.
  return svg.replace('<svg ', `<svg role="img" aria-label="QR-код: ${url.replace(/[<>&"]/g, '')}" `);
}

export function qrPng(url: string, width = 600): Promise<Buffer> {
  return QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width });
}

export type PosterInput = Pick<SurveyLink, 'organisationName' | 'closesOn' | 'campaignTitle' | 'code' | 'closed'> & {
  url: string;
};

export async function posterPdf(p: PosterInput): Promise<Buffer> {
  const svg = await QRCode.toString(p.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  const until = ruDate(p.closesOn);
  const doc = {
    pageSize: 'A4',
    pageMargins: [50, 50, 50, 50],
    info: { title: `Анкета: ${p.organisationName}`, subject: p.campaignTitle, creator: 'НОКО' },
    defaultStyle: { font: 'NokoRoboto', fontSize: 14, lineHeight: 1.2 },
    content: [
      { text: 'Оцените условия обучения', fontSize: 30, bold: true, alignment: 'center', margin: [0, 0, 0, 10] },
      { text: p.organisationName, fontSize: 18, alignment: 'center', margin: [0, 0, 0, 20] },
      {
        text: 'Наведите камеру телефона на код и ответьте на 14 коротких вопросов «да» или «нет». Это займёт 3–5 минут.',
        alignment: 'center',
        margin: [0, 0, 0, 16],
      },
      { svg, width: 300, alignment: 'center', margin: [0, 0, 0, 12] },
      { text: p.url, fontSize: 16, bold: true, alignment: 'center', margin: [0, 0, 0, 16] },
      until
        ? { text: `Анкета открыта до ${until} включительно.`, fontSize: 16, alignment: 'center', margin: [0, 0, 0, 16] }
        : null,
      p.closed
        ? {
            text: 'Для ответа нужен код доступа: его выдаёт классный руководитель или воспитатель.',
            alignment: 'center',
            margin: [0, 0, 0, 16],
          }
        : null,
      {
        text: 'Опрос анонимный: мы не спрашиваем имя, не сохраняем адрес устройства, а организация видит только число ответов, но не сами ответы. Результаты публикуются вместе с итогами независимой оценки качества.',
        fontSize: 12,
        alignment: 'center',
        color: '#333333',
      },
      { text: p.campaignTitle, fontSize: 10, alignment: 'center', color: '#555555', margin: [0, 20, 0, 0] },
    ].filter(Boolean),
  };
  return pdf().createPdf(doc).getBuffer();
}

function fileSafe(name: string): string {
  return (
    name
      .replace(/[\\/:*?"<>|«»]+/g, '')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 80) || 'организация'
  );
}

/**
 * A ZIP of one poster per organisation, produced one poster at a time into the returned stream, so a
 * campaign of hundreds of schools never sits in memory as a whole.
 */
export function postersZip(links: readonly SurveyLink[], publicUrl: string): Readable {
  const out = new PassThrough();
  // archiver is loaded on first use (~0.25 s), not at server start.
  const { ZipArchive } = require('archiver') as { ZipArchive: typeof ZipArchiveType };
  const zip = new ZipArchive({ zlib: { level: 6 } });
  zip.on('error', (err) => out.destroy(err));
  zip.pipe(out);
  void (async () => {
    try {
      const used = new Set<string>();
      for (const link of links) {
        let name = `${fileSafe(link.organisationShortName)} (${link.code}).pdf`;
        while (used.has(name)) name = `_${name}`;
        used.add(name);
        const buf = await posterPdf({ ...link, url: questionnaireUrl(publicUrl, link.code) });
        zip.append(buf, { name });
        // Let the archiver drain before rendering the next poster (back-pressure on a slow client).
        if (out.writableNeedDrain) await new Promise((r) => out.once('drain', r));
      }
      await zip.finalize();
    } catch (err) {
      out.destroy(err as Error);
    }
  })();
  return out;
}

/** Renders any pdfmake document with the posters' font setup (used by the voice room's poster). */
export function posterPdfDocument(doc: unknown): Promise<Buffer> {
  return pdf().createPdf(doc).getBuffer();
}
