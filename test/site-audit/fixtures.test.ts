import { afterEach, describe, expect, it } from 'vitest';
import { auditSite } from '../../src/site-audit/audit.server';
import type { AuditReport, ItemReport, SectionReport } from '../../src/site-audit/types';
import { SLUGS } from './fixtures/school';
import {
  cp1251Site,
  GOSWEB_PATHS,
  GOSWEB_ROOT,
  goswebSite,
  jsOnlySite,
  legacy2020Site,
  markupVariantsSite,
  noMarkupSite,
  oneTabSite,
  wrongSlugSite,
} from './fixtures/variants';
import { serve, type FixtureServer } from './helpers/server';
import type { Site } from './fixtures/school';

const FAST = { politenessDelayMs: 0, totalTimeoutMs: 5_000, date: '2025-12-01', orgType: 'school' as const };

let server: FixtureServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function audit(site: Site, extra: Parameters<typeof auditSite>[1] = {}): Promise<AuditReport> {
  server = await serve(site);
  return auditSite(server.url, { ...FAST, ...extra });
}

const sec = (r: AuditReport, slug: string) => r.sections.find((s) => s.slug === slug) as SectionReport;
const item = (s: SectionReport, prop: string, container?: string) =>
  s.items.find((i) => i.itemprop === prop && i.container === container) as ItemReport;
const codes = (s: SectionReport) => s.findings.map((f) => f.code);
const allRequiredPresent = (r: AuditReport) => r.summary.present === r.summary.required;

describe('2020 vocabulary', () => {
  it('says "устаревшая разметка" instead of "missing"', async () => {
    const r = await audit(legacy2020Site(), { checkDocuments: false });
    const managers = sec(r, 'managers');
    expect(managers.found).toBe(false);
    expect(item(managers, 'rucovodstvo').status).toBe('legacy');
    expect(item(managers, 'fio', 'rucovodstvo').status).toBe('legacy');
    expect(item(managers, 'fio', 'rucovodstvo').evidence).toContain('Петров');

    const common = sec(r, 'common');
    expect(item(common, 'fullName').status).toBe('missing');
    expect(item(common, 'addressPlaceSet').status).toBe('legacy');
    expect(item(common, 'licenseDocLink').status).toBe('legacy');
    expect(item(common, 'telephone').status).toBe('present');

    const edu = sec(r, 'education');
    expect(item(edu, 'eduChislenEl').status).toBe('legacy');
    expect(codes(edu)).toContain('legacy-vocabulary');
    expect(edu.findings.find((f) => f.code === 'legacy-vocabulary')?.message).toMatch(/eduChislen/);

    const emp = sec(r, 'employees');
    expect(item(emp, 'teachingLevel', 'teachingStaff').status).toBe('legacy');
    expect(item(emp, 'teachingOp', 'teachingStaff').status).toBe('missing');

    const objects = sec(r, 'objects');
    expect(objects.found).toBe(false);
    expect(item(objects, 'ovz').status).toBe('legacy');
    expect(item(objects, 'purposeFacil').status).toBe('missing');
  });
});

describe('encodings', () => {
  it('decodes windows-1251 by header, by <meta> and by detection, and KOI8-R by detection', async () => {
    const r = await audit(cp1251Site(), { checkDocuments: false });
    expect(allRequiredPresent(r)).toBe(true);
    expect(item(sec(r, 'common'), 'fullName').evidence).toContain('Средняя школа № 7');
    expect(item(sec(r, 'struct'), 'name', 'structOrgUprav').evidence).toContain('Педагогический совет');
    expect(item(sec(r, 'document'), 'ustavDocLink').evidence).toContain('Устав');
    expect(item(sec(r, 'grants'), 'grant').evidence).toContain('Выплата стипендий не предусмотрена');
  });
});

describe('no markup at all', () => {
  it('finds the pages, reports every item missing, but sees the information in the text', async () => {
    const r = await audit(noMarkupSite(), { checkDocuments: false });
    expect(r.sections.every((s) => s.found && s.addressAsRecommended)).toBe(true);
    expect(r.summary.present).toBe(0);
    expect(r.sections.every((s) => codes(s).includes('no-markup'))).toBe(true);
    const common = sec(r, 'common');
    expect(item(common, 'fullName')).toMatchObject({ status: 'missing', information: 'present', monitor: false });
    expect(r.summary.informationPresent).toBeGreaterThan(20);
    expect(r.summary.informationPresent).toBeLessThan(r.summary.required);
  });
});

