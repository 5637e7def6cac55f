import type { ParsedPage } from './page.server';

/**
 * Markup that only a browser would see: the raw HTML has no itemprop, but either the scripts carry
 * itemprop strings (JSX `itemProp`, serialized HTML in a JSON payload) or the page is an empty application
 * root fed by script bundles. Heuristic by design: no browser is run.
 */
export function markupOnlyWithJs(page: ParsedPage): { jsOnly: boolean; reason: string | null } {
  if (page.tags.length > 0) return { jsOnly: false, reason: null };
  if (/item[Pp]rop\b\s*[=:]|\\?["']itemprop\\?["']|itemprop=\\?["']/.test(page.inlineScript)) {
    return { jsOnly: true, reason: 'атрибуты itemprop есть только внутри скриптов страницы' };
  }
  if (page.appRoot && page.scriptSrcCount > 0 && page.text.length < 400) {
    return { jsOnly: true, reason: 'страница — пустая оболочка JavaScript-приложения' };
  }
  return { jsOnly: false, reason: null };
}
