// The council of the demo municipality (npm run demo), in the order its year happens: seven members; meeting 1
// in February (the list of organisations, terms-of-reference proposals, additional criteria for the campaign);
// meeting 2 in October (the operator's report and results: the vote approves, i.e. locks, the computed
// version and adopts the proposals); then the authority's clock and its measures, and two information
// meetings. The campaigns demo (src/campaigns/demo.server.ts) calls these steps between the other rooms'
// so that every date follows the one before it; all of it goes through the room's own functions.
import type { Db } from '../db/index.server';
import type { Actor } from '../db/audit.server';
import { addMember, createCouncil, listMembers, type Council, type Member } from './council.server';
import { recordAuthorityReceived, recordDecisionSent, recordMeasures, recordReportReceived } from './clock.server';
import { addInfoMeeting } from './info-meetings.server';
import { addAgendaItem, createMeeting, publishMeeting, recordItem, setAttendance } from './meetings.server';
import { draftFromVersion } from './proposals.server';

// The chair and the secretary bear the names of the demo's council accounts (cli/demo.ts).
const people: [string, 'chair' | 'deputy' | 'secretary' | 'member', string][] = [
  ['Громов Павел Андреевич', 'chair', 'Общественная палата г. Примерска'],
  ['Морозов Игорь Павлович', 'deputy', 'городской совет ветеранов'],
  ['Белова Анна Игоревна', 'secretary', 'родительская общественность'],
  ['Волков Дмитрий Андреевич', 'member', 'региональное отделение Всероссийского общества инвалидов'],
  ['Новикова Елена Игоревна', 'member', 'родительская общественность'],
  ['Фёдоров Константин Олегович', 'member', 'местное отделение Российского союза молодёжи'],
  ['Алексеева Татьяна Михайловна', 'member', 'общественная организация «Примерские семьи»'],
];

/** The additional criteria the demo council sets at its first meeting (decision 0074: shown and reported apart). */
export const DEMO_ADDITIONAL_CRITERIA = [
  'Безопасность территории: ограждение, освещение и видеонаблюдение у входа',
  'Удовлетворённость получателей услуг организацией питания',
];

export type DemoCouncil = {
  council: Council;
  members: Member[];
  opts: { presidingMemberId: string; secretaryMemberId: string };
};

const noVotes = { presidingVote: null, decidedOn: null, points: null } as const;

/** The council and its members, appointed in January of the campaign's year. */
export async function seedDemoCouncil(db: Db, municipalityId: string, y: number, actor: Actor): Promise<DemoCouncil> {
  const council = await createCouncil(
    db,
    municipalityId,
    {
      name: 'Общественный совет по проведению независимой оценки качества условий осуществления образовательной деятельности г. Примерска',
      quorumRule: 'more_than_half',
      tieRule: 'presiding_decides',
      absenteeVoting: true,
      proposalThreshold: 90,
    },
    actor,
  );
  for (const [i, [name, role, represents]] of people.entries()) {
    await addMember(
      db,
      council.id,
      {
        name,
        role,
        represents,
        termFrom: `${y}-01-15`,
        termTo: `${y + 6}-01-14`,
        eligibilityDeclaredOn: `${y}-01-20`,
        email: i < 5 ? `member${i + 1}@primersk-sovet.example` : null,
      },
      actor,
    );
  }
  const members = await listMembers(db, council.id);
  const byRole = (r: string) => members.find((m) => m.role === r)!.id;
  return { council, members, opts: { presidingMemberId: byRole('chair'), secretaryMemberId: byRole('secretary') } };
}

/** Meeting 1: the list (the campaign's organisations must be set), the terms of reference, additional criteria. */
export async function seedDemoFirstMeeting(
  db: Db,
  c: DemoCouncil,
  campaignId: string,
  heldOn: string,
  actor: Actor,
): Promise<void> {
  const { council, members, opts } = c;
  const m = await createMeeting(
    db,
    council.id,
    { heldOn, place: 'г. Примерск, ул. Ленина, 1, малый зал администрации', format: 'in_person', ...opts },
    actor,
  );
  await setAttendance(
    db,
    council.id,
    m.id,
    {
      presentIds: members.slice(0, 6).map((x) => x.id),
      invitees: [{ name: 'Кравцова Л. А.', post: 'начальник управления образования' }],
    },
    actor,
  );
  const list = await addAgendaItem(db, council.id, m.id, { kind: 'list', title: '', campaignId }, actor);
  await recordItem(
    db,
    council.id,
    m.id,
    list.id,
    {
      ...noVotes,
      heard:
        'Кравцову Л. А., начальника управления образования, о перечне организаций, в отношении которых в этом году проводится независимая оценка.',
      spoke: 'Новикова Е. И. предложила включить все организации города: прошлая оценка проводилась три года назад.',
      decided: 'Утвердить перечень организаций для проведения независимой оценки качества условий (30 организаций).',
      votes: { for: 6, against: 0, abstained: 0 },
    },
    actor,
  );
  const tor = await addAgendaItem(db, council.id, m.id, { kind: 'tor', title: '', campaignId }, actor);
  await recordItem(
    db,
    council.id,
    m.id,
    tor.id,
    {
      ...noVotes,
      heard: 'Белову А. И., секретаря совета, о проекте предложений в техническое задание организации-оператору.',
      spoke: 'Волков Д. А. предложил проверить доступность входных групп при посещении каждой организации.',
      decided: 'Направить в управление образования предложения совета в техническое задание организации-оператору.',
      votes: { for: 6, against: 0, abstained: 0 },
      points: [
        'Посетить каждую организацию перечня и сфотографировать стенды и входные группы',
        'Опросить не менее 40 % получателей услуг, но не более 600 человек в организации',
        'Проверить раздел «Сведения об образовательной организации» на официальных сайтах в одну дату',
        'Собрать сведения по дополнительным критериям совета и представить их в отчёте отдельным разделом',
        'Представить совету проект предложений по каждой организации вместе с отчётом',
      ].join('\n'),
    },
    actor,
  );
  const crit = await addAgendaItem(db, council.id, m.id, { kind: 'criteria', title: '', campaignId }, actor);
  await recordItem(
    db,
    council.id,
    m.id,
    crit.id,
    {
      ...noVotes,
      heard: 'Морозова И. П. о дополнительных критериях оценки по обращениям родителей.',
      spoke: 'Алексеева Т. М. напомнила, что дополнительные критерии не меняют итоговый балл по федеральной методике.',
      decided:
        'Установить дополнительные критерии оценки; сведения по ним оператор представляет отдельно, в итоговый балл они не входят.',
      votes: { for: 5, against: 1, abstained: 0 },
      points: DEMO_ADDITIONAL_CRITERIA.join('\n'),
    },
    actor,
  );
  await publishMeeting(db, council.id, m.id, actor);
}

