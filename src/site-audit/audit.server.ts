import { proposeAnswers } from './answers';
import { discoverRoot, locateSection, type RootDiscovery, type SectionLocation } from './discovery';
import { checkDocument, documentFindings } from './documents.server';
import { evaluateSection } from './evaluate';
import { Fetcher, type FetcherOptions, type FetchFail } from './fetcher.server';
import { ruDate } from './format';
import { markupOnlyWithJs } from './js-detect';
import type { ParsedPage } from './page.server';
import { selectRuleset } from './rules/rulesets';
import type { RuleSet, SectionRule } from './rules/types';
import { SiteSession, type PageOk } from './session.server';
import { TLS_MESSAGES } from './tls.server';
import type { AuditReport, Finding, OrgType, SectionReport, TlsInfo } from './types';

export interface AuditOptions extends FetcherOptions {
  orgType?: OrgType;
  /** Audit date `YYYY-MM-DD`: decides which rules apply. Defaults to today. */
  date?: string;
  /** Check that linked documents open (status, type, size, PDF text layer). */
  checkDocuments?: boolean;
  maxDocuments?: number;
  maxDocumentBytes?: number;
  /** Reuse a fetcher (bulk runs share one agent); the caller then closes it. */
  fetcher?: Fetcher;
  now?: () => Date;
}

export interface AuditStats {
  pagesFetched: number;
  pagesParsed: number;
  parseMs: number;
  requests: number;
}

export async function auditSite(url: string, options: AuditOptions = {}): Promise<AuditReport> {
  return (await auditSiteWithStats(url, options)).report;
}

export async function auditSiteWithStats(url: string, options: AuditOptions = {}): Promise<{ report: AuditReport; stats: AuditStats }> {
  const now = options.now?.() ?? new Date();
  const date = options.date ?? now.toISOString().slice(0, 10);
  const orgType = options.orgType ?? 'school';
  const { ruleset, fallback } = selectRuleset(date);
  const fetcher = options.fetcher ?? new Fetcher(options);
  const requestsBefore = fetcher.requests;
  const session = new SiteSession(fetcher);
  const insecure = fetcher.options.insecure;
  const normalised = normaliseUrl(url);
  const findings: Finding[] = [];
  if (fallback) {
    findings.push({ code: 'date-before-rules', severity: 'info', message: `на дату ${ruDate(date)} действовали правила до приказа № 1493; применены правила ${ruleset.title}` });
  }
  if (insecure) {
    findings.push({ code: 'insecure', severity: 'warning', message: 'проверка сертификата отключена по запросу оператора (--insecure)' });
  }
  try {
    const tls: TlsInfo = { trusted: !insecure, insecure };
    const mainRes = await session.page(normalised);
    if (!mainRes.ok) {
      if (mainRes.failure?.kind === 'tls') applyTlsFailure(tls, mainRes.failure, findings, normalised);
      else if (mainRes.failure?.kind === 'internal') findings.push({ code: 'internal-address', severity: 'error', message: mainRes.failure.message, url: normalised });
      else findings.push({ code: 'unreachable', severity: 'error', message: `главная страница не открылась: ${mainRes.reason}`, url: normalised });
      const sections = ruleset.sections.map((s) => emptySection(s, orgType));
      return finish({ url, normalised, now, date, orgType, ruleset, tls, sections, findings, pages: [], session, fetcher, requestsBefore, reachable: false });
    }
    if (insecure) await probeTrust(options, normalised, tls);
    const main = mainRes;
    if (main.truncated) findings.push(tooLarge(main.finalUrl, fetcher.options.maxBodyBytes));
    const root = await discoverRoot(session, main);
    findings.push(...rootFindings(root, main));

    const sections: SectionReport[] = [];
    const documents: { url: string; itemprop: string; section: string }[] = [];
    const located = new Map<string, SectionLocation>();
    for (const section of ruleset.sections) {
      const loc = await locateSection(session, ruleset, section, main, root);
      located.set(section.slug, loc);
    }
    for (const section of ruleset.sections) {
      const loc = located.get(section.slug) as SectionLocation;
      const legacyPages = await legacyPagesFor(section, session, main, located, loc);
      const ev = evaluateSection({ section, ruleset, pages: loc.pages, legacyPages, orgType, date });
      const report = sectionReport(section, loc, ev.items, ev.findings, orgType);
      sections.push(report);
      for (const d of ev.documents) documents.push({ ...d, section: section.slug });
    }
    if (options.checkDocuments !== false) await checkDocuments(fetcher, documents, sections, options);
    const pages = [main.page, ...(root.page ? [root.page] : []), ...(located.get('common')?.pages.slice(0, 1) ?? [])];
    return finish({ url, normalised, now, date, orgType, ruleset, tls, sections, findings, pages, session, fetcher, requestsBefore, reachable: true, finalUrl: main.finalUrl });
  } finally {
    if (!options.fetcher) await fetcher.close();
  }
}

