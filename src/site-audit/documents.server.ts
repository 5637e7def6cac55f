import { INTERNAL_ADDRESS_MESSAGE } from './address-guard.server';
import type { Fetcher } from './fetcher.server';
import { pdfHasTextLayer } from './pdf.server';
import type { DocumentRecord, Finding } from './types';

export type DocumentCheck = DocumentRecord;

/** Registry pages that stand in for a document (licence and accreditation extracts, ПФХД on bus.gov.ru). */
const REGISTRY_HOSTS =
  /(^|\.)(obrnadzor\.gov\.ru|bus\.gov\.ru|gosuslugi\.ru|fgosreestr\.ru|publication\.pravo\.gov\.ru|pravo\.gov\.ru|consultant\.ru|garant\.ru)$/i;

function extOf(url: string): string {
  return /\.([a-z0-9]{2,5})$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase() ?? '';
}

/** Files whose existence, type and size are all we check: headers are enough, the body is not downloaded. */
const HEADERS_ENOUGH = new Set([
  'doc',
  'docx',
  'xls',
  'xlsx',
  'odt',
  'ods',
  'rtf',
  'sig',
  'p7s',
  'zip',
  'rar',
  '7z',
  'jpg',
  'jpeg',
  'png',
  'gif',
  'tif',
  'tiff',
]);

function headersEnough(url: string): boolean {
  return HEADERS_ENOUGH.has(extOf(url)) || REGISTRY_HOSTS.test(new URL(url).hostname);
}

function kindOf(contentType: string, url: string): DocumentCheck['kind'] {
  const ext = extOf(url);
  if (contentType.includes('pdf') || ext === 'pdf') return 'pdf';
  if (
    /msword|officedocument|opendocument|ms-excel|rtf/.test(contentType) ||
    ['doc', 'docx', 'xls', 'xlsx', 'odt', 'ods', 'rtf'].includes(ext)
  )
    return 'office';
  if (['sig', 'p7s'].includes(ext) || contentType.includes('pkcs7')) return 'signature';
  if (/zip|rar|7z/.test(contentType) || ['zip', 'rar', '7z'].includes(ext)) return 'archive';
  if (contentType.startsWith('image/')) return 'image';
  if (contentType.includes('html')) return 'html';
  return 'other';
}

/**
 * Checks one linked document with as little traffic as the check allows: HEAD where existence, type and size
 * are all that matter (office files, signatures, archives, images, registry pages; GET when the server
 * refuses HEAD), GET for PDFs and unknown types (the text layer needs the bytes), and — on a re-audit — the
 * previous validators, so that an unchanged document answers 304 without a body and keeps its earlier check.
 */
export async function checkDocument(
  fetcher: Fetcher,
  doc: { url: string; itemprop: string; section: string },
  maxBytes: number,
  previous?: DocumentRecord,
): Promise<DocumentCheck> {
  const reusable =
    previous && previous.url === doc.url && previous.reachable && (previous.etag || previous.lastModified)
      ? previous
      : undefined;
  const conditional = reusable
    ? {
        ...(reusable.etag ? { etag: reusable.etag } : {}),
        ...(reusable.lastModified ? { lastModified: reusable.lastModified } : {}),
      }
    : undefined;
  const refusedBefore = previous?.url === doc.url && previous.headRefused === true;
  let method: 'GET' | 'HEAD' = headersEnough(doc.url) && !refusedBefore ? 'HEAD' : 'GET';
  let res = await fetcher.fetch(doc.url, { method, maxBodyBytes: maxBytes, ...(conditional ? { conditional } : {}) });
  let headRefused = refusedBefore;
  if (method === 'HEAD' && res.ok && (res.status === 405 || res.status === 501)) {
    method = 'GET';
    headRefused = true;
    res = await fetcher.fetch(doc.url, { method, maxBodyBytes: maxBytes, ...(conditional ? { conditional } : {}) });
  }
  if (res.ok && res.status === 304 && reusable) {
    return { ...reusable, itemprop: doc.itemprop, section: doc.section, via: 'not-modified' };
  }
  const via = method === 'HEAD' ? 'head' : 'get';
  if (!res.ok || res.status >= 400) {
    return {
      ...doc,
      reachable: false,
      status: res.ok ? res.status : null,
      contentType: res.ok ? res.contentType : '',
      size: null,
      kind: 'other',
      textLayer: null,
      via,
      ...(!res.ok && res.kind === 'internal' ? { internal: true } : {}),
    };
  }
  const kind = kindOf(res.contentType, res.finalUrl);
  const etag = res.headers['etag'];
  const lastModified = res.headers['last-modified'];
  return {
    ...doc,
    reachable: true,
    status: res.status,
    contentType: res.contentType,
    size: res.size,
    kind,
    // A PDF answered to HEAD (a .sig-named link that is really a PDF) has no bytes to look at: unknown.
    textLayer: kind === 'pdf' && method === 'GET' ? pdfHasTextLayer(res.body, res.truncated) : null,
    via,
    ...(headRefused ? { headRefused } : {}),
    ...(etag ? { etag } : {}),
    ...(lastModified ? { lastModified } : {}),
  };
}

/** A document link that this run already loaded as a page: no second request for it. */
export function documentFromPage(
  doc: { url: string; itemprop: string; section: string },
  status: number,
  reachable: boolean,
): DocumentCheck {
  return {
    ...doc,
    reachable,
    status,
    contentType: reachable ? 'text/html' : '',
    size: null,
    kind: reachable ? 'html' : 'other',
    textLayer: null,
    via: 'page',
  };
}

export function documentFindings(check: DocumentCheck): Finding[] {
  const where = { section: check.section, itemprop: check.itemprop, url: check.url };
  if (check.internal) {
    return [
      {
        code: 'doc-internal-address',
        severity: 'error',
        message: `документ «${check.itemprop}»: ${INTERNAL_ADDRESS_MESSAGE}`,
        ...where,
      },
    ];
  }
  if (!check.reachable) {
    return [
      {
        code: 'doc-unreachable',
        severity: 'error',
        message: `документ «${check.itemprop}» не открывается${check.status ? ` (HTTP ${check.status})` : ''}`,
        ...where,
      },
    ];
  }
  const out: Finding[] = [];
  if (check.kind === 'html' && !REGISTRY_HOSTS.test(new URL(check.url).hostname)) {
    out.push({
      code: 'doc-is-page',
      severity: 'info',
      message: `по ссылке «${check.itemprop}» открывается веб-страница, а не файл документа`,
      ...where,
    });
  }
  if (check.kind === 'image') {
    out.push({
      code: 'doc-image',
      severity: 'warning',
      message: `документ «${check.itemprop}» размещён картинкой: текст нельзя найти и скопировать (п. 24 приказа № 1493)`,
      ...where,
    });
  }
  if (check.textLayer === false) {
    out.push({
      code: 'doc-scan',
      severity: 'warning',
      message: `PDF «${check.itemprop}» — скан без текстового слоя: текст нельзя найти и скопировать`,
      ...where,
    });
  }
  if (check.size !== null && check.size > 20 * 1024 * 1024) {
    out.push({
      code: 'doc-large',
      severity: 'info',
      message: `документ «${check.itemprop}» весит ${Math.round(check.size / 1048576)} МБ`,
      ...where,
    });
  }
  return out;
}
