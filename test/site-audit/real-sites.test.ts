// Issue 17: what the auditor got wrong on real sites, one fixture per class, served on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { auditSite } from '../../src/site-audit/audit.server';
import type { AuditReport, ItemReport, SectionReport } from '../../src/site-audit/types';
import {
  brokenLinksSite,
  dropdownToggleSite,
  misplacedTokenSite,
  plainTextCommonSite,
  sharedTokensSite,
  typoMenuSite,
  universitySite,
  variantLinkSite,
  wrongSpellingsSite,
} from './fixtures/real-sites';
import { isRootLinkText } from '../../src/site-audit/discovery';
import { isLabelOnly, nearMissReason } from '../../src/site-audit/near-miss';
import type { Site } from './fixtures/school';
import { noko } from '../helpers/noko';
import { serve, type FixtureServer } from './helpers/server';

const FAST = {
  politenessDelayMs: 0,
  totalTimeoutMs: 5_000,
  date: '2025-12-01',
  orgType: 'school' as const,
  checkDocuments: false,
};

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
const at = (path: string) => new URL(path, server?.url).href;
const allFindings = (r: AuditReport) => [...r.findings, ...r.sections.flatMap((s) => s.findings)];

describe('tokens shared by several containers (issue 17, item 3)', () => {
  it('does not call an item sitting in one allowed container «outside» another', async () => {
    const r = await audit(sharedTokensSite());
    expect(allFindings(r).filter((f) => f.code === 'outside-container')).toEqual([]);
    const struct = sec(r, 'struct');
    expect(item(struct, 'divisionClauseDocLink', 'structOrgUprav').status).toBe('present');
    expect(item(struct, 'divisionClauseDocLink', 'filInfo').status).toBe('missing');
    expect(item(struct, 'divisionClauseDocLink', 'repInfo').status).toBe('missing');
    const objects = sec(r, 'objects');
    expect(item(objects, 'objName', 'purposeLibr').status).toBe('present');
    expect(item(objects, 'objName', 'purposeSport').status).toBe('missing');
    expect(item(objects, 'purposeSport').status).toBe('missing');
    const edu = sec(r, 'education');
    expect(edu.items.filter((i) => i.itemprop === 'eduName' && i.status === 'near-miss')).toEqual([]);
  });

  it('still reports a token outside every container that allows it', async () => {
    const r = await audit(misplacedTokenSite());
    const objects = sec(r, 'objects');
    expect(item(objects, 'objName', 'purposeSport').status).toBe('near-miss');
    const outside = objects.findings.filter((f) => f.code === 'outside-container');
    expect(outside.map((f) => `${f.itemprop}:${f.message.includes('purposeSport')}`)).toEqual(['objName:true']);
    expect(outside[0]?.excerpt).toContain('Спортивный зал');
  });
});

