import { proposeAnswers } from './answers';
import { discoverRoot, locateSection, type RootDiscovery, type SectionLocation } from './discovery';
import { checkDocument, documentFindings, documentFromPage } from './documents.server';
import { evaluateSection } from './evaluate';
import { Fetcher, type FetcherOptions, type FetchFail } from './fetcher.server';
import { pluralRu, ruDate } from './format';
import { markupOnlyWithJs } from './js-detect';
import { annotateFindings } from './legal';
import { browserFromEnv, PageRenderer, type RendererOptions } from './browser.server';
import { parsePage, type ParsedPage } from './page.server';
import { selectRuleset } from './rules/rulesets';
import type { RuleSet, SectionRule } from './rules/types';
import { SiteSession, type PageOk } from './session.server';
import { TLS_MESSAGES } from './tls.server';
import type { AuditReport, DocumentRecord, Finding, OrgType, SectionReport, TlsInfo } from './types';

export interface AuditOptions extends FetcherOptions {
  orgType?: OrgType;
  /** Audit date `YYYY-MM-DD`: decides which rules apply. Defaults to today. */
  date?: string;
  /** Check that linked documents open (status, type, size, PDF text layer). */
  checkDocuments?: boolean;
  maxDocuments?: number;
  maxDocumentBytes?: number;
  /**
   * The previous report of the same site (re-audit): its documents' ETag / Last-Modified are sent back, and
   * a 304 keeps the earlier check without downloading the file again.
   */
  previous?: Pick<AuditReport, 'documents'> | null;
  /**
   * Chromium for subsections built by JavaScript (`SITE_AUDIT_BROWSER`, read when this is undefined); null
   * switches rendering off. Its requests go through this run's fetcher (guard, gate, limits).
   */
  browser?: string | null;
  renderer?: Partial<RendererOptions>;
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

export async function auditSiteWithStats(
  url: string,
  options: AuditOptions = {},
): Promise<{ report: AuditReport; stats: AuditStats }> {
  const now = options.now?.() ?? new Date();
  const date = options.date ?? now.toISOString().slice(0, 10);
  const orgType = options.orgType ?? 'school';
  const { ruleset, fallback } = selectRuleset(date);
  const fetcher = options.fetcher ?? new Fetcher(options);
  const requestsBefore = fetcher.requests;
  const session = new SiteSession(fetcher);
  const insecure = fetcher.options.insecure;
  const normalised = normaliseUrl(url);
  const browserPath = options.browser === undefined ? browserFromEnv() : options.browser;
  const renderer = browserPath ? new PageRenderer({ ...options.renderer, executablePath: browserPath }) : null;
  const findings: Finding[] = [];
  if (fallback) {
    findings.push({
      code: 'date-before-rules',
      severity: 'info',
      message: `на дату ${ruDate(date)} действовали правила до приказа № 1493; применены правила ${ruleset.title}`,
    });
  }
  if (insecure) {
    findings.push({
      code: 'insecure',
      severity: 'warning',
      message: 'проверка сертификата отключена по запросу оператора (--insecure)',
    });
  }
  try {
    const tls: TlsInfo = { trusted: !insecure, insecure };
    const mainRes = await session.page(normalised);
    if (!mainRes.ok) {
      if (mainRes.failure?.kind === 'tls') applyTlsFailure(tls, mainRes.failure, findings, normalised);
      else if (mainRes.failure?.kind === 'internal')
        findings.push({
          code: 'internal-address',
          severity: 'error',
          message: mainRes.failure.message,
          url: normalised,
        });
      else if (mainRes.notPage)
        findings.push({
          code: 'not-html',
          severity: 'error',
          message: notPageMessage(mainRes.reason, session),
          url: normalised,
        });
      else
        findings.push({
          code: 'unreachable',
          severity: 'error',
          message: `главная страница не открылась: ${mainRes.reason}`,
          url: normalised,
        });
      const sections = ruleset.sections.map((s) => emptySection(s, orgType));
      return finish({
        url,
        normalised,
        now,
        date,
        orgType,
        ruleset,
        tls,
        sections,
        findings,
        pages: [],
        session,
        fetcher,
        requestsBefore,
        reachable: false,
      });
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
      const found = located.get(section.slug) as SectionLocation;
      const legacyPages = await legacyPagesFor(section, session, main, located, found);
      const rawFirst = found.pages[0];
      let loc = found;
      let rendered: RenderOutcome | null = null;
      if (rawFirst && renderer && markupOnlyWithJs(rawFirst).jsOnly) {
        const r = await renderer.render(rawFirst.url, fetcher, session.rawFor(rawFirst.url));
        if (r.ok) {
          const page = parsePage(r.html, rawFirst.url);
          loc = { ...found, pages: [page, ...found.pages.slice(1)] };
          rendered = { ok: true, tags: page.tags.length };
        } else {
          rendered = { ok: false, reason: r.reason };
        }
      }
      const ev = evaluateSection({ section, ruleset, pages: loc.pages, legacyPages, orgType, date });
      if (rendered?.ok) {
        // What the HTML alone gives: items present only in the rendered DOM are marked, and the monitor (which
        // reads HTML) would not count them.
        const raw = evaluateSection({ section, ruleset, pages: found.pages, legacyPages, orgType, date });
        const before = new Map(raw.items.map((i) => [`${i.container ?? ''}/${i.itemprop}`, i.status]));
        for (const item of ev.items) {
          const was = before.get(`${item.container ?? ''}/${item.itemprop}`);
          if (
            item.status !== 'missing' &&
            item.status !== 'not-applicable' &&
            (was === 'missing' || was === undefined)
          ) {
            item.renderedOnly = true;
            item.monitor = false;
          }
        }
      }
      const report = sectionReport(section, loc, ev.items, ev.findings, orgType, rawFirst, rendered);
      sections.push(report);
      for (const d of ev.documents) documents.push({ ...d, section: section.slug });
    }
    findings.push(...responseFindings(session));
    const checked =
      options.checkDocuments !== false ? await checkDocuments(fetcher, session, documents, sections, options) : [];
    const pages = [main.page, ...(root.page ? [root.page] : []), ...(located.get('common')?.pages.slice(0, 1) ?? [])];
    return finish({
      url,
      normalised,
      now,
      date,
      orgType,
      ruleset,
      tls,
      sections,
      findings,
      pages,
      session,
      fetcher,
      requestsBefore,
      reachable: true,
      finalUrl: main.finalUrl,
      documents: checked,
    });
  } finally {
    await renderer?.close();
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
  const strict = new Fetcher({
    ...options,
    ...(options.fetcher?.options.addressGuard ? { addressGuard: options.fetcher.options.addressGuard } : {}),
    insecure: false,
    maxBodyBytes: 1,
    totalTimeoutMs: options.totalTimeoutMs ?? 15_000,
    maxRedirects: 0,
  });
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

type RenderOutcome = { ok: true; tags: number } | { ok: false; reason: string };

function sectionReport(
  section: SectionRule,
  loc: SectionLocation,
  items: SectionReport['items'],
  findings: Finding[],
  orgType: OrgType,
  rawFirst: ParsedPage | undefined,
  rendered: RenderOutcome | null,
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
    if (applicable)
      sectionFindings.push({
        code: 'section-missing',
        severity: 'error',
        message: `подраздел «${section.title}» не найден`,
        section: section.slug,
      });
  } else if (!loc.asRecommended) {
    const how =
      loc.via === 'one-page' ? 'размещён на общей странице раздела (вкладки или якоря)' : `найден по адресу ${loc.url}`;
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
    sectionFindings.push({
      code: 'addref-over-limit',
      severity: 'info',
      message: `дополнительных страниц (addRef) ${loc.addRefCount}, рекомендовано не больше 10; проверены первые 10`,
      section: section.slug,
    });
  }
  const first = rawFirst;
  if (first) {
    const js = markupOnlyWithJs(first);
    if (js.jsOnly) {
      out.jsOnly = true;
      if (rendered) out.rendered = rendered.ok;
      const after = !rendered
        ? ''
        : rendered.ok
          ? rendered.tags > 0
            ? `; после отрисовки в браузере найдено элементов разметки: ${rendered.tags} — они отмечены «только после JavaScript», АИС «Мониторинг» читает HTML и их не засчитает`
            : '; после отрисовки в браузере разметки тоже нет'
          : `; отрисовать в браузере не удалось: ${rendered.reason}`;
      sectionFindings.push({
        code: 'js-only',
        severity: 'error',
        message: `не видно без JavaScript: ${js.reason}${after}`,
        section: section.slug,
        url: first.url,
      });
    } else if (first.tags.length === 0 && loc.via !== 'one-page') {
      sectionFindings.push({
        code: 'no-markup',
        severity: 'error',
        message: 'на странице нет микроразметки itemprop',
        section: section.slug,
        url: first.url,
      });
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
    out.push({
      code: 'no-link-from-main',
      severity: 'error',
      message: 'на главной странице нет ссылки на раздел «Сведения об образовательной организации»',
      url: main.finalUrl,
    });
  } else if (!root.linkInMenu) {
    out.push({
      code: 'no-link-in-menu',
      severity: 'warning',
      message: 'ссылка на раздел есть, но не в главном меню',
      url: main.finalUrl,
    });
  }
  for (const b of root.brokenLinks) {
    out.push({
      code: 'root-link-broken',
      severity: 'error',
      message: `ссылка «${b.text || b.href}» на раздел «Сведения об образовательной организации» ведёт на несуществующую страницу (${b.status === 404 ? 'ошибка 404' : b.reason})`,
      url: b.href,
    });
  }
  if (!root.url)
    out.push({
      code: 'root-missing',
      severity: 'error',
      message: 'раздел «Сведения об образовательной организации» не найден',
    });
  else if (!root.asRecommended)
    out.push({
      code: 'root-address-differs',
      severity: 'warning',
      message: `раздел найден по адресу ${root.url}, а рекомендован /sveden/`,
      url: root.url,
    });
  return out;
}

/** Documents on other hosts (registries, bus.gov.ru) may be checked at once; the host gate keeps one request per host. */
const DOCUMENT_CONCURRENCY = 4;

async function checkDocuments(
  fetcher: Fetcher,
  session: SiteSession,
  documents: { url: string; itemprop: string; section: string }[],
  sections: SectionReport[],
  options: AuditOptions,
): Promise<DocumentRecord[]> {
  const seen = new Set<string>();
  const max = options.maxDocuments ?? 40;
  const wanted: { url: string; itemprop: string; section: string }[] = [];
  for (const d of documents) {
    const key = d.url.replace(/#.*$/, '');
    if (seen.has(key) || seen.size >= max) continue;
    seen.add(key);
    wanted.push({ ...d, url: key });
  }
  const previous = new Map((options.previous?.documents ?? []).map((d) => [d.url, d]));
  const maxBytes = options.maxDocumentBytes ?? 8 * 1024 * 1024;
  const results: DocumentRecord[] = new Array<DocumentRecord>(wanted.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < wanted.length; i = next++) {
      const d = wanted[i] as { url: string; itemprop: string; section: string };
      const asPage = await session.loaded(d.url);
      if (asPage && (asPage.ok || (asPage.status !== null && asPage.status >= 400))) {
        results[i] = documentFromPage(d, asPage.status as number, asPage.ok);
        continue;
      }
      results[i] = await checkDocument(fetcher, d, maxBytes, previous.get(d.url));
    }
  };
  // Same-host documents still queue behind each other in the fetcher's gate; only other hosts overlap.
  await Promise.all(Array.from({ length: Math.min(DOCUMENT_CONCURRENCY, wanted.length) }, worker));
  const bySlug = new Map(sections.map((s) => [s.slug, s]));
  for (const check of results) bySlug.get(check.section)?.findings.push(...documentFindings(check));
  return results;
}

function notPageMessage(reason: string, session: SiteSession): string {
  const np = session.anomalies().notPages[0];
  const declared = np?.contentType ? ` (заявлен тип «${np.contentType}»)` : '';
  return np?.kind === 'binary'
    ? `сайт отвечает не веб-страницей: вместо HTML приходят двоичные данные${declared}; сайт не проверен`
    : `главная страница не открылась: ${reason}`;
}

/**
 * Said once per site, not once per subsection: a server that answers every address with the same file or
 * with its main page would otherwise make each subsection look «found, without markup».
 */
function responseFindings(session: SiteSession): Finding[] {
  const out: Finding[] = [];
  const { identical, mainUrl, mainIsAppShell, notPages } = session.anomalies();
  if (notPages.length > 0) {
    const n = notPages.length;
    const same = n > 1 && notPages.every((p) => p.hash === notPages[0]?.hash);
    const binary = notPages.filter((p) => p.kind === 'binary');
    const what =
      binary.length > 0
        ? `двоичные данные вместо веб-страницы${binary[0]?.contentType ? `, хотя заявлен тип «${binary[0].contentType}»` : ''}`
        : `файл вместо веб-страницы (тип «${notPages[0]?.contentType}»)`;
    out.push({
      code: 'not-html',
      severity: 'error',
      message: `${n} ${pluralRu(n, ['адрес', 'адреса', 'адресов'])} сайта ${pluralRu(n, ['отвечает', 'отвечают', 'отвечают'])} не страницей: ${what}${same ? ', и на все приходит одно и то же' : ''}. Эти адреса не считаются подразделами; например, ${notPages[0]?.url}`,
      url: notPages[0]?.url as string,
    });
  }
  const ofMain = identical.find((g) => g[0] === mainUrl);
  if (ofMain && mainIsAppShell) {
    const n = ofMain.length;
    out.push({
      code: 'app-shell',
      severity: 'warning',
      message: `сайт — JavaScript-приложение: на ${n} ${pluralRu(n, ['адрес', 'адреса', 'адресов'])} приходит одна и та же пустая оболочка страницы, сведения появляются только после выполнения скриптов`,
      url: ofMain[1] as string,
    });
  } else if (ofMain) {
    const others = ofMain.slice(1);
    const n = others.length;
    out.push({
      code: 'identical-responses',
      severity: 'error',
      message: `на ${n} ${pluralRu(n, ['адрес', 'адреса', 'адресов'])} раздела сервер отвечает главной страницей вместо ошибки 404 (например, ${others[0]}): такие ответы не считаются подразделами`,
      url: others[0] as string,
    });
  }
  for (const g of identical) {
    if (g === ofMain || g.length < 3) continue;
    out.push({
      code: 'identical-responses',
      severity: 'info',
      message: `${g.length} разных адресов отдают одну и ту же страницу (например, ${g[0]} и ${g[1]})`,
      url: g[0] as string,
    });
  }
  return out;
}

function tooLarge(url: string, limit: number): Finding {
  return {
    code: 'too-large',
    severity: 'warning',
    message: `страница больше ${Math.round(limit / 1048576)} МБ; проверена только её начальная часть`,
    url,
  };
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
  documents?: DocumentRecord[];
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
    documents: i.documents ?? [],
  };
  annotateFindings(report, i.ruleset);
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
