// The council's pages and API through the real HTTP app and router build.
import { count } from 'drizzle-orm';
import type { ServerBuild } from 'react-router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../app/server/http.server';
import { auditLog } from '../../src/db/schema/audit';
import { councilAgendaItems } from '../../src/db/schema/council';
import { campaignOrganisations, campaigns } from '../../src/db/schema/registry';
import { addMember, listMembers } from '../../src/council/council.server';
import { getMeetingFull, listMeetings, setAttendance } from '../../src/council/meetings.server';
import { computeDraft, getVersion } from '../../src/results/versions.server';
import { recordCampaignEvent } from '../../src/campaigns/events.server';
import { createTestDb, type TestDatabase } from '../helpers/db';
import { silentLogger, testConfig } from '../helpers/app';
import { loadBuild } from '../helpers/build';
import { seedPeople, seedWorld, type World } from '../auth/fixtures';
import { browser, NONCE } from '../auth/http-helpers';
import { CSRF_COOKIE } from '../../app/server/csrf.server';

describe('council pages over HTTP', () => {
  let t: TestDatabase;
  let w: World;
  let people: Awaited<ReturnType<typeof seedPeople>>['people'];
  let client: ReturnType<typeof browser>;
  let app: ReturnType<typeof createHttpApp>;
  let councilId: string;
  let campaignId: string;
  const config = testConfig();
  const audit = async () => (await t.db.select({ n: count() }).from(auditLog))[0]!.n;

  beforeAll(async () => {
    const built: { build: ServerBuild; clientDir: string } = await loadBuild();
    t = await createTestDb();
    w = await seedWorld(t.db);
    ({ people } = await seedPeople(t.db, w));
    const [c] = await t.db
      .insert(campaigns)
      .values({ territoryId: w.town.id, year: 2026, title: 'Оценка 2026', methodologyId: 'edu-2019', policies: {} })
      .returning();
    campaignId = c!.id;
    await t.db.insert(campaignOrganisations).values({ campaignId, organisationId: w.school.id });
    app = createHttpApp({ db: t.db, config, logger: silentLogger, ...built });
    client = browser(app, config);
  }, 120_000);
  afterAll(async () => t?.close());

  it('the authority creates the council; the chair adds members and holds a meeting by forms alone', async () => {
    const res = await client.post(
      '/council',
      {
        intent: 'create',
        territoryId: w.town.id,
        name: 'Совет города А',
        quorumRule: 'two_thirds',
        tieRule: 'fails',
        proposalThreshold: '90',
      },
      people.authority.cookie,
    );
    expect(res.status).toBe(302);
    councilId = res.headers.get('location')!.split('/').pop()!;
    for (const [i, role] of (['chair', 'secretary', 'member'] as const).entries()) {
      const r = await client.post(
        `/council/${councilId}`,
        {
          intent: 'member',
          name: `Член ${i}`,
          role,
          represents: 'родители',
          termFrom: '2026-01-01',
          termTo: '2028-12-31',
          eligibilityDeclaredOn: '2026-01-05',
        },
        people.chair.cookie,
      );
      expect(r.status).toBe(200);
    }
    const members = await listMembers(t.db, councilId);
    expect(members).toHaveLength(3);
    const created = await client.post(
      `/council/${councilId}`,
      {
        intent: 'meeting',
        heldOn: '2026-03-02',
        place: 'Зал',
        format: 'in_person',
        presidingMemberId: members[0]!.id,
        secretaryMemberId: members[1]!.id,
      },
      people.chair.cookie,
    );
    expect(created.status).toBe(302);
    const meetingId = created.headers.get('location')!.split('/').pop()!;
    const page = `/council/${councilId}/meetings/${meetingId}`;
    expect(
      (await client.post(page, { intent: 'attendance', present: members[0]!.id }, people.chair.cookie)).status,
    ).toBe(200);
    expect(
      (await client.post(page, { intent: 'agenda', kind: 'list', campaignId, title: '' }, people.chair.cookie)).status,
    ).toBe(200);
    const item = (await getMeetingFull(t.db, councilId, meetingId))!.items[0]!;

    // One of three present: no quorum under «two thirds».
    const before = await audit();
    const noQuorum = await client.post(
      page,
      {
        intent: 'item',
        itemId: item.id,
        heard: '',
        spoke: '',
        decided: 'Утвердить перечень',
        votesFor: '1',
        votesAgainst: '0',
        votesAbstained: '0',
      },
      people.chair.cookie,
    );
    expect(noQuorum.status).toBe(400);
    expect(await noQuorum.text()).toContain('кворума нет');
    expect(await audit()).toBe(before);

    // A council member (not an officer) may not record; a forged post without the CSRF token changes nothing.
    expect(
      (await client.post(page, { intent: 'item', itemId: item.id, decided: 'x', votesFor: '1' }, people.member.cookie))
        .status,
    ).toBe(403);
    expect(
      (
        await client.post(page, { intent: 'item', itemId: item.id, decided: 'x', votesFor: '1' }, people.chair.cookie, {
          csrf: false,
        })
      ).status,
    ).toBe(403);
    // A NUL byte refuses the whole post.
    const nul = await client.post(
      page,
      { intent: 'item', itemId: item.id, heard: 'a\u0000b', decided: 'x' },
      people.chair.cookie,
    );
    expect(nul.status).toBe(400);
    expect(await nul.text()).toContain('нулевой байт');
    expect(await audit()).toBe(before);

    // Two checkboxes of one name, as the browser posts them.
    const body = new URLSearchParams({ intent: 'attendance', _csrf: client.token });
    body.append('present', members[0]!.id);
    body.append('present', members[1]!.id);
    const ok = await app.request(`http://localhost${page}`, {
      method: 'POST',
      headers: {
        cookie: `${CSRF_COOKIE}=${NONCE}; ${people.chair.cookie}`,
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'http://localhost',
      },
      body: body.toString(),
    });
    expect(ok.status).toBe(200);
    expect((await getMeetingFull(t.db, councilId, meetingId))!.presentIds).toHaveLength(2);
  });

  it('votes above the members present are refused in Russian; an adopted decision is published with its protocol', async () => {
    const [meeting] = await listMeetings(t.db, councilId);
    const page = `/council/${councilId}/meetings/${meeting!.id}`;
    const [item] = await t.db.select().from(councilAgendaItems);
    const over = await client.post(
      page,
      {
        intent: 'item',
        itemId: item!.id,
        heard: 'Секретаря',
        spoke: '',
        decided: 'Утвердить перечень',
        votesFor: '3',
        votesAgainst: '0',
        votesAbstained: '0',
      },
      people.chair.cookie,
    );
    expect(over.status).toBe(400);
    expect(await over.text()).toContain('голосов (3) больше, чем присутствующих членов совета (2)');
    const adopted = await client.post(
      page,
      {
        intent: 'item',
        itemId: item!.id,
        heard: 'Секретаря',
        spoke: '',
        decided: 'Утвердить перечень',
        votesFor: '2',
        votesAgainst: '0',
        votesAbstained: '0',
      },
      people.chair.cookie,
    );
    expect(adopted.status).toBe(200);
    expect(await adopted.text()).toContain('Решение № 1/1');
    expect((await client.get(`/sovet/${councilId}/protokol/${meeting!.id}`)).status).toBe(404);
    expect((await client.post(page, { intent: 'publish' }, people.chair.cookie)).status).toBe(200);
    const pub = await client.get(`/sovet/${councilId}/protokol/${meeting!.id}`);
    expect(pub.status).toBe(200);
    const html = await pub.text();
    for (const s of ['ПРОТОКОЛ № 1', 'Кворум имеется', 'СЛУШАЛИ', 'РЕШИЛИ', 'Голосовали: «за» — <!-- -->2'])
      expect(html).toContain(s);
    const api = await (await client.get(`/api/council/councils/${councilId}/decisions`)).json();
    expect(api.decisions).toMatchObject([{ kind: 'list', number: '1/1', decidedOn: '2026-03-02' }]);
    const csv = await (await client.get(`/api/council/councils/${councilId}/decisions.csv`)).text();
    expect(csv).toContain('1/1;2026-03-02;перечень организаций');
    const doc = await (await client.get('/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/council/councils/{councilId}/decisions', '/council/campaigns/{campaignId}/proposals']),
    );
    expect((await client.get(`/api/council/campaigns/not-a-uuid/proposals`)).status).toBe(400);
  });

  it('a signed scan is checked by its content, attached, and public once the protocol is published', async () => {
    const [meeting] = await listMeetings(t.db, councilId);
    const page = `/council/${councilId}/meetings/${meeting!.id}`;
    const upload = (name: string, bytes: Uint8Array, session: string) => {
      const form = new FormData();
      form.set('intent', 'scan');
      form.set('_csrf', client.token);
      form.set('scan', new File([bytes as unknown as BlobPart], name));
      return app.request(`http://localhost${page}`, {
        method: 'POST',
        headers: { cookie: `${CSRF_COOKIE}=${NONCE}; ${session}`, origin: 'http://localhost' },
        body: form,
      });
    };
    const before = await audit();
    const fake = await upload('Протокол.pdf', new TextEncoder().encode('MZ not a pdf'), people.chair.cookie);
    expect(fake.status).toBe(400);
    expect(await fake.text()).toContain('не похоже на PDF');
    expect(await audit()).toBe(before);
    const pdf = new TextEncoder().encode('%PDF-1.4\n%%EOF\n');
    expect((await upload('Протокол.pdf', pdf, people.chair.cookie)).status).toBe(200);
    const pub = await client.get(`/sovet/${councilId}/protokol/${meeting!.id}/skan`);
    expect(pub.status).toBe(200);
    expect(pub.headers.get('content-type')).toBe('application/pdf');
    expect(new Uint8Array(await pub.arrayBuffer())).toEqual(pdf);
    // Without SMTP the notice is refused with a way forward, not sent nowhere.
    const notice = await client.post(page, { intent: 'notice' }, people.chair.cookie);
    expect(notice.status).toBe(409);
    expect(await notice.text()).toContain('Почта не настроена');
  });

  it('the list decision taken on the campaign page lands in the council room', async () => {
    await addMember(
      t.db,
      councilId,
      {
        name: 'Ещё член',
        role: 'member',
        represents: '',
        termFrom: '2026-01-01',
        termTo: '2026-12-31',
        eligibilityDeclaredOn: null,
        email: null,
      },
      { id: null, name: 'тест' },
    );
    const page = await client.get(`/council/${councilId}`, people.member.cookie);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/№ (<!-- -->)?1\/1/);
  });
  it("the results vote shows the version's gaps and the additional criteria next to it, before anyone votes", async () => {
    const members = (await listMembers(t.db, councilId)).filter((m) => m.termTo >= '2026-11-10');
    const created = await client.post(
      `/council/${councilId}`,
      {
        intent: 'meeting',
        heldOn: '2026-11-10',
        place: 'Зал',
        format: 'in_person',
        presidingMemberId: members[0]!.id,
        secretaryMemberId: members[1]!.id,
      },
      people.chair.cookie,
    );
    const meetingId = created.headers.get('location')!.split('/').pop()!;
    const page = `/council/${councilId}/meetings/${meetingId}`;
    // The form posts one checkbox per member; the helper posts single values, so attendance is set directly.
    await setAttendance(
      t.db,
      councilId,
      meetingId,
      { presentIds: members.slice(0, 3).map((m) => m.id), invitees: [] },
      { id: null, name: 'тест' },
    );
    expect(
      (await client.post(page, { intent: 'agenda', kind: 'criteria', campaignId, title: '' }, people.chair.cookie))
        .status,
    ).toBe(200);
    const crit = (await getMeetingFull(t.db, councilId, meetingId))!.items[0]!;
    const adopted = await client.post(
      page,
      {
        intent: 'item',
        itemId: crit.id,
        heard: 'Секретаря',
        spoke: '',
        decided: 'Установить дополнительные критерии',
        points: 'Качество питания\nОсвещение территории',
        votesFor: '3',
        votesAgainst: '0',
        votesAbstained: '0',
      },
      people.chair.cookie,
    );
    expect(adopted.status).toBe(200);
    // The operator's report recorded on the campaign page only: the council's page offers its date to copy.
    await recordCampaignEvent(t.db, {
      campaignId,
      kind: 'operator_report_received',
      occurredOn: '2026-11-02',
      document: 'письмо оператора № 7',
      actor: { id: null, name: 'тест' },
    });
    const councilCampaign = (
      await (await client.get(`/council/${councilId}/campaigns/${campaignId}`, people.chair.cookie)).text()
    ).replace(/<!-- -->/g, '');
    expect(councilCampaign).toContain(
      'На странице кампании отмечено получение отчёта оператора 02.11.2026 (письмо оператора № 7).',
    );
    expect(councilCampaign).toContain('value="2026-11-02"');
    expect(councilCampaign).toContain('Дополнительные критерии совета');
    expect(councilCampaign).toContain('Качество питания');
    // Nothing was collected for this campaign: the draft has gaps everywhere.
    const admin = {
      id: '00000000-0000-4000-8000-0000000000aa',
      name: 'Администратор',
      email: 'a@x.ru',
      role: 'admin' as const,
      councilPosition: null,
      territoryId: null,
      organisationId: null,
    };
    const draft = await computeDraft(t.db, campaignId, admin);
    expect(
      (await client.post(page, { intent: 'agenda', kind: 'results', campaignId, title: '' }, people.chair.cookie))
        .status,
    ).toBe(200);
    const html = (await (await client.get(page, people.chair.cookie)).text()).replace(/<!-- -->/g, '');
    expect(html).toContain(`Перед голосованием: в версии результатов № ${draft.version} не хватает данных.`);
    expect(html).toContain('нет итогового балла: не хватает данных');
    expect(html).toContain('Голос «за» по этому вопросу означает, что совет видел эти пробелы');
    expect(html).toContain(
      'Дополнительные критерии совета (решение № 2/1 от 10.11.2026): Качество питания; Освещение территории.',
    );
    expect(html).toContain('в итоговый балл по методике они не входят');

    const results = (await getMeetingFull(t.db, councilId, meetingId))!.items[1]!;
    const vote = await client.post(
      page,
      {
        intent: 'item',
        itemId: results.id,
        heard: 'Оператора',
        spoke: '',
        decided: 'Утвердить результаты',
        votesFor: '3',
        votesAgainst: '0',
        votesAbstained: '0',
      },
      people.chair.cookie,
    );
    expect(vote.status).toBe(200);
    expect((await getVersion(t.db, draft.id))!.status).toBe('approved');
    const after = (await (await client.get(page, people.chair.cookie)).text()).replace(/<!-- -->/g, '');
    expect(after).toContain(`Версия результатов № ${draft.version} утверждена с неполными данными:`);

    // The campaign takes the criteria: its staff page at once, its public page once the protocol is published.
    const staff = (await (await client.get(`/campaigns/${campaignId}`, people.authority.cookie)).text()).replace(
      /<!-- -->/g,
      '',
    );
    expect(staff).toContain('Дополнительные критерии совета');
    expect(staff).toContain('<li>Освещение территории</li>');
    expect(staff).toContain('В итоговый балл по методике они не входят');
    const hidden = await (await client.get(`/c/${campaignId}`)).text();
    expect(hidden).not.toContain('Дополнительные критерии совета');
    expect((await client.post(page, { intent: 'publish' }, people.chair.cookie)).status).toBe(200);
    const pub = (await (await client.get(`/c/${campaignId}`)).text()).replace(/<!-- -->/g, '');
    expect(pub).toContain('Дополнительные критерии совета');
    expect(pub).toContain(`href="/sovet/${councilId}/protokol/${meetingId}"`);
    expect(pub).toContain('<li>Качество питания</li>');
  });
});
