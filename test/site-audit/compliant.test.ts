import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditSite } from '../../src/site-audit/audit.server';
import type { AuditReport } from '../../src/site-audit/types';
import { compliantSchool, SLUGS } from './fixtures/school';
import { serve, type FixtureServer } from './helpers/server';

const FAST = { politenessDelayMs: 0, totalTimeoutMs: 5_000 };

describe('fully compliant school site', () => {
  let server: FixtureServer;
  let report: AuditReport;
  beforeAll(async () => {
    server = await serve(compliantSchool());
    report = await auditSite(server.url, { ...FAST, orgType: 'school', date: '2025-12-01' });
  });
  afterAll(() => server.close());

  it('finds every subsection at its recommended address', () => {
    expect(report.reachable).toBe(true);
    expect(report.sections.map((s) => s.slug)).toEqual(SLUGS);
    for (const s of report.sections) {
      expect(s.found, s.slug).toBe(true);
      expect(s.addressAsRecommended, s.slug).toBe(true);
      expect(s.url).toBe(`${server.url}sveden/${s.slug}`);
    }
  });

  it('marks every required item present and counts them', () => {
    const notPresent = report.sections.flatMap((s) =>
      s.items.filter((i) => i.required && i.status !== 'present').map((i) => `${s.slug}:${i.itemprop}:${i.status}`),
    );
    expect(notPresent).toEqual([]);
    expect(report.summary.required).toBeGreaterThan(100);
    expect(report.summary.present).toBe(report.summary.required);
    const everyMonitored = report.sections.flatMap((s) =>
      s.items.filter((i) => i.required && !i.monitor).map((i) => `${s.slug}:${i.itemprop}`),
    );
    expect(everyMonitored).toEqual([]);
  });

  it('gives evidence for present items', () => {
    const full = report.sections[0]?.items.find((i) => i.itemprop === 'fullName');
    expect(full?.evidence).toContain('itemprop="fullName"');
    expect(full?.evidence).toContain('Средняя школа № 7');
  });

  it('reports no errors and no address warnings', () => {
    const all = [...report.findings, ...report.sections.flatMap((s) => s.findings)];
    expect(all.filter((f) => f.severity === 'error')).toEqual([]);
    expect(all.filter((f) => f.code === 'address-differs' || f.code === 'root-address-differs')).toEqual([]);
  });

  it('applies the date: copy no longer required after 01.09.2025, accreditation still in common before 01.03.2026', () => {
    const common = report.sections.find((s) => s.slug === 'common');
    expect(common?.items.find((i) => i.itemprop === 'copy')?.status).toBe('not-applicable');
    expect(common?.items.find((i) => i.itemprop === 'accreditationDocLink')?.status).toBe('present');
    const edu = report.sections.find((s) => s.slug === 'education');
    expect(edu?.items.find((i) => i.itemprop === 'accreditationDocLink')?.status).toBe('not-applicable');
  });

  it('proposes answers for 1.1 and 1.2', () => {
    expect(report.answers.indicator11Site.present).toBe(report.answers.indicator11Site.norm);
    expect(report.answers.indicator11Site.points).toBe(100);
    const detected = Object.fromEntries(report.answers.indicator12.channels.map((c) => [c.channel, c.detected]));
    expect(detected).toEqual({ telephone: true, email: true, 'electronic-service': true, faq: true, opinion: true });
    expect(report.answers.indicator12.points).toBe(100);
  });

  it('identifies itself in the User-Agent', () => {
    expect(server.log.every((r) => r.ua?.includes('НОКО') || r.ua?.includes('NOKO'))).toBe(true);
  });

  it('checks linked documents', () => {
    const docFindings = report.sections.flatMap((s) => s.findings).filter((f) => f.code.startsWith('doc-'));
    expect(docFindings).toEqual([]);
    expect(server.log.some((r) => r.path === '/files/ustav.pdf')).toBe(true);
  });
});

describe('dates and organisation types', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await serve(compliantSchool());
  });
  afterAll(() => server.close());

  it('requires the visually-impaired copy markup before 01.09.2025', async () => {
    const r = await auditSite(server.url, { ...FAST, date: '2025-06-01', checkDocuments: false });
    const copy = r.sections.find((s) => s.slug === 'common')?.items.find((i) => i.itemprop === 'copy');
    expect(copy).toMatchObject({ status: 'missing', required: true });
    expect(r.summary.present).toBe(r.summary.required - 14);
  });

  it('moves the accreditation extract to «Образование» from 01.03.2026', async () => {
    const r = await auditSite(server.url, { ...FAST, date: '2026-03-01', checkDocuments: false });
    expect(
      r.sections.find((s) => s.slug === 'common')?.items.find((i) => i.itemprop === 'accreditationDocLink')?.status,
    ).toBe('not-applicable');
    expect(
      r.sections.find((s) => s.slug === 'education')?.items.find((i) => i.itemprop === 'accreditationDocLink')?.status,
    ).toBe('missing');
  });

  it('asks a college for graduate employment and practice objects, a school not', async () => {
    const college = await auditSite(server.url, {
      ...FAST,
      orgType: 'college',
      date: '2025-12-01',
      checkDocuments: false,
    });
    const edu = college.sections.find((s) => s.slug === 'education');
    expect(edu?.items.find((i) => i.itemprop === 'graduateJob')).toMatchObject({ status: 'missing', required: true });
    expect(college.summary.present).toBeLessThan(college.summary.required);
    const additional = await auditSite(server.url, {
      ...FAST,
      orgType: 'additional',
      date: '2025-12-01',
      checkDocuments: false,
    });
    const std = additional.sections.find((s) => s.slug === 'eduStandarts');
    expect(std?.applicable).toBe(false);
    expect(std?.items.every((i) => i.status === 'not-applicable')).toBe(true);
  });
});