function applyTlsFailure(tls: TlsInfo, failure: FetchFail, findings: Finding[], url: string): void {
  tls.trusted = false;
  tls.error = failure.message;
  const problem = failure.tls ?? 'other';
  findings.push({
    code: `tls-${problem}`,
    severity: 'error',
    message: `${TLS_MESSAGES[problem]}; сайт не проверен. Если сертификат выдан российским удостоверяющим центром, укажите его сертификат (--ca-file); проверить без проверки сертификата можно явно: --insecure`,
    url,
  });
}

/** With `--insecure` the run still records whether the chain would have verified. */
async function probeTrust(options: AuditOptions, url: string, tls: TlsInfo): Promise<void> {
  if (!url.startsWith('https:')) {
    tls.trusted = true;
    return;
  }
  const strict = new Fetcher({ ...options, ...(options.fetcher?.options.addressGuard ? { addressGuard: options.fetcher.options.addressGuard } : {}), insecure: false, maxBodyBytes: 1, totalTimeoutMs: options.totalTimeoutMs ?? 15_000, maxRedirects: 0 });
  try {
    const res = await strict.fetch(url, { method: 'HEAD' });
    tls.trusted = res.ok || res.kind !== 'tls';
    if (!res.ok && res.kind === 'tls') tls.error = res.message;
  } finally {
    await strict.close();
  }
}

async function legacyPagesFor(
  section: SectionRule,
  session: SiteSession,
  main: PageOk,
  located: Map<string, SectionLocation>,
  loc: SectionLocation,
): Promise<ParsedPage[]> {
  const wanted = section.legacyPages ?? [];
  if (wanted.length === 0) return [];
  const out: ParsedPage[] = [];
  for (const slug of wanted) {
    const known = located.get(slug);
    if (known) {
      // One-page layouts put everything on one page: that page is not "elsewhere".
      if (known.pages[0] && known.pages[0] !== loc.pages[0]) out.push(...known.pages);
      continue;
    }
    const res = await session.page(new URL(`/sveden/${slug}`, main.finalUrl).href);
    if (res.ok) out.push(res.page);
  }
  return out;
}

function sectionReport(
  section: SectionRule,
  loc: SectionLocation,
  items: SectionReport['items'],
  findings: Finding[],
  orgType: OrgType,
): SectionReport {
  const applicable = !section.orgTypes || section.orgTypes.includes(orgType);
  const out: SectionReport = {
    slug: section.slug,
    title: section.title,
    found: loc.url !== null,
    url: loc.url,
    addressAsRecommended: loc.asRecommended,
    via: loc.via,
    applicable,
    jsOnly: false,
    items,
    findings: [...findings],
  };
  const sectionFindings: Finding[] = [];
  if (!loc.url) {
    if (applicable) sectionFindings.push({ code: 'section-missing', severity: 'error', message: `подраздел «${section.title}» не найден`, section: section.slug });
  } else if (!loc.asRecommended) {
    const how = loc.via === 'one-page' ? 'размещён на общей странице раздела (вкладки или якоря)' : `найден по адресу ${loc.url}`;
    sectionFindings.push({
      code: 'address-differs',
      severity: 'warning',
      message: `подраздел «${section.title}» ${how}, а рекомендован адрес /sveden/${section.slug}`,
      section: section.slug,
      url: loc.url,
    });
  }
  if (loc.variant) {
    sectionFindings.push(
      loc.variant.differs
        ? {
            code: 'variant-differs',
            severity: 'warning',
            message: `ссылка ведёт на другую версию подраздела (${loc.variant.url}), и её сведения расходятся со страницей по рекомендованному адресу ${loc.url}; проверена страница по рекомендованному адресу — исправьте или уберите вторую версию`,
            section: section.slug,
            url: loc.variant.url,
          }
        : {
            code: 'variant-link',
            severity: 'info',
            message: `ссылка ведёт на другую версию подраздела (${loc.variant.url}); сведения совпадают, проверена страница по рекомендованному адресу ${loc.url}`,
            section: section.slug,
            url: loc.variant.url,
          },
    );
  }
  for (const b of loc.brokenLinks) {
    sectionFindings.push({
      code: 'section-link-broken',
      severity: 'error',
      message: `ссылка «${b.text || b.href}» на подраздел «${section.title}» ведёт на несуществующую страницу (${b.status === 404 ? 'ошибка 404' : b.reason})`,
      section: section.slug,
      url: b.href,
    });
  }
  if (loc.addRefCount > 10) {
    sectionFindings.push({ code: 'addref-over-limit', severity: 'info', message: `дополнительных страниц (addRef) ${loc.addRefCount}, рекомендовано не больше 10; проверены первые 10`, section: section.slug });
  }
  const first = loc.pages[0];
  if (first) {
    const js = markupOnlyWithJs(first);
    if (js.jsOnly) {
      out.jsOnly = true;
      sectionFindings.push({ code: 'js-only', severity: 'error', message: `не видно без JavaScript: ${js.reason}`, section: section.slug, url: first.url });
    } else if (first.tags.length === 0 && loc.via !== 'one-page') {
      sectionFindings.push({ code: 'no-markup', severity: 'error', message: 'на странице нет микроразметки itemprop', section: section.slug, url: first.url });
    }
  }
  out.findings = [...sectionFindings, ...out.findings];
  return out;
}

