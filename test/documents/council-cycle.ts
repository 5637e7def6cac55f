// A council cycle on the demo's current campaign, through the council room's own functions: a council of
// five, one meeting with the terms of reference and the results on its agenda, proposals drafted from the
// version and adopted with it, the version then published (the demo's council decides the past campaign only).
import type { SessionUser } from '../../src/auth/policy';
import { addMember, councilOfTerritory, createCouncil, inOffice, listMembers } from '../../src/council/council.server';
import { addAgendaItem, createMeeting, recordItem, setAttendance } from '../../src/council/meetings.server';
import { draftFromVersion } from '../../src/council/proposals.server';
import type { Db } from '../../src/db/index.server';
import { computeDraft, publishVersion } from '../../src/results/versions.server';

export async function seedCouncilCycle(
  db: Db,
  municipalityId: string,
  campaignId: string,
  heldOn: string,
): Promise<{ councilId: string; meetingId: string; versionId: string }> {
  const actor = { id: null, name: 'тест документов' };
  const admin: SessionUser = {
    id: '00000000-0000-4000-8000-000000000002',
    name: actor.name,
    email: 'docs@localhost',
    role: 'admin',
    councilPosition: null,
    territoryId: null,
    organisationId: null,
  };
  // The demo's territory may already have its council (the demo seeds one); otherwise one of five.
  let council = await councilOfTerritory(db, municipalityId);
  if (!council) {
    council = await createCouncil(
      db,
      municipalityId,
      {
        name: 'Общественный совет по независимой оценке качества г. Примерска',
        quorumRule: 'more_than_half',
        tieRule: 'presiding_decides',
        absenteeVoting: false,
        proposalThreshold: 90,
      },
      actor,
    );
    const people: [string, 'chair' | 'secretary' | 'member'][] = [
      ['Соколова Анна Викторовна', 'chair'],
      ['Лебедева Наталья Сергеевна', 'secretary'],
      ['Волков Дмитрий Андреевич', 'member'],
      ['Новикова Елена Игоревна', 'member'],
      ['Фёдоров Константин Олегович', 'member'],
    ];
    for (const [name, role] of people)
      await addMember(
        db,
        council.id,
        {
          name,
          role,
          represents: 'родительская общественность',
          termFrom: '2020-01-15',
          termTo: '2030-01-14',
          eligibilityDeclaredOn: '2020-01-20',
          email: null,
        },
        actor,
      );
  }
  const members = inOffice(await listMembers(db, council.id), heldOn);
  const present = members.slice(0, members.length - 1);
  const draft = await computeDraft(db, campaignId, admin);
  await draftFromVersion(db, campaignId, draft.id, 90, actor);
  const meeting = await createMeeting(
    db,
    council.id,
    {
      heldOn,
      place: 'г. Примерск, ул. Ленина, 1',
      format: 'in_person',
      presidingMemberId: present.find((m) => m.role === 'chair')!.id,
      secretaryMemberId: present.find((m) => m.role === 'secretary')!.id,
    },
    actor,
  );
  await setAttendance(
    db,
    council.id,
    meeting.id,
    {
      presentIds: present.map((m) => m.id),
      invitees: [{ name: 'Гусев А. В.', post: 'руководитель группы экспертов оператора' }],
    },
    actor,
  );
  const tor = await addAgendaItem(db, council.id, meeting.id, { kind: 'tor', title: '', campaignId }, actor);
  await recordItem(
    db,
    council.id,
    meeting.id,
    tor.id,
    {
      heard: 'Лебедеву Н. С. о предложениях в техническое задание.',
      spoke: '',
      decided: 'Направить предложения в техническое задание оператору.',
      votes: { for: present.length, against: 0, abstained: 0 },
      presidingVote: null,
      decidedOn: null,
      points: 'Посетить каждую организацию перечня\nОпросить не менее 40 % получателей услуг',
    },
    actor,
  );
  const results = await addAgendaItem(db, council.id, meeting.id, { kind: 'results', title: '', campaignId }, actor);
  await recordItem(
    db,
    council.id,
    meeting.id,
    results.id,
    {
      heard: 'Гусева А. В. об итогах независимой оценки.',
      spoke: 'Волков Д. А. о доступности входных групп.',
      decided:
        'Утвердить результаты независимой оценки качества условий.\nПринять предложения об улучшении деятельности организаций.',
      votes: { for: present.length - 1, against: 1, abstained: 0 },
      presidingVote: null,
      decidedOn: null,
      points: null,
    },
    actor,
  );
  await publishVersion(db, draft.id, admin, new Date(), { confirmGaps: true });
  return { councilId: council.id, meetingId: meeting.id, versionId: draft.id };
}