describe('near misses named (issue 17, item 4)', () => {
  it('names the token written, the reason, and the caption marked instead of the value', async () => {
    const r = await audit(wrongSpellingsSite());
    const common = sec(r, 'common');
    expect(item(common, 'fullName')).toMatchObject({
      status: 'near-miss',
      nearMiss: { token: 'Name', reason: 'known' },
      information: 'present',
    });
    expect(item(common, 'email')).toMatchObject({
      status: 'near-miss',
      nearMiss: { token: 'E-mail', reason: 'known' },
    });
    expect(item(common, 'telephone')).toMatchObject({
      status: 'near-miss',
      nearMiss: { token: 'phone', reason: 'known' },
    });
    expect(item(common, 'workTime')).toMatchObject({
      status: 'near-miss',
      nearMiss: { token: 'WorkTime', reason: 'case' },
    });
    const address = item(common, 'address');
    expect(address).toMatchObject({ status: 'near-miss', nearMiss: { reason: 'label' }, information: 'present' });
    expect(address.evidence).toContain('Адрес местонахождения');

    const byProp = (p: string) => common.findings.find((f) => f.itemprop === p);
    expect(byProp('fullName')).toMatchObject({
      code: 'near-miss',
      message: 'вместо «fullName» написано «Name» — такого имени в методических рекомендациях нет, нужно «fullName»',
    });
    expect(byProp('email')?.message).toContain('«E-mail»');
    expect(byProp('workTime')?.message).toBe(
      'вместо «workTime» написано «WorkTime» — регистр букв отличается, АИС «Мониторинг» не засчитает',
    );
    expect(byProp('address')).toMatchObject({ code: 'label-marked', severity: 'warning' });
    expect(byProp('address')?.message).toMatch(/на подписи поля, а не на самом значении/);
    expect(common.findings.filter((f) => f.code === 'hidden-value')).toEqual([]);
    // The untouched items of the page stay present.
    expect(item(common, 'shortName').status).toBe('present');
  });

  it('tells a caption from a value', () => {
    expect(isLabelOnly('Адрес местонахождения')).toBe(true);
    expect(isLabelOnly('Телефон:')).toBe(true);
    expect(isLabelOnly('Тел./факс')).toBe(true);
    expect(isLabelOnly('E-mail')).toBe(true);
    expect(isLabelOnly('624250, г. Заречный, ул. Ленинградская, 9')).toBe(false);
    expect(isLabelOnly('school7@zarech.ru')).toBe(false);
    expect(isLabelOnly('Педагогический совет')).toBe(false);
    expect(isLabelOnly('Администрация города Заречный')).toBe(false);
    expect(nearMissReason('e-mail', 'email')).toBe('known');
    expect(nearMissReason('FullName', 'fullName')).toBe('case');
    expect(nearMissReason('shrotName', 'shortName')).toBe('typo');
    expect(nearMissReason('phone', 'email')).toBeNull();
  });
});

describe('menu links that are not addresses (issue 17, item 2)', () => {
  it('does not take the main page for the section when the menu entry is a dropdown toggle', async () => {
    const r = await audit(dropdownToggleSite());
    const codes = r.findings.map((f) => f.code);
    expect(codes).not.toContain('root-address-differs');
    expect(codes).not.toContain('root-missing');
    expect(codes).not.toContain('no-link-from-main');
    expect(r.sections.every((s) => s.found && s.addressAsRecommended)).toBe(true);
    expect(r.sections.every((s) => s.url !== at('/'))).toBe(true);
  });

  it('recognises the main-menu link despite a typo and follows it', async () => {
    const r = await audit(typoMenuSite());
    const codes = r.findings.map((f) => f.code);
    expect(codes).not.toContain('no-link-from-main');
    expect(codes).not.toContain('no-link-in-menu');
    expect(r.findings.find((f) => f.code === 'root-address-differs')?.url).toBe(at('/svedeniya/'));
    expect(sec(r, 'common').addressAsRecommended).toBe(true);
    expect(isRootLinkText('Сведения об образовтельной организации')).toBe(true);
    expect(isRootLinkText('СВЕДЕНИЯ ОБ ОБРАЗОВАТЕЛЬНОЙ ОРГАНИЗАЦИИ ▼')).toBe(true);
    expect(isRootLinkText('Сведения о педагогических работниках')).toBe(false);
  });

  it('reports section links that lead to a 404', async () => {
    const r = await audit(brokenLinksSite());
    const rootBroken = r.findings.filter((f) => f.code === 'root-link-broken');
    expect(rootBroken).toEqual([
      expect.objectContaining({
        severity: 'error',
        url: at('/sveden/index.php'),
        message: expect.stringContaining('ошибка 404'),
      }),
    ]);
    const doc = sec(r, 'document');
    expect(doc).toMatchObject({ found: true, addressAsRecommended: true });
    expect(doc.findings.filter((f) => f.code === 'section-link-broken').map((f) => f.url)).toEqual([
      at('/sveden/document.html'),
    ]);
    expect(sec(r, 'common').findings.filter((f) => f.code === 'section-link-broken')).toEqual([]);
  });
});

