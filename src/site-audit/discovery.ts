import type { ParsedPage, PageLink } from './page.server';
import type { RuleSet, SectionRule } from './rules/types';
import type { PageOk, SiteSession } from './session.server';
import { editDistance } from './text-match';
import type { SectionReport } from './types';

/** A menu or section link that answered with an error: the visitor following it gets nowhere. */
export interface BrokenLink {
  href: string;
  text: string;
  status: number | null;
  reason: string;
}

export interface RootDiscovery {
  url: string | null;
  page: ParsedPage | null;
  asRecommended: boolean;
  linkFromMain: boolean;
  linkInMenu: boolean;
  via: 'link' | 'probe' | 'none';
  brokenLinks: BrokenLink[];
}

export interface SectionLocation {
  slug: string;
  url: string | null;
  via: SectionReport['via'];
  asRecommended: boolean;
  /** Main page of the subsection followed by its addRef pages. */
  pages: ParsedPage[];
  addRefCount: number;
  brokenLinks: BrokenLink[];
  /** A linked variant of the page (common.html, visually impaired, print) audited instead of as well. */
  variant?: { url: string; differs: boolean };
}

const ROOT_TEXT = /сведения\s+об\s+(образовательной\s+)?организации/i;
const ROOT_PHRASES = ['сведения об образовательной организации', 'сведения об организации'];

/** The main-menu link text, forgiving a slip of a letter or two («образовтельной»). */
export function isRootLinkText(text: string): boolean {
  if (ROOT_TEXT.test(text)) return true;
  const t = text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^а-яa-z ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (t.length < 15) return false;
  return ROOT_PHRASES.some((p) => editDistance(t, p, 2) <= 2);
}

/** `href="#"` (a dropdown toggle) or an anchor on the same page: not an address of another page. */
function pointsAtItself(link: PageLink, page: ParsedPage): boolean {
  return link.href.replace(/#.*$/, '') === page.url.replace(/#.*$/, '');
}
const MAX_ADDREF = 10;

function pathOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname);
  } catch {
    return '';
  }
}

function sameSite(a: string, b: string): boolean {
  try {
    const ha = new URL(a).hostname.replace(/^www\./, '');
    const hb = new URL(b).hostname.replace(/^www\./, '');
    return ha === hb;
  } catch {
    return false;
  }
}

const INDEX = /(\/index\.(php|html?|aspx?))?\/?$/i;

/** `/sveden/common`, `/sveden/common/`, `/sveden/common/index.php` are the recommended address; case is not forgiven. */
function isRecommendedPath(path: string, slug: string): boolean {
  return path.replace(INDEX, '') === `/sveden/${slug}`;
}

function matchesPathLoosely(path: string, slug: string): boolean {
  return path
    .replace(INDEX, '')
    .replace(/\.(php|html?)$/i, '')
    .toLowerCase()
    .endsWith(`/sveden/${slug.toLowerCase()}`);
}

export async function discoverRoot(session: SiteSession, main: PageOk): Promise<RootDiscovery> {
  const links = main.page.links.filter((l) => sameSite(l.href, main.finalUrl));
  const toRoot = links.filter((l) => /\/sveden\/?(index\.\w+)?$/i.test(pathOf(l.href)) || isRootLinkText(l.text));
  const linkFromMain = toRoot.length > 0;
  const linkInMenu = toRoot.some((l) => l.inNav);
  const addresses = toRoot.filter((l) => !pointsAtItself(l, main.page));
  const ordered = unique([...addresses.filter((l) => /\/sveden/i.test(pathOf(l.href))), ...addresses]);
  const brokenLinks: BrokenLink[] = [];
  for (const link of ordered) {
    const res = await session.page(link.href);
    if (res.ok) {
      return {
        url: res.finalUrl,
        page: res.page,
        asRecommended: isRecommendedRoot(res.finalUrl),
        linkFromMain,
        linkInMenu,
        via: 'link',
        brokenLinks,
      };
    }
    if (res.status !== null)
      brokenLinks.push({ href: link.href, text: link.text, status: res.status, reason: res.reason });
  }
  const probe = await session.page(new URL('/sveden/', main.finalUrl).href);
  if (probe.ok) {
    return {
      url: probe.finalUrl,
      page: probe.page,
      asRecommended: isRecommendedRoot(probe.finalUrl),
      linkFromMain,
      linkInMenu,
      via: 'probe',
      brokenLinks,
    };
  }
  return { url: null, page: null, asRecommended: false, linkFromMain, linkInMenu, via: 'none', brokenLinks };
}

function isRecommendedRoot(url: string): boolean {
  return /^\/sveden\/?(index\.\w+)?$/.test(pathOf(url));
}

/** Tokens that only this subsection uses: seeing them on a shared page means the subsection lives there. */
export function distinctiveTokens(ruleset: RuleSet, section: SectionRule): Set<string> {
  const others = new Set<string>();
  for (const s of ruleset.sections) if (s !== section) for (const i of s.items) others.add(i.itemprop);
  return new Set(section.items.map((i) => i.itemprop).filter((t) => !others.has(t)));
}

