import type * as CheerioType from 'cheerio';
import { lazyModule } from '../lib/lazy.server';

// cheerio costs ~0.3 s to load; the server only needs it when an audit runs.
const cheerio = lazyModule<typeof CheerioType>('cheerio');
const load: typeof CheerioType.load = (...args) => cheerio().load(...args);
import type { AnyNode, Element } from 'domhandler';

/** An element carrying `itemprop`, with its nearest marked ancestor: the tree the official monitor builds. */
export interface MarkedTag {
  /** The attribute exactly as written (the monitor compares these strings). */
  raw: string;
  /** Whitespace-separated tokens (HTML microdata semantics). */
  tokens: string[];
  tag: string;
  parent: MarkedTag | null;
  /** Visible text (bounded), or the `content`/`datetime` value for meta/time. */
  value: string;
  /** Absolute URL of the element's own link or of the first link inside it. */
  href: string | null;
  /** `<meta>`/`<link>` or inside `hidden`/`display:none`: not visible to visitors (1493 p.27). */
  hidden: boolean;
  excerpt: string;
  pageUrl: string;
}

export interface PageLink {
  href: string;
  text: string;
  /** Inside `<nav>`, `<header>` or an element whose class/id says menu/nav. */
  inNav: boolean;
  itemprop: string | null;
}

export interface PageForm {
  action: string;
  hasTextarea: boolean;
}

export interface ParsedPage {
  url: string;
  title: string;
  tags: MarkedTag[];
  links: PageLink[];
  forms: PageForm[];
  /** Lower-cased visible text, whitespace collapsed, bounded. */
  text: string;
  headings: string[];
  /** Inline script source (bounded), for markup hidden inside JS payloads. */
  inlineScript: string;
  scriptSrcCount: number;
  /** An empty element such as `<div id="root">`: typical client-rendered application. */
  appRoot: boolean;
}

const VALUE_LIMIT = 300;
const TEXT_LIMIT = 200_000;
const SCRIPT_LIMIT = 500_000;
const APP_ROOT_IDS = new Set(['root', 'app', '__next', '__nuxt', 'q-app', 'svelte', 'react-root']);
const SKIP_TEXT = new Set(['script', 'style', 'noscript', 'template', 'svg']);

export function parsePage(html: string, pageUrl: string): ParsedPage {
  const $ = load(html);
  const root = $.root()[0] as AnyNode;
  const out: ParsedPage = {
    url: pageUrl,
    title: '',
    tags: [],
    links: [],
    forms: [],
    text: '',
    headings: [],
    inlineScript: '',
    scriptSrcCount: 0,
    appRoot: false,
  };
  const base = baseUrl($('base[href]').attr('href'), pageUrl);
  const textParts: string[] = [];
  let textLen = 0;

  const walk = (node: AnyNode, marked: MarkedTag | null, inNav: boolean, hidden: boolean): void => {
    if (node.type === 'text') {
      if (textLen < TEXT_LIMIT) {
        const t = node.data.replace(/\s+/g, ' ');
        if (t.trim()) {
          textParts.push(t);
          textLen += t.length;
        }
      }
      return;
    }
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style' && node.type !== 'root') return;
    if (node.type === 'root') {
      for (const child of node.children) walk(child, marked, inNav, hidden);
      return;
    }
    const el = node as Element;
    const name = el.name.toLowerCase();
    const attrs = el.attribs;
    if (name === 'script') {
      if (attrs['src']) out.scriptSrcCount++;
      else if (out.inlineScript.length < SCRIPT_LIMIT) out.inlineScript += ownText(el, SCRIPT_LIMIT) + '\n';
      return;
    }
    if (SKIP_TEXT.has(name) && !('itemprop' in attrs)) return;
    if (name === 'title' && !out.title) out.title = ownText(el, 300).trim();
    const isHidden = hidden || 'hidden' in attrs || /display\s*:\s*none/i.test(attrs['style'] ?? '');
    const navHere =
      inNav || name === 'nav' || name === 'header' || /menu|nav/i.test(`${attrs['class'] ?? ''} ${attrs['id'] ?? ''}`);
    if (
      attrs['id'] &&
      APP_ROOT_IDS.has(attrs['id']) &&
      el.children.every((c) => c.type === 'comment' || (c.type === 'text' && !c.data.trim()))
    ) {
      out.appRoot = true;
    }
    if (/^h[1-6]$/.test(name) && out.headings.length < 200) out.headings.push(ownText(el, 200).trim());
    const itemprop = attrs['itemprop'];
    if (name === 'a' && attrs['href']) {
      const href = resolve(attrs['href'], base);
      if (href)
        out.links.push({
          href,
          text: ownText(el, 200).replace(/\s+/g, ' ').trim(),
          inNav: navHere,
          itemprop: itemprop ?? null,
        });
    }
    if (name === 'form') {
      out.forms.push({
        action: resolve(attrs['action'] ?? '', base) ?? pageUrl,
        hasTextarea: hasDescendant(el, 'textarea'),
      });
    }
    let current = marked;
    if (itemprop !== undefined) {
      const tag: MarkedTag = {
        raw: itemprop,
        tokens: itemprop.split(/\s+/).filter(Boolean),
        tag: name,
        parent: marked,
        value: valueOf(el, name),
        href: linkOf(el, base),
        hidden: isHidden || name === 'meta' || name === 'link',
        excerpt: '',
        pageUrl,
      };
      tag.excerpt = excerptOf(el, tag.value);
      out.tags.push(tag);
      current = tag;
    }
    for (const child of el.children) walk(child, current, navHere, isHidden);
  };
  walk(root, null, false, false);
  out.text = textParts.join(' ').replace(/\s+/g, ' ').toLowerCase();
  return out;
}