function emptySection(section: SectionRule, orgType: OrgType): SectionReport {
  return {
    slug: section.slug,
    title: section.title,
    found: false,
    url: null,
    addressAsRecommended: false,
    via: 'none',
    applicable: !section.orgTypes || section.orgTypes.includes(orgType),
    jsOnly: false,
    items: [],
    findings: [],
  };
}

function rootFindings(root: RootDiscovery, main: PageOk): Finding[] {
  const out: Finding[] = [];
  if (!root.linkFromMain) {
    out.push({ code: 'no-link-from-main', severity: 'error', message: 'на главной странице нет ссылки на раздел «Сведения об образовательной организации»', url: main.finalUrl });
  } else if (!root.linkInMenu) {
    out.push({ code: 'no-link-in-menu', severity: 'warning', message: 'ссылка на раздел есть, но не в главном меню', url: main.finalUrl });
  }
  for (const b of root.brokenLinks) {
    out.push({
      code: 'root-link-broken',
      severity: 'error',
      message: `ссылка «${b.text || b.href}» на раздел «Сведения об образовательной организации» ведёт на несуществующую страницу (${b.status === 404 ? 'ошибка 404' : b.reason})`,
      url: b.href,
    });
  }
  if (!root.url) out.push({ code: 'root-missing', severity: 'error', message: 'раздел «Сведения об образовательной организации» не найден' });
  else if (!root.asRecommended) out.push({ code: 'root-address-differs', severity: 'warning', message: `раздел найден по адресу ${root.url}, а рекомендован /sveden/`, url: root.url });
  return out;
}

async function checkDocuments(
  fetcher: Fetcher,
  documents: { url: string; itemprop: string; section: string }[],
  sections: SectionReport[],
  options: AuditOptions,
): Promise<void> {
  const seen = new Set<string>();
  const max = options.maxDocuments ?? 40;
  const bySlug = new Map(sections.map((s) => [s.slug, s]));
  for (const d of documents) {
    const key = d.url.replace(/#.*$/, '');
    if (seen.has(key) || seen.size >= max) continue;
    seen.add(key);
    const check = await checkDocument(fetcher, { ...d, url: key }, options.maxDocumentBytes ?? 8 * 1024 * 1024);
    bySlug.get(d.section)?.findings.push(...documentFindings(check));
  }
}

function tooLarge(url: string, limit: number): Finding {
  return { code: 'too-large', severity: 'warning', message: `страница больше ${Math.round(limit / 1048576)} МБ; проверена только её начальная часть`, url };
}

interface FinishInput {
  url: string;
  normalised: string;
  finalUrl?: string;
  now: Date;
  date: string;
  orgType: OrgType;
  ruleset: RuleSet;
  tls: TlsInfo;
  sections: SectionReport[];
  findings: Finding[];
  pages: ParsedPage[];
  session: SiteSession;
  fetcher: Fetcher;
  requestsBefore: number;
  reachable: boolean;
}

function finish(i: FinishInput): { report: AuditReport; stats: AuditStats } {
  let present = 0;
  let required = 0;
  let informationPresent = 0;
  for (const s of i.sections) {
    for (const item of s.items) {
      if (!item.required) continue;
      required++;
      if (item.status === 'present') present++;
      if (item.information === 'present') informationPresent++;
    }
  }
  const report: AuditReport = {
    url: i.normalised,
    finalUrl: i.finalUrl ?? null,
    fetchedAt: i.now.toISOString(),
    auditDate: i.date,
    orgType: i.orgType,
    ruleset: i.ruleset.id,
    tls: i.tls,
    reachable: i.reachable,
    sections: i.sections,
    summary: { present, required, informationPresent, pagesFetched: i.session.pagesFetched },
    findings: i.findings,
    answers: proposeAnswers(i.sections, i.pages),
  };
  const stats: AuditStats = {
    pagesFetched: i.session.pagesFetched,
    pagesParsed: i.session.pagesParsed,
    parseMs: i.session.parseMs,
    requests: i.fetcher.requests - i.requestsBefore,
  };
  return { report, stats };
}

export function normaliseUrl(input: string): string {
  const trimmed = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  return new URL(withScheme).href;
}