describe('one-page tab layout', () => {
  it('finds every subsection on /sveden/ and says the address differs', async () => {
    const r = await audit(oneTabSite(), { checkDocuments: false });
    for (const s of r.sections) {
      expect(s.found, s.slug).toBe(true);
      expect(s.addressAsRecommended, s.slug).toBe(false);
      expect(s.url).toBe(`${server?.url}sveden/#${s.slug}`);
      expect(codes(s)).toContain('address-differs');
    }
    expect(allRequiredPresent(r)).toBe(true);
  });
});

describe('Госвеб-style transliterated paths', () => {
  it('discovers the section and subsections by link text', async () => {
    const r = await audit(goswebSite(), { checkDocuments: false });
    expect(r.findings.map((f) => f.code)).toContain('root-address-differs');
    expect(r.findings.map((f) => f.code)).not.toContain('no-link-from-main');
    for (const s of r.sections) {
      expect(s.found, s.slug).toBe(true);
      expect(s.url).toBe(`${server?.url}${GOSWEB_ROOT.slice(1)}${GOSWEB_PATHS[s.slug]}/`);
      expect(s.addressAsRecommended).toBe(false);
    }
    expect(allRequiredPresent(r)).toBe(true);
  });
});

describe('markup that only appears after JavaScript', () => {
  it('reports it as not visible without JavaScript instead of plain missing', async () => {
    const r = await audit(jsOnlySite(), { checkDocuments: false });
    for (const slug of SLUGS) {
      const s = sec(r, slug);
      expect(s.jsOnly, slug).toBe(true);
      const f = s.findings.find((x) => x.code === 'js-only');
      expect(f?.message).toContain('не видно без JavaScript');
    }
    expect(sec(r, 'common').findings.find((f) => f.code === 'js-only')?.message).toContain('внутри скриптов');
    expect(sec(r, 'inter').findings.find((f) => f.code === 'js-only')?.message).toContain('оболочка');
    expect(r.summary.present).toBe(0);
  });
});

describe('wrong slugs', () => {
  it('finds /sveden/documents and /sveden/edustandarts, reporting the address separately from the content', async () => {
    const r = await audit(wrongSlugSite(), { checkDocuments: false });
    const doc = sec(r, 'document');
    expect(doc).toMatchObject({ found: true, addressAsRecommended: false, url: `${server?.url}sveden/documents` });
    const std = sec(r, 'eduStandarts');
    expect(std).toMatchObject({ found: true, addressAsRecommended: false, url: `${server?.url}sveden/edustandarts` });
    expect(codes(doc)).toContain('address-differs');
    expect(codes(std)).toContain('address-differs');
    expect(allRequiredPresent(r)).toBe(true);
    expect(sec(r, 'common').addressAsRecommended).toBe(true);
  });
});

describe('itemprop="Copy", multi-token values, typos, children outside containers', () => {
  it('reports near misses as warnings and follows the monitor on exact strings', async () => {
    const r = await audit(markupVariantsSite(), { checkDocuments: false, date: '2025-06-01' });
    const common = sec(r, 'common');
    expect(item(common, 'copy')).toMatchObject({ status: 'near-miss', monitor: false });
    expect(item(common, 'copy').evidence).toContain('itemprop="Copy"');
    expect(common.findings.find((f) => f.itemprop === 'copy')).toMatchObject({
      code: 'near-miss',
      severity: 'warning',
    });

    expect(item(common, 'telephone')).toMatchObject({ status: 'present', monitor: false });
    expect(common.findings.find((f) => f.code === 'multi-token')?.message).toContain('telephone fax');

    expect(item(common, 'shortName').status).toBe('near-miss');
    expect(item(common, 'shortName').evidence).toContain('shrotName');

    const managers = sec(r, 'managers');
    expect(item(managers, 'fio', 'rucovodstvoZam')).toMatchObject({ status: 'near-miss', monitor: false });
    expect(codes(managers)).toContain('outside-container');
    expect(item(managers, 'fio', 'rucovodstvo').status).toBe('present');
  });
});
