// docs2's kinds rendered through the registry on the demo's whole cycle: each DOCX is unzipped and its XML
// checked, each PDF's text extracted (pdftotext) and compared with the recorded data; the first page of
// each kind is rasterised (pdftoppm) into NOKO_DOC_PNG_DIR (or a temporary folder) to be looked at.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/campaigns/demo.server';
import { councilAgendaItems, councilDecisions, councilMeetings, councilProposals } from '../../src/db/schema/council';
import { improvementPlans, planItems, planReports } from '../../src/db/schema/plans';
import '../../src/documents/kinds.server';
import { documentKind, type DocumentFormat, type DocumentParams } from '../../src/documents/registry.server';
import { ruDate, ruScore } from '../../src/documents/kinds/format';
import { currentPublished, getVersion } from '../../src/results/versions.server';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';
import { seedCouncilCycle } from './council-cycle';

const TODAY = new Date().toISOString().slice(0, 10);
const TODAY_MSK = new Date(Date.now() + 3 * 3_600_000).toISOString().slice(0, 10);

describe(`docs2 kinds rendered (${testEngine})`, () => {
  let t: TestDatabase;
  let dataDir: string;
  let out: string;
  let pngDir: string;
  let campaignId: string;
  let pastId: string;
  let currentId: string;
  let meetingId: string;

  beforeAll(async () => {
    t = await createTestDb();
    dataDir = mkdtempSync(path.join(tmpdir(), 'noko-docs2r-'));
    out = mkdtempSync(path.join(tmpdir(), 'noko-docs2r-out-'));
    pngDir = process.env.NOKO_DOC_PNG_DIR ?? path.join(out, 'png');
    mkdirSync(pngDir, { recursive: true });
    const demo = await seedDemo(t.db, dataDir);
    pastId = demo.pastCampaignId;
    currentId = demo.currentCampaignId;
    meetingId = (await seedCouncilCycle(t.db, demo.municipalityId, currentId, TODAY_MSK)).meetingId;
    campaignId = pastId;
  }, 300_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  const build = async (kind: string, format: DocumentFormat, options: Record<string, string> = {}) => {
    const k = documentKind(kind)!;
    expect(k, kind).toBeDefined();
    const params: DocumentParams = { campaignId, options };
    const bytes = await k.render(await k.load(t.db, params, () => {}), format, () => {});
    const file = path.join(out, `${kind}-${Object.values(options).join('-') || 'x'}.${format}`);
    writeFileSync(file, bytes);
    return { bytes, file };
  };
  const pdfText = async (kind: string, options: Record<string, string> = {}) => {
    const { file } = await build(kind, 'pdf', options);
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      '1',
      '-l',
      '1',
      file,
      path.join(pngDir, `${kind}${options.asOf ? '-report' : ''}`),
    ]);
    if (process.env.NOKO_DOC_PNG_DIR) copyFileSync(file, path.join(pngDir, path.basename(file)));
    // Whitespace normalised: a table cell may wrap a phrase over lines.
    return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  };
  const docxText = async (kind: string, options: Record<string, string> = {}) => {
    const { bytes } = await build(kind, 'docx', options);
    const zip = await JSZip.loadAsync(bytes);
    const xml = await zip.file('word/document.xml')!.async('string');
    return { xml, text: xml.replace(/<w:tab\/>/g, ' ').replace(/<[^>]+>/g, '') };
  };

  it('the council decision on results: annex 1 has every total and place of the approved version, annex 2 every proposal', async () => {
    campaignId = currentId;
    const [d] = await t.db
      .select()
      .from(councilDecisions)
      .where(and(eq(councilDecisions.campaignId, campaignId), eq(councilDecisions.kind, 'results')));
    const v = (await getVersion(t.db, d!.resultVersionId!))!;
    const published = (await currentPublished(t.db, campaignId))!;
    // The demo publishes the version the council approved: the annex equals the open data.
    expect(published.id).toBe(v.id);
    const text = await pdfText('decision');
    const { xml, text: dtext } = await docxText('decision');
    expect(text).toContain(`РЕШЕНИЕ № ${d!.number}`);
    expect(text).toContain(`от ${ruDate(d!.decidedOn)}`);
    expect(text).toContain('Приложение 1');
    expect(text).toContain('Приложение 2');
    expect(xml).toContain('w:orient="landscape"');
    expect(xml).toMatch(/<w:vMerge w:val="restart"\/>/);
    for (const o of v.snapshot.organisations) {
      const total = ruScore(o.total);
      expect(text, o.name).toContain(total);
      expect(dtext, o.name).toContain(total);
    }
    expect(text).toContain(ruScore(v.snapshot.territory.total));
    const proposals = await t.db
      .select()
      .from(councilProposals)
      .where(and(eq(councilProposals.decisionId, d!.id), eq(councilProposals.status, 'adopted')));
    expect(proposals.length).toBeGreaterThan(0);
    for (const p of proposals)
      expect(dtext).toContain(
        p.text
          .replace(/&/g, '&amp;')
          .replace(/</g, '&lt;')
          .replace(/"/g, '&quot;')
          .slice(0, 40)
          .replace(/&quot;/g, '"'),
      );
    expect(text).toMatch(new RegExp(`\\(${proposals.length} предложени(е|я|й)\\)`));
  }, 120_000);

  it('the protocol of the meeting that adopted the results: header, agenda, СЛУШАЛИ/РЕШИЛИ, votes, signatures', async () => {
    campaignId = currentId;
    const [m] = await t.db
      .select({ id: councilMeetings.id, number: councilMeetings.number, heldOn: councilMeetings.heldOn })
      .from(councilMeetings)
      .where(eq(councilMeetings.id, meetingId));
    expect(m).toBeDefined();
    const items = await t.db.select().from(councilAgendaItems).where(eq(councilAgendaItems.meetingId, m!.id));
    const text = await pdfText('protocol', { meeting: m!.id });
    expect(text).toContain(`ПРОТОКОЛ № ${m!.number}`);
    expect(text).toContain(ruDate(m!.heldOn));
    expect(text).toContain('ПОВЕСТКА ДНЯ');
    expect(text).toContain('Председательствующий');
    const voted = items.find((i) => i.votesFor !== null)!;
    expect(text).toContain(
      `«за» — ${voted.votesFor}, «против» — ${voted.votesAgainst ?? 0}, «воздержались» — ${voted.votesAbstained ?? 0}`,
    );
    expect(text).toMatch(/кворум .* имеется/);
    await expect(build('protocol', 'pdf', {})).rejects.toMatchObject({ status: 400 });
    await expect(build('protocol', 'pdf', { meeting: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({
      status: 404,
    });
  }, 60_000);

  it('the plan in the form of decree 457: columns 5.1/5.2 empty when approved, filled in the progress report as of a date', async () => {
    campaignId = pastId;
    const plans = await t.db
      .select()
      .from(improvementPlans)
      .where(
        and(eq(improvementPlans.campaignId, campaignId), inArray(improvementPlans.status, ['approved', 'published'])),
      );
    const items = await t.db
      .select()
      .from(planItems)
      .where(
        inArray(
          planItems.planId,
          plans.map((p) => p.id),
        ),
      );
    // A row whose column 5.1 is its own text (not the measure repeated): «Выполнено, фото приложено».
    const own = (i: (typeof items)[number]) =>
      !!i.implemented && !!i.actualDate && i.implemented.startsWith('Выполнено');
    const plan = plans.find((p) => items.some((i) => i.planId === p.id && own(i)))!;
    const done = items.find((i) => i.planId === plan.id && own(i))!;
    const t0 = performance.now();
    const approved = await pdfText('plan', { plan: plan.id });
    const ms = performance.now() - t0;
    expect(approved).toContain('УТВЕРЖДАЮ');
    expect(approved).toContain('ПЛАН по устранению недостатков');
    expect(approved).toContain('5.1');
    expect(approved).not.toContain('Выполнено');
    expect(approved).not.toContain('по состоянию на');
    const report = await pdfText('plan', { plan: plan.id, asOf: TODAY });
    expect(report).toContain(`по состоянию на ${ruDate(TODAY)}`);
    expect(report).toContain(ruDate(done.actualDate));
    // pdftotext may interleave the lines of neighbouring cells; the DOCX XML holds each cell's text whole.
    expect(report).toContain('Выполнено');
    expect((await docxText('plan', { plan: plan.id, asOf: TODAY })).text).toContain(done.implemented!);
    for (const s of [
      'I. Открытость',
      'II. Комфортность',
      'III. Доступность',
      'IV. Доброжелательность',
      'V. Удовлетворённость',
    ])
      expect(approved).toContain(s);
    const { xml } = await docxText('plan', { plan: plan.id });
    expect(xml.match(/<w:tblHeader\/>/g)?.length).toBe(3);
    expect(xml).toContain('w:orient="landscape"');
    // A stored report: the rows as they were frozen, «по состоянию на» its period end.
    const [rep] = await t.db
      .select()
      .from(planReports)
      .where(
        inArray(
          planReports.planId,
          plans.map((p) => p.id),
        ),
      );
    if (rep)
      expect(await pdfText('plan', { plan: rep.planId, report: rep.id })).toContain(
        `по состоянию на ${ruDate(rep.periodEnd)}`,
      );
    expect(ms).toBeLessThan(3000);
    await expect(build('plan', 'pdf', { organisation: 'x' })).rejects.toMatchObject({ status: 400 });
  }, 60_000);

  it('the draft order, the terms of reference, the list, the deadlines sheet: built, dated дд.мм.гггг', async () => {
    campaignId = currentId;
    const order = await pdfText('order');
    expect(order).toContain('ПРИКАЗ');
    expect(order).toContain('ПРОЕКТ');
    expect(order).toContain('№ 457');
    expect(order).toMatch(/в срок до \d\d\.\d\d\.\d{4}/);
    const list = await pdfText('list');
    expect(list).toMatch(/Перечень организаций, в отношении которых в \d{4} году/);
    const tor = await pdfText('tor');
    expect(tor).toContain('Предложения совета в техническое задание организации-оператору');
    expect(tor).toContain('Опросить не менее 40 % получателей услуг');
    const deadlines = await pdfText('deadlines');
    expect(deadlines).toContain('СРОКИ НЕЗАВИСИМОЙ ОЦЕНКИ');
    expect(deadlines).toContain('273-ФЗ');
    const xlsx = await build('deadlines', 'xlsx');
    expect(Buffer.from(xlsx.bytes.subarray(0, 2)).toString()).toBe('PK');
    campaignId = pastId;
    const plansPdf = await pdfText('plans');
    expect(plansPdf).toContain('ПЛАН по устранению недостатков');
    expect(readdirSync(pngDir).filter((f) => f.endsWith('.png')).length).toBeGreaterThanOrEqual(7);
  }, 180_000);

  it('the bus.gov.ru package carries the decision and every public plan as PDF', async () => {
    campaignId = pastId;
    const { file } = await build('busgov', 'zip');
    const dir = path.join(out, 'busgov');
    execFileSync('unzip', ['-q', '-o', file, '-d', dir]);
    const pdfs = readdirSync(path.join(dir, 'documents'));
    const plans = await t.db
      .select()
      .from(improvementPlans)
      .where(
        and(eq(improvementPlans.campaignId, campaignId), inArray(improvementPlans.status, ['approved', 'published'])),
      );
    expect(plans.length).toBeGreaterThan(0);
    expect(pdfs.filter((f) => f.startsWith('plan-'))).toHaveLength(plans.length);
    campaignId = currentId;
    const current = await build('busgov', 'zip');
    const dir2 = path.join(out, 'busgov2');
    execFileSync('unzip', ['-q', '-o', current.file, '-d', dir2]);
    expect(readdirSync(path.join(dir2, 'documents'))).toEqual(['reshenie-soveta-o-rezultatah.pdf']);
    await expect(build('busgov', 'pdf')).rejects.toMatchObject({ status: 400 });
  }, 180_000);
});
