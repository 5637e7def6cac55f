// Issue 17, item 9: legal point and fix on every finding (also in `noko audit --json`), and the campaign
// summary sorted by what organisations lose on 1.1.
import { afterEach, describe, expect, it } from 'vitest';
import { auditSite } from '../../src/site-audit/audit.server';
import { itemSnippet } from '../../src/site-audit/legal';
import { organisationLoss, summarise } from '../../src/site-audit/summary';
import type { AuditReport, Finding } from '../../src/site-audit/types';
import { plainTextCommonSite, wrongSpellingsSite } from './fixtures/real-sites';
import { compliantSchool } from './fixtures/school';
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
const all = (r: AuditReport): Finding[] => [...r.findings, ...r.sections.flatMap((s) => s.findings)];

describe('legal point and «как исправить» (issue 17, item 9)', () => {
  it('gives every finding a fix and the order point of its subsection, with a correct snippet', async () => {
    server = await serve(plainTextCommonSite());
    const r = await auditSite(server.url, FAST);
    for (const f of all(r)) expect({ code: f.code, fix: typeof f.fix?.text }).toEqual({ code: f.code, fix: 'string' });
    const founder = r.sections[0]!.findings.find((f) => f.code === 'missing' && f.itemprop === 'uchredLaw');
    expect(founder?.legal).toEqual({
      order: 'Приказ Рособрнадзора от 04.08.2023 № 1493, п. 7',
      mr: 'Методические рекомендации Рособрнадзора v9.0.0 (2025), подраздел «Основные сведения» (/sveden/common)',
    });
    expect(founder?.fix?.html).toBe(
      '<div itemprop="uchredLaw">\n  <!-- Сведения об учредителе -->\n  <p>Наименование учредителя: <span itemprop="nameUchred">…</span></p>\n</div>',
    );
    const child = r.sections[0]!.findings.find((f) => f.code === 'missing' && f.itemprop === 'nameUchred');
    expect(child?.container).toBe('uchredLaw');
    expect(child?.fix?.text).toContain('внутри элемента с itemprop="uchredLaw"');
    const mail = r.sections[0]!.findings.find((f) => f.code === 'missing' && f.itemprop === 'email');
    expect(mail?.fix?.html).toBe(
      '<p>Адрес электронной почты: <a itemprop="email" href="mailto:school@example.ru">school@example.ru</a></p>',
    );
    // Each of the 14 subsections refers to its own point of the order.
    const points = new Map(
      r.sections.map((s) => [s.slug, s.findings.find((f) => f.code === 'missing')?.legal?.order ?? null]),
    );
    expect(points.get('common')).toMatch(/п\. 7$/);
    expect(r.sections.find((s) => s.slug === 'common')?.findings.length).toBeGreaterThan(0);
  });

  it('names the wrong token in the fix of a near miss', async () => {
    server = await serve(wrongSpellingsSite());
    const r = await auditSite(server.url, FAST);
    const f = r.sections[0]!.findings.find((x) => x.code === 'near-miss' && x.itemprop === 'fullName');
    expect(f?.fix?.text).toBe('Замените itemprop="Name" на itemprop="fullName" — точно так, с учётом регистра букв.');
    expect(f?.legal?.mr).toContain('раздел 5 (алгоритм проверки АИС «Мониторинг»)');
  });

  it('builds snippets a browser parses into the tree the monitor expects', () => {
    expect(itemSnippet({ itemprop: 'regDate', kind: 'date', isContainer: false })).toBe(
      '<p>Дата создания: <time itemprop="regDate" datetime="1950-09-01">01.09.1950</time></p>',
    );
    expect(itemSnippet({ itemprop: 'ustavDocLink', kind: 'doc', isContainer: false })).toBe(
      '<p><a itemprop="ustavDocLink" href="/sveden/files/ustavDocLink.pdf">Устав</a></p>',
    );
  });

  it('`noko audit --json` carries legal and fix fields and item names, as a process', async () => {
    server = await serve(plainTextCommonSite());
    const child = await noko(['audit', server.url, '--json', '--date', '2025-12-01', '--no-documents']);
    expect(child.code, child.stderr).toBe(0);
    const json = JSON.parse(child.stdout) as AuditReport;
    const common = json.sections[0]!;
    const items = common.items as unknown as { itemprop: string; name: string }[];
    expect(items.find((i) => i.itemprop === 'fullName')?.name).toBe('Полное наименование');
    const f = common.findings.find((x) => x.code === 'missing' && x.itemprop === 'uchredLaw');
    expect(f?.legal?.order).toBe('Приказ Рособрнадзора от 04.08.2023 № 1493, п. 7');
    expect(f?.fix?.html).toContain('<div itemprop="uchredLaw">');
  }, 90_000);
});

describe('campaign summary (issue 17, item 9)', () => {
  it('sorts organisations by loss on 1.1 and counts the items they lack', async () => {
    server = await serve(compliantSchool());
    const good = await auditSite(server.url, FAST);
    await server.close();
    server = await serve(plainTextCommonSite());
    const poor = await auditSite(server.url, FAST);
    const rows = [
      organisationLoss({ id: 'a', shortName: 'Школа А', url: 'http://a', error: null, report: good }),
      organisationLoss({ id: 'b', shortName: 'Школа Б', url: 'http://b', error: null, report: poor }),
      organisationLoss({
        id: 'c',
        shortName: 'Школа В',
        url: null,
        error: 'в реестре не указан адрес сайта организации',
        report: null,
      }),
    ];
    const { organisations, items } = summarise(rows, new Map([['common', 'Основные сведения']]));
    expect(organisations.map((o) => o.shortName)).toEqual(['Школа Б', 'Школа А', 'Школа В']);
    expect(organisations[0]!.loss).toBeCloseTo(100 - poor.answers.indicator11Site.points, 2);
    expect(organisations[0]!.loss).toBeGreaterThan(0);
    expect(organisations[1]!.loss).toBe(0);
    expect(organisations[0]!.lacking.map((l) => l.name)).toContain('Сведения об учредителе');
    expect(items.find((i) => i.itemprop === 'uchredLaw')).toMatchObject({
      organisations: 1,
      sectionTitle: 'Основные сведения',
    });
  });
});
