import type { Fetcher } from './fetcher.server';
import { pdfHasTextLayer } from './pdf.server';
import type { Finding } from './types';

export interface DocumentCheck {
  url: string;
  itemprop: string;
  section: string;
  reachable: boolean;
  status: number | null;
  contentType: string;
  size: number | null;
  kind: 'pdf' | 'office' | 'signature' | 'archive' | 'image' | 'html' | 'other';
  textLayer: boolean | null;
}

/** Registry pages that stand in for a document (licence and accreditation extracts, ПФХД on bus.gov.ru). */
const REGISTRY_HOSTS = /(^|\.)(obrnadzor\.gov\.ru|bus\.gov\.ru|gosuslugi\.ru|fgosreestr\.ru|publication\.pravo\.gov\.ru|pravo\.gov\.ru|consultant\.ru|garant\.ru)$/i;

function kindOf(contentType: string, url: string): DocumentCheck['kind'] {
  const ext = /\.([a-z0-9]{2,5})(?:$|\?)/i.exec(new URL(url).pathname)?.[1]?.toLowerCase() ?? '';
  if (contentType.includes('pdf') || ext === 'pdf') return 'pdf';
  if (/msword|officedocument|opendocument|ms-excel|rtf/.test(contentType) || ['doc', 'docx', 'xls', 'xlsx', 'odt', 'ods', 'rtf'].includes(ext)) return 'office';
  if (['sig', 'p7s'].includes(ext) || contentType.includes('pkcs7')) return 'signature';
  if (/zip|rar|7z/.test(contentType) || ['zip', 'rar', '7z'].includes(ext)) return 'archive';
  if (contentType.startsWith('image/')) return 'image';
  if (contentType.includes('html')) return 'html';
  return 'other';
}

export async function checkDocument(fetcher: Fetcher, doc: { url: string; itemprop: string; section: string }, maxBytes: number): Promise<DocumentCheck> {
  const res = await fetcher.fetch(doc.url, { maxBodyBytes: maxBytes });
  if (!res.ok || res.status >= 400) {
    return { ...doc, reachable: false, status: res.ok ? res.status : null, contentType: res.ok ? res.contentType : '', size: null, kind: 'other', textLayer: null };
  }
  const kind = kindOf(res.contentType, res.finalUrl);
  return {
    ...doc,
    reachable: true,
    status: res.status,
    contentType: res.contentType,
    size: res.size,
    kind,
    textLayer: kind === 'pdf' ? pdfHasTextLayer(res.body, res.truncated) : null,
  };
}

export function documentFindings(check: DocumentCheck): Finding[] {
  const where = { section: check.section, itemprop: check.itemprop, url: check.url };
  if (!check.reachable) {
    return [{ code: 'doc-unreachable', severity: 'error', message: `документ «${check.itemprop}» не открывается${check.status ? ` (HTTP ${check.status})` : ''}`, ...where }];
  }
  const out: Finding[] = [];
  if (check.kind === 'html' && !REGISTRY_HOSTS.test(new URL(check.url).hostname)) {
    out.push({ code: 'doc-is-page', severity: 'info', message: `по ссылке «${check.itemprop}» открывается веб-страница, а не файл документа`, ...where });
  }
  if (check.kind === 'image') {
    out.push({ code: 'doc-image', severity: 'warning', message: `документ «${check.itemprop}» размещён картинкой: текст нельзя найти и скопировать (п. 24 приказа № 1493)`, ...where });
  }
  if (check.textLayer === false) {
    out.push({ code: 'doc-scan', severity: 'warning', message: `PDF «${check.itemprop}» — скан без текстового слоя: текст нельзя найти и скопировать`, ...where });
  }
  if (check.size !== null && check.size > 20 * 1024 * 1024) {
    out.push({ code: 'doc-large', severity: 'info', message: `документ «${check.itemprop}» весит ${Math.round(check.size / 1048576)} МБ`, ...where });
  }
  return out;
}