describe('the recommended address wins over a linked variant (issue 17, item 1)', () => {
  it('audits /sveden/common/ and says the linked version differs', async () => {
    const r = await audit(variantLinkSite());
    const common = sec(r, 'common');
    expect(common).toMatchObject({
      found: true,
      url: at('/sveden/common'),
      via: 'recommended',
      addressAsRecommended: true,
    });
    expect(item(common, 'email').evidence).toContain('school7@zarech.ru');
    expect(item(common, 'fullName').evidence).toContain('№ 7');
    expect(common.findings.filter((f) => f.code === 'variant-differs')).toEqual([
      expect.objectContaining({ severity: 'warning', url: at('/special/sveden/common.html') }),
    ]);
    expect(JSON.stringify(r.answers)).not.toContain('drugoy-gorod');
    expect(common.findings.map((f) => f.code)).not.toContain('address-differs');
  });

  it('only notes a variant that carries the same information', async () => {
    const r = await audit(variantLinkSite(true));
    const common = sec(r, 'common');
    expect(common.url).toBe(at('/sveden/common'));
    expect(common.findings.filter((f) => f.code.startsWith('variant')).map((f) => `${f.code}:${f.severity}`)).toEqual([
      'variant-link:info',
    ]);
  });
});

describe('the «information found» layer reads the usual plain-text forms (issue 17, item 5)', () => {
  it('sees the year of creation, the location, «Тел./факс» and «Эл. почта» without markup', async () => {
    const r = await audit(plainTextCommonSite());
    const common = sec(r, 'common');
    for (const prop of ['regDate', 'address', 'telephone', 'email', 'workTime']) {
      expect({ prop, ...item(common, prop) }).toMatchObject({ prop, status: 'missing', information: 'present' });
    }
    // No wording for the founder on the page: the layer does not invent it.
    expect(item(common, 'uchredLaw').information).toBe('not-found');
    expect(item(common, 'licenseDocLink').information).toBe('not-found');
  });
});

describe('universities (issue 17, item 7)', () => {
  it('checks research (eduNir) and employment for a ВО type, and not for a school', async () => {
    const uni = await audit(universitySite(), { orgType: 'higher' });
    const edu = sec(uni, 'education');
    expect(item(edu, 'eduNir')).toMatchObject({ status: 'present', required: true });
    expect(item(edu, 'perechenNir', 'eduNir')).toMatchObject({ status: 'present', required: true });
    expect(item(edu, 'v1', 'graduateJob').status).toBe('present');
    expect(item(sec(uni, 'objects'), 'namePrac', 'purposePrac').status).toBe('present');
    expect(uni.summary.present).toBe(uni.summary.required);
    await server?.close();

    const school = await audit(universitySite(), { orgType: 'school' });
    expect(item(sec(school, 'education'), 'eduNir').status).toBe('not-applicable');
    expect(item(sec(school, 'education'), 'graduateJob').status).toBe('not-applicable');
  });

  it('reports a university without research markup, also through `noko audit` as a process', async () => {
    server = await serve(universitySite(false));
    const child = await noko([
      'audit',
      server.url,
      '--type',
      'higher',
      '--json',
      '--date',
      '2025-12-01',
      '--no-documents',
    ]);
    // Exit code 0: the site was audited, whatever it lacks.
    expect(child.code, child.stderr).toBe(0);
    const stdout = child.stdout;
    const json = JSON.parse(stdout) as AuditReport;
    expect(json.orgType).toBe('higher');
    const edu = json.sections.find((s) => s.slug === 'education') as SectionReport;
    expect(item(edu, 'eduNir')).toMatchObject({ status: 'missing', required: true });
    expect(edu.findings.find((f) => f.itemprop === 'eduNir' && !f.message.includes('→'))).toMatchObject({
      code: 'missing',
      severity: 'error',
      message: 'нет разметки «eduNir»',
    });
    expect(json.summary.present).toBeLessThan(json.summary.required);
  }, 90_000);
});
