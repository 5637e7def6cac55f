import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { createHttpApp } from '../../app/server/http.server';
import { users } from '../../src/db/schema/auth';
import { createSession, SESSION_COOKIE } from '../../src/auth/sessions.server';
import { exportCsv, exportXlsxStream, EXPORT_HEADER } from '../../src/survey/export.server';
import { posterPdf, postersZip, qrPng, qrSvg } from '../../src/survey/poster.server';
import { enterOffline } from '../../src/survey/respond.server';
import { linksOfCampaign } from '../../src/survey/links.server';
import { listSuggestions, moderateSuggestion, moderatedSuggestions } from '../../src/survey/review.server';
import { surveyDashboard } from '../../src/survey/dashboard.server';
import { getTallies, toSurveyTally } from '../../src/survey/tallies.server';
import { scoreOrganisations } from '../../src/methodology/engine';
import { requireMethodology } from '../../src/methodology/registry';
import { createTestDb, type TestDatabase } from '../helpers/db';
import { csrfPair, seedSurvey, type SurveyFixture } from './fixtures';
import { silentLogger, testConfig } from '../helpers/app';

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const c of chunks) text += c;
  return text;
}

describe('survey: staff side', () => {
  let t: TestDatabase;
  let f: SurveyFixture;
  beforeAll(async () => {
    t = await createTestDb();
    f = await seedSurvey(t.db, { orgs: 2, recipients: 2000 });
  });
  afterAll(async () => t?.close());

  it('paper entry: compact 1/0/- strings, mode recorded, skip logic enforced, nothing stored on error', async () => {
    const base = { campaignId: f.campaignId, organisationId: f.orgIds[0]!, enteredBy: f.operatorId };
    const r = await enterOffline(t.db, {
      ...base,
      mode: 'paper',
      fields: new Map([
        ['answers', '111010-1111111'],
        ['q15', 'Починить крыльцо'],
      ]),
    });
    expect(r.status).toBe('counted');
    await enterOffline(t.db, { ...base, mode: 'phone', fields: new Map([['answers', '0-0-111010-110']]) });
    await expect(enterOffline(t.db, { ...base, mode: 'paper', fields: new Map([['answers', '01']]) })).rejects.toThrow(
      'Вопрос 2: на него не отвечают',
    );
    await expect(enterOffline(t.db, { ...base, mode: 'paper', fields: new Map([['answers', '1x']]) })).rejects.toThrow(
      '«x»',
    );
    await expect(
      enterOffline(t.db, { ...base, mode: 'paper', fields: new Map([['answers', '111111111111111']]) }),
    ).rejects.toThrow('15 знаков');
    const [tally] = await getTallies(t.db, f.campaignId, f.orgIds[0]);
    expect(tally).toMatchObject({ received: 2, valid: 2, modes: { online: 0, paper: 1, interview: 0, phone: 1 } });
    expect(tally!.yes.q1).toBe(1);
    expect(tally!.no.q1).toBe(1);
    expect(tally!.yes.q2).toBe(1);
    expect(tally!.no.q4).toBe(1);
    expect(tally!.no.q5).toBe(0);
    expect(tally!.yes.q7).toBe(1); // the phone respondent: q6 yes, q7 yes
    // The engine accepts the tallies as its survey input.
    const scoring = toSurveyTally(tally!, 'edu-2019');
    expect(scoring.valid).toBe(2);
    expect(scoring.yes.q6).toBe(1);
    const m = requireMethodology('edu-2019');
    const run = scoreOrganisations(
      [
        {
          id: 'x',
          name: 'x',
          type: 'school',
          information: { stand: { found: 1, norm: 1 }, site: { found: 1, norm: 1 } },
          checklists: { '1.2': 1, '2.1': 1, '3.1': 1, '3.2': 1 },
          survey: scoring,
        },
      ],
      m,
    );
    expect(run.organisations[0]!.indicators['3.3']?.value).toBe(100);
  });

  it('dashboard: received vs target (40% capped at 600), last response time', async () => {
    const rows = await surveyDashboard(t.db, f.campaignId);
    expect(rows).toHaveLength(2);
    const first = rows.find((r) => r.organisationId === f.orgIds[0])!;
    expect(first).toMatchObject({ target: 600, received: 2, valid: 2, adequate: false });
    expect(first.lastResponseAt).toBeInstanceOf(Date);
    expect(rows.find((r) => r.organisationId === f.orgIds[1])).toMatchObject({ received: 0, lastResponseAt: null });
  });

  it('suggestions: queued raw, only moderated text reaches other staff', async () => {
    const pending = await listSuggestions(t.db, f.campaignId, { status: 'pending' });
    expect(pending.map((s) => s.text)).toEqual(['Починить крыльцо']);
    expect(await moderatedSuggestions(t.db, f.campaignId, f.orgIds[0]!)).toEqual([]);
    await expect(
      moderateSuggestion(t.db, {
        campaignId: f.campaignId,
        id: pending[0]!.id,
        decision: 'approve',
        actor: { id: f.operatorId, name: 'О' },
      }),
    ).rejects.toThrow('текст');
    // An id reached through another campaign (another territory's scope) is not found and changes nothing.
    const otherCampaign = '00000000-0000-4000-8000-000000000000';
    await expect(
      moderateSuggestion(t.db, {
        campaignId: otherCampaign,
        id: pending[0]!.id,
        decision: 'reject',
        actor: { id: f.operatorId, name: 'О' },
      }),
    ).rejects.toThrow('не найдено');
    expect(await listSuggestions(t.db, f.campaignId, { status: 'pending' })).toHaveLength(1);
    await moderateSuggestion(t.db, {
      campaignId: f.campaignId,
      id: pending[0]!.id,
      decision: 'approve',
      text: 'Отремонтировать крыльцо',
      actor: { id: f.operatorId, name: 'О' },
    });
    expect((await moderatedSuggestions(t.db, f.campaignId, f.orgIds[0]!)).map((s) => s.text)).toEqual([
      'Отремонтировать крыльцо',
    ]);
  });

  it('streams CSV and XLSX exports in batches without the database ids or network hashes', async () => {
    await t.db
      .execute(sql`insert into survey_responses (campaign_id, organisation_id, mode, status, network_hash, q1, q2, q14)
      select ${f.campaignId}::uuid, ${f.orgIds[1]!}::uuid, 'online', 'counted', 'secret-net-hash', 1, (g % 2)::smallint, 1 from generate_series(1, 2500) g`);
    const chunks: string[] = [];
    for await (const c of exportCsv(t.db, f.campaignId, 500)) chunks.push(c);
    // Header + one chunk per batch: the export never builds the whole file.
    expect(chunks.length).toBe(1 + Math.ceil(2502 / 500));
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(500 * 200);
    const lines = chunks.join('').trim().split('\r\n');
    expect(lines).toHaveLength(2503);
    expect(chunks[0]!.startsWith('\uFEFF')).toBe(true); // Excel reads UTF-8 only with the BOM
    expect(lines[0]).toBe(EXPORT_HEADER.join(';'));
    expect(chunks.join('')).not.toContain('secret-net-hash');
    expect(lines[1]!.split(';').slice(3, 6)).toEqual([
      'бумага',
      'учтена',
      expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    ]);

    const xlsx = exportXlsxStream(t.db, f.campaignId, 500);
    let xChunks = 0;
    const bufs: Buffer[] = [];
    for await (const b of xlsx) {
      xChunks++;
      bufs.push(b as Buffer);
    }
    expect(xChunks).toBeGreaterThan(1);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(bufs) as never);
    expect(wb.worksheets[0]!.rowCount).toBe(2503);
  });

  it('export: responses of other campaigns in between are skipped, none of this campaign lost or repeated', async () => {
    const other = '00000000-0000-4000-8000-0000000000aa';
    const before = (await collect(exportCsv(t.db, f.campaignId, 100))).trim().split('\r\n').length - 1;
    // Interleave: every third id is this campaign's (marked by sex «ж»), the others another campaign's.
    await t.db.execute(sql`insert into survey_responses (campaign_id, organisation_id, mode, status, q1, sex)
      select case when g % 3 = 0 then ${f.campaignId}::uuid else ${other}::uuid end, ${f.orgIds[0]!}::uuid, 'online', 'counted', 1,
        case when g % 3 = 0 then 'ж' else 'м' end
      from generate_series(1, 900) g`);
    const lines = (await collect(exportCsv(t.db, f.campaignId, 100))).trim().split('\r\n').slice(1);
    expect(lines).toHaveLength(before + 300);
    expect(lines.map((l) => Number(l.split(';')[0]))).toEqual(Array.from({ length: before + 300 }, (_, i) => i + 1));
    expect(lines.filter((l) => l.split(';')[EXPORT_HEADER.indexOf('пол')] === 'м')).toHaveLength(0);
    expect(lines.filter((l) => l.split(';')[EXPORT_HEADER.indexOf('пол')] === 'ж')).toHaveLength(300);
  });

  it('QR codes (SVG, PNG), an A4 poster with an embedded font, and a streamed ZIP of posters', async () => {
    const url = 'https://noko.example/q/abcdefgh';
    const svg = await qrSvg(url);
    expect(svg).toMatch(/^<svg role="img" aria-label="QR-код/);
    const png = await qrPng(url);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const links = await linksOfCampaign(t.db, f.campaignId);
    const pdf = await posterPdf({ ...links[0]!, url });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.includes('/FontFile2')).toBe(true); // the Cyrillic-capable TrueType font is embedded
    expect(pdf.includes('/MediaBox [0 0 595.28 841.89]')).toBe(true); // A4
    let zipBytes = 0;
    let zipChunks = 0;
    const zip = postersZip(links, 'https://noko.example');
    for await (const c of zip) {
      zipBytes += (c as Buffer).length;
      zipChunks++;
    }
    expect(zipChunks).toBeGreaterThan(1);
    expect(zipBytes).toBeGreaterThan(10_000);
  });

  it('API: tallies need survey.monitor; an organisation sees only its own count', async () => {
    const config = testConfig();
    const app = createHttpApp({ db: t.db, config, logger: silentLogger });
    const [orgUser] = await t.db
      .insert(users)
      .values({ email: 'org@example.test', name: 'Школа', role: 'organisation', organisationId: f.orgIds[0]! })
      .returning();
    const op = await createSession(t.db, f.operatorId);
    const org = await createSession(t.db, orgUser!.id);
    const as = (token: string) => ({ headers: { cookie: `${SESSION_COOKIE}=${token}` } });
    expect((await app.request(`/api/survey/campaigns/${f.campaignId}/tallies`)).status).toBe(401);
    const tallies = await app.request(`/api/survey/campaigns/${f.campaignId}/tallies`, as(op.token));
    expect(tallies.status).toBe(200);
    const body = (await tallies.json()) as { tallies: { organisationId: string; scoring: { valid: number } }[] };
    expect(body.tallies.find((x) => x.organisationId === f.orgIds[0])!.scoring.valid).toBe(2);
    expect((await app.request(`/api/survey/campaigns/${f.campaignId}/tallies`, as(org.token))).status).toBe(403);
    const own = await app.request(
      `/api/survey/campaigns/${f.campaignId}/organisations/${f.orgIds[0]}/count`,
      as(org.token),
    );
    expect(await own.json()).toEqual({ received: 2 });
    expect(
      (await app.request(`/api/survey/campaigns/${f.campaignId}/organisations/${f.orgIds[1]}/count`, as(org.token)))
        .status,
    ).toBe(403);
    expect((await app.request(`/api/survey/campaigns/${f.campaignId}/responses.csv`, as(org.token))).status).toBe(403);
    const csv = await app.request(`/api/survey/campaigns/${f.campaignId}/responses.csv`, as(op.token));
    expect(csv.status).toBe(200);
    expect((await csv.text()).split('\r\n').length).toBeGreaterThan(2500);
    // Without PUBLIC_URL, a poster asked for on the server itself would print 127.0.0.1/localhost: refused.
    const loopback = await app.request(
      `/api/survey/campaigns/${f.campaignId}/organisations/${f.orgIds[0]}/poster.pdf`,
      as(org.token),
    );
    expect(loopback.status).toBe(409);
    expect(((await loopback.json()) as { error: string }).error).toMatch(/PUBLIC_URL/);
    const poster = await app.request(
      `http://nok.example.ru/api/survey/campaigns/${f.campaignId}/organisations/${f.orgIds[0]}/poster.pdf`,
      as(org.token),
    );
    expect(poster.status).toBe(200);
    expect(poster.headers.get('content-type')).toBe('application/pdf');
    // Paper entry through the API (JSON + CSRF header).
    const csrf = csrfPair(config.sessionSecret);
    const entry = await app.request(`/api/survey/campaigns/${f.campaignId}/responses`, {
      method: 'POST',
      headers: {
        cookie: `${csrf.cookie}; ${SESSION_COOKIE}=${op.token}`,
        'x-csrf-token': csrf.token,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ organisationId: f.orgIds[0], mode: 'interview', answers: '11111111111111' }),
    });
    expect(entry.status).toBe(201);
    expect((await getTallies(t.db, f.campaignId, f.orgIds[0]))[0]!.modes.interview).toBe(1);
    void Readable;
  });
});