export async function locateSection(
  session: SiteSession,
  ruleset: RuleSet,
  section: SectionRule,
  main: PageOk,
  root: RootDiscovery,
): Promise<SectionLocation> {
  const origin = main.finalUrl;
  const slug = section.slug;
  const rootLinks = root.page?.links ?? [];
  const navLinks = [...rootLinks, ...main.page.links];
  const brokenLinks: BrokenLink[] = [];
  const broken = (link: PageLink, res: { status: number | null; reason: string }) => {
    if (res.status !== null && !brokenLinks.some((b) => b.href === link.href))
      brokenLinks.push({ href: link.href, text: link.text, status: res.status, reason: res.reason });
  };
  const found = async (
    url: string,
    via: SectionLocation['via'],
    asRecommended: boolean,
    page: ParsedPage,
  ): Promise<SectionLocation> => {
    const extra = await followAddRef(session, page);
    return { slug, url, via, asRecommended, pages: [page, ...extra.pages], addRefCount: extra.count, brokenLinks };
  };

  // 1. A link that already points at the recommended address (or a case/extension variant of it).
  let variant: { url: string; page: ParsedPage } | null = null;
  for (const link of navLinks) {
    const path = pathOf(link.href);
    if (!matchesPathLoosely(path, slug)) continue;
    const res = await session.page(link.href);
    if (res.ok) {
      const rec = isRecommendedPath(pathOf(res.finalUrl), slug) && !new URL(res.finalUrl).search;
      if (rec) return found(res.finalUrl, 'recommended', true, res.page);
      // A common.html, a version for the visually impaired or a print version: the recommended address,
      // when it answers, is what the monitor reads, so it wins over the variant.
      variant ??= { url: res.finalUrl, page: res.page };
      continue;
    }
    broken(link, res);
  }
  // 2. Probe the recommended address, then the trailing-slash and lower-case variants.
  const probes = [`/sveden/${slug}`, `/sveden/${slug}/`];
  if (slug !== slug.toLowerCase()) probes.push(`/sveden/${slug.toLowerCase()}`, `/sveden/${slug.toLowerCase()}/`);
  for (const p of probes) {
    const res = await session.page(new URL(p, origin).href);
    if (res.ok && sameSite(res.finalUrl, origin)) {
      const rec = isRecommendedPath(pathOf(res.finalUrl), slug);
      if (rec && variant && variant.url !== res.finalUrl) {
        const loc = await found(res.finalUrl, 'recommended', true, res.page);
        loc.variant = { url: variant.url, differs: markupSignature(variant.page) !== markupSignature(res.page) };
        return loc;
      }
      if (rec || matchesPathLoosely(pathOf(res.finalUrl), slug))
        return found(res.finalUrl, rec ? 'recommended' : 'variant', rec, res.page);
    }
  }
  if (variant) return found(variant.url, 'variant', false, variant.page);
  // 3. Link text (Госвеб-style transliterated paths, WordPress pages), then known wrong slugs in the href.
  const byText = navLinks.filter(
    (l) =>
      section.linkText.some((re) => re.test(l.text)) &&
      sameSite(l.href, origin) &&
      !pointsAtItself(l, main.page) &&
      !(root.page && pointsAtItself(l, root.page)),
  );
  const byHref = navLinks.filter((l) =>
    (section.variants ?? []).some((v) => new RegExp(`/${v}/?$`, 'i').test(pathOf(l.href))),
  );
  for (const [links, via] of [
    [byText, 'link-text'],
    [byHref, 'link-href'],
  ] as const) {
    for (const link of links) {
      if (root.url && link.href.replace(/#.*$/, '') === root.url.replace(/#.*$/, '')) continue;
      const res = await session.page(link.href);
      if (res.ok) return found(res.finalUrl, via, false, res.page);
      broken(link, res);
    }
  }
  // 4. One-page layouts: the subsection's own tokens sit on the section root (tabs, anchors).
  const distinctive = distinctiveTokens(ruleset, section);
  for (const page of [root.page, main.page]) {
    if (page && page.tags.some((t) => t.tokens.some((tok) => distinctive.has(tok)))) {
      return found(anchorFor(page, section) ?? page.url, 'one-page', false, page);
    }
  }
  return { slug, url: null, via: 'none', asRecommended: false, pages: [], addRefCount: 0, brokenLinks };
}

/** What the monitor would read off a page: its itemprop tokens and their values, in order. */
function markupSignature(page: ParsedPage): string {
  return page.tags.map((t) => `${t.raw}=${t.value}`).join('\n');
}

function anchorFor(page: ParsedPage, section: SectionRule): string | null {
  const link = page.links.find(
    (l) => l.href.startsWith(page.url.replace(/#.*$/, '') + '#') && section.linkText.some((re) => re.test(l.text)),
  );
  return link?.href ?? null;
}

async function followAddRef(session: SiteSession, page: ParsedPage): Promise<{ pages: ParsedPage[]; count: number }> {
  const refs = unique(
    page.links
      .filter((l: PageLink) => l.itemprop?.split(/\s+/).includes('addRef'))
      .map((l) => l.href.replace(/#.*$/, '')),
  );
  const pages: ParsedPage[] = [];
  for (const href of refs.slice(0, MAX_ADDREF)) {
    if (href === page.url) continue;
    const res = await session.page(href);
    if (res.ok) pages.push(res.page);
  }
  return { pages, count: refs.length };
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

export const MAX_ADDREF_PAGES = MAX_ADDREF;