function baseUrl(href: string | undefined, pageUrl: string): string {
  return (href && resolve(href, pageUrl)) || pageUrl;
}

function resolve(href: string, base: string): string | null {
  const h = href.trim();
  if (!h || h.startsWith('javascript:')) return null;
  try {
    return new URL(h, base).href;
  } catch {
    return null;
  }
}

/** Text of an element, stopping once the limit is reached so huge containers stay cheap. */
export function ownText(el: Element, limit: number): string {
  let s = '';
  const visit = (n: AnyNode): void => {
    if (s.length >= limit) return;
    if (n.type === 'text') s += n.data;
    else if ((n.type === 'tag' || n.type === 'script' || n.type === 'style') && n.children) {
      if (n.type === 'tag' && SKIP_TEXT.has(n.name)) return;
      for (const c of n.children) visit(c);
    } else if (n.type === 'cdata' && n.children) for (const c of n.children) visit(c);
  };
  for (const c of el.children) visit(c);
  return s.length > limit ? s.slice(0, limit) : s;
}

function valueOf(el: Element, name: string): string {
  const a = el.attribs;
  if (a['content'] !== undefined) return a['content'].trim();
  if (name === 'time' && a['datetime']) return a['datetime'].trim();
  const text = ownText(el, VALUE_LIMIT).replace(/\s+/g, ' ').trim();
  if (text) return text;
  if (name === 'img') return (a['alt'] ?? a['src'] ?? '').trim();
  if (name === 'a' || name === 'link') return (a['href'] ?? '').trim();
  return '';
}

function linkOf(el: Element, base: string): string | null {
  const own = el.attribs['href'];
  if (own) return resolve(own, base);
  // Depth-first, bounded: a container spanning a whole table must not cost a full traversal per tag.
  const stack: AnyNode[] = [...el.children].reverse();
  for (let visited = 0; stack.length && visited < 500; visited++) {
    const n = stack.pop() as AnyNode;
    if (n.type === 'tag') {
      if (n.name === 'a' && n.attribs['href']) return resolve(n.attribs['href'], base);
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as AnyNode);
    }
  }
  return null;
}

function hasDescendant(el: Element, name: string): boolean {
  const stack: AnyNode[] = [...el.children];
  while (stack.length) {
    const n = stack.pop() as AnyNode;
    if (n.type === 'tag') {
      if (n.name === name) return true;
      stack.push(...n.children);
    }
  }
  return false;
}

function excerptOf(el: Element, value: string): string {
  const attrs = Object.entries(el.attribs)
    .filter(([k]) => k === 'itemprop' || k === 'href' || k === 'content' || k === 'id')
    .map(([k, v]) => `${k}="${v.length > 80 ? v.slice(0, 80) + '…' : v}"`)
    .join(' ');
  const inner = value.length > 100 ? value.slice(0, 100) + '…' : value;
  return `<${el.name}${attrs ? ' ' + attrs : ''}>${inner}`;
}