/** The accepted operator's report reaches the council with its covering letter: the council's month starts. */
export async function seedDemoReportReceived(db: Db, campaignId: string, date: string, actor: Actor): Promise<void> {
  const [y, mo, d] = date.split('-');
  await recordReportReceived(
    db,
    campaignId,
    {
      date,
      coveringDocument: `письмо управления образования № 01-12/845 от ${d}.${mo}.${y} с актом приёмки отчёта оператора`,
    },
    actor,
  );
}

/**
 * Meeting 2: the proposals drafted from the computed version, then the vote on the operator's report and
 * results — the council's decision approves (locks) that version and adopts the proposals.
 */
export async function seedDemoResultsMeeting(
  db: Db,
  c: DemoCouncil,
  campaignId: string,
  versionId: string,
  heldOn: string,
  actor: Actor,
): Promise<void> {
  const { council, members, opts } = c;
  await draftFromVersion(db, campaignId, versionId, council.proposalThreshold, actor);
  const m = await createMeeting(
    db,
    council.id,
    { heldOn, place: 'видеосвязь (ссылка разослана членам совета)', format: 'video', ...opts },
    actor,
  );
  await setAttendance(
    db,
    council.id,
    m.id,
    {
      presentIds: members.slice(0, 5).map((x) => x.id),
      invitees: [{ name: 'Гусев А. В.', post: 'руководитель группы экспертов оператора' }],
    },
    actor,
  );
  const results = await addAgendaItem(db, council.id, m.id, { kind: 'results', title: '', campaignId }, actor);
  await recordItem(
    db,
    council.id,
    m.id,
    results.id,
    {
      ...noVotes,
      heard:
        'Гусева А. В. об итогах независимой оценки и аналитическом отчёте оператора, в том числе о двух детских садах с выборкой опроса меньше требуемой.',
      spoke: 'Громов П. А. предложил направить учредителю предложения о финансировании пандусов.',
      decided:
        'Утвердить результаты независимой оценки качества условий; неполноту выборки в двух организациях принять к сведению.\nПринять предложения об улучшении деятельности организаций и направить их в управление образования.',
      votes: { for: 5, against: 0, abstained: 0 },
    },
    actor,
  );
  await publishMeeting(db, council.id, m.id, actor);
}

/** The council's decision goes to the authority, which takes its measures within its month. */
export async function seedDemoAuthority(
  db: Db,
  municipalityId: string,
  campaignId: string,
  y: number,
  actor: Actor,
): Promise<void> {
  await recordDecisionSent(db, campaignId, `${y}-10-11`, actor);
  await recordAuthorityReceived(db, campaignId, `${y}-10-12`, actor);
  await recordMeasures(
    db,
    campaignId,
    {
      actNumber: '345-р',
      actDate: `${y}-11-05`,
      text: 'Поручить руководителям организаций разработать планы по устранению недостатков в течение месяца; учесть предложения совета о финансировании мероприятий по доступности при формировании бюджета.',
      passedOn: `${y}-11-10`,
    },
    actor,
  );
  await addInfoMeeting(
    db,
    municipalityId,
    {
      heldOn: `${y}-03-15`,
      topic: 'Порядок независимой оценки и опроса получателей услуг',
      attendees: 'руководители организаций перечня',
      materials: 'презентация управления образования',
      record: 'Разъяснены сроки и порядок размещения ссылки на анкету.',
    },
    actor,
  );
  await addInfoMeeting(
    db,
    municipalityId,
    {
      heldOn: `${y}-11-20`,
      topic: 'Итоги оценки и разработка планов по устранению недостатков',
      attendees: 'руководители организаций перечня, представители учредителя',
      materials: 'результаты оценки, предложения совета',
      record: 'Обсуждены типовые мероприятия по доступности для инвалидов.',
    },
    actor,
  );
}
