// The council of the demo municipality: seven members, two meetings of the finished campaign's year (spring:
// terms of reference and additional criteria; autumn: the operator's report, the results decision that
// locks the version, adopted proposals), both legal clocks closed by the authority's measures, two
// information meetings; for the running campaign, the documented receipt of the operator's report.
import { count, eq } from 'drizzle-orm';
import type { Db } from '../db/index.server';
import type { Actor } from '../db/audit.server';
import { checklistAnswers } from '../db/schema/checklists';
import { campaignOrganisations, campaigns, organisations } from '../db/schema/registry';
import type { SessionUser } from '../auth/policy';
import { closeCampaign } from '../campaigns/campaigns.server';
import { requireMethodology } from '../methodology/registry';
import { computeDraft, publishVersion } from '../results/versions.server';
import { addMember, createCouncil, listMembers } from './council.server';
import { recordAuthorityReceived, recordDecisionSent, recordMeasures, recordReportReceived } from './clock.server';
import { addInfoMeeting } from './info-meetings.server';
import { addAgendaItem, createMeeting, publishMeeting, recordItem, setAttendance } from './meetings.server';
import { draftFromVersion } from './proposals.server';

const people: [string, 'chair' | 'deputy' | 'secretary' | 'member', string][] = [
  ['Соколова Анна Викторовна', 'chair', 'Общественная палата г. Примерска'],
  ['Морозов Игорь Павлович', 'deputy', 'городской совет ветеранов'],
  ['Лебедева Наталья Сергеевна', 'secretary', 'родительская общественность'],
  ['Волков Дмитрий Андреевич', 'member', 'региональное отделение Всероссийского общества инвалидов'],
  ['Новикова Елена Игоревна', 'member', 'родительская общественность'],
  ['Фёдоров Константин Олегович', 'member', 'местное отделение Российского союза молодёжи'],
  ['Алексеева Татьяна Михайловна', 'member', 'общественная организация «Примерские семьи»'],
];

/** Deterministic pseudo-random numbers: the same demo every time. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Experts' answers for the finished campaign, unless the checklists room's demo already wrote them. */
async function seedChecklists(db: Db, campaignId: string): Promise<void> {
  const [existing] = await db.select({ n: count() }).from(checklistAnswers).where(eq(checklistAnswers.campaignId, campaignId));
  if ((existing?.n ?? 0) > 0) return;
  const m = requireMethodology('edu-2019');
  const rnd = prng(2024);
  const orgs = await db.select({ id: campaignOrganisations.organisationId }).from(campaignOrganisations).where(eq(campaignOrganisations.campaignId, campaignId));
  const rows: (typeof checklistAnswers.$inferInsert)[] = [];
  for (const { id } of orgs) {
    const [org] = await db.select({ type: organisations.type }).from(organisations).where(eq(organisations.id, id));
    const type = org?.type ?? 'school';
    const quality = 0.8 + rnd() * 0.18;
    const add = (checklist: string, itemId: string, yes: boolean) => rows.push({ campaignId, organisationId: id, checklist, itemId, answer: yes ? 'yes' : 'no', note: yes ? null : 'не обнаружено при посещении', recordedByName: 'Эксперт оператора (демо)' });
    for (const channel of ['stand', 'site'] as const) for (const item of m.informationItems.lists[type]![channel]) add(`1.1-${channel}`, item.id, rnd() < quality);
    for (const c of m.checklists) for (const item of c.items) add(c.id, item.id, rnd() < (c.id.startsWith('3.') ? quality - 0.35 : quality));
  }
  for (let i = 0; i < rows.length; i += 1000) await db.insert(checklistAnswers).values(rows.slice(i, i + 1000));
}

export async function seedCouncilDemo(db: Db, args: { municipalityId: string; pastCampaignId: string; currentCampaignId: string; currentReportOn: string | null }): Promise<{ councilId: string }> {
  const actor: Actor = { id: null, name: 'демонстрационные данные (npm run demo)' };
  const demoAdmin: SessionUser = { id: '00000000-0000-4000-8000-000000000001', name: actor.name!, email: 'demo@localhost', role: 'admin', councilPosition: null, territoryId: null, organisationId: null };
  const [past] = await db.select().from(campaigns).where(eq(campaigns.id, args.pastCampaignId));
  const y = past!.year;
  const council = await createCouncil(db, args.municipalityId, { name: 'Общественный совет по проведению независимой оценки качества условий осуществления образовательной деятельности г. Примерска', quorumRule: 'more_than_half', tieRule: 'presiding_decides', absenteeVoting: true, proposalThreshold: 90 }, actor);
  for (const [i, [name, role, represents]] of people.entries()) {
    await addMember(db, council.id, { name, role, represents, termFrom: `${y}-01-15`, termTo: `${y + 6}-01-14`, eligibilityDeclaredOn: `${y}-01-20`, email: i < 5 ? `member${i + 1}@primersk-sovet.example` : null }, actor);
  }
  const members = await listMembers(db, council.id);
  const byRole = (r: string) => members.find((m) => m.role === r)!.id;
  const opts = { presidingMemberId: byRole('chair'), secretaryMemberId: byRole('secretary') };

  // Spring: terms of reference and additional criteria.
  const spring = await createMeeting(db, council.id, { heldOn: `${y}-02-27`, place: 'г. Примерск, ул. Ленина, 1, малый зал администрации', format: 'in_person', ...opts }, actor);
  await setAttendance(db, council.id, spring.id, { presentIds: members.slice(0, 6).map((m) => m.id), invitees: [{ name: 'Кравцова Л. А.', post: 'начальник управления образования' }] }, actor);
  const tor = await addAgendaItem(db, council.id, spring.id, { kind: 'tor', title: '', campaignId: past!.id }, actor);
  await recordItem(db, council.id, spring.id, tor.id, {
    heard: 'Лебедеву Н. С., секретаря совета, о проекте предложений в техническое задание организации-оператору.',
    spoke: 'Волков Д. А. предложил проверить доступность входных групп при посещении каждой организации.',
    decided: 'Направить в управление образования предложения совета в техническое задание организации-оператору.',
    votes: { for: 6, against: 0, abstained: 0 },
    presidingVote: null,
    decidedOn: null,
    points: [
      'Посетить каждую организацию перечня и сфотографировать стенды и входные группы',
      'Опросить не менее 40 % получателей услуг, но не более 600 человек в организации',
      'Проверить раздел «Сведения об образовательной организации» на официальных сайтах в одну дату',
      'Представить совету проект предложений по каждой организации вместе с отчётом',
    ].join('\n'),
  }, actor);
  const crit = await addAgendaItem(db, council.id, spring.id, { kind: 'criteria', title: '', campaignId: past!.id }, actor);
  await recordItem(db, council.id, spring.id, crit.id, {
    heard: 'Морозова И. П. о дополнительных критериях оценки.',
    spoke: '',
    decided: 'Дополнительные критерии в этом году не устанавливать; учитывать отзывы получателей услуг на bus.gov.ru как справочные сведения.',
    votes: { for: 5, against: 1, abstained: 0 },
    presidingVote: null,
    decidedOn: null,
    points: 'Отзывы получателей услуг на bus.gov.ru (справочно, без баллов)',
  }, actor);
  await publishMeeting(db, council.id, spring.id, actor);

  // Autumn: the operator's report, results and proposals.
  await recordReportReceived(db, past!.id, { date: `${y}-09-15`, coveringDocument: `письмо управления образования № 01-12/845 от 14.09.${y} с актом приёмки отчёта` }, actor);
  await seedChecklists(db, past!.id);
  const draft = await computeDraft(db, past!.id, demoAdmin, { now: new Date(`${y}-10-01T09:00:00Z`) });
  await draftFromVersion(db, past!.id, draft.id, council.proposalThreshold, actor);
  const autumn = await createMeeting(db, council.id, { heldOn: `${y}-10-10`, place: 'видеосвязь (ссылка разослана членам совета)', format: 'video', ...opts }, actor);
  await setAttendance(db, council.id, autumn.id, { presentIds: members.slice(0, 5).map((m) => m.id), invitees: [{ name: 'Гусев А. В.', post: 'руководитель группы экспертов оператора' }] }, actor);
  const results = await addAgendaItem(db, council.id, autumn.id, { kind: 'results', title: '', campaignId: past!.id }, actor);
  await recordItem(db, council.id, autumn.id, results.id, {
    heard: 'Гусева А. В. об итогах независимой оценки и аналитическом отчёте оператора.',
    spoke: 'Соколова А. В. предложила направить учредителю предложения о финансировании пандусов.',
    decided: 'Утвердить результаты независимой оценки качества условий.\nПринять предложения об улучшении деятельности организаций и направить их в управление образования.',
    votes: { for: 5, against: 0, abstained: 0 },
    presidingVote: null,
    decidedOn: null,
    points: null,
  }, actor);
  await publishMeeting(db, council.id, autumn.id, actor);
  await publishVersion(db, draft.id, demoAdmin, new Date(`${y}-10-20T09:00:00Z`));
  await recordDecisionSent(db, past!.id, `${y}-10-11`, actor);
  await recordAuthorityReceived(db, past!.id, `${y}-10-12`, actor);
  await recordMeasures(db, past!.id, { actNumber: `345-р`, actDate: `${y}-11-05`, text: 'Поручить руководителям организаций разработать планы по устранению недостатков в течение месяца; учесть предложения совета о финансировании мероприятий по доступности при формировании бюджета.', passedOn: `${y}-11-10` }, actor);
  await closeCampaign(db, past!.id, actor);

  await addInfoMeeting(db, args.municipalityId, { heldOn: `${y}-03-15`, topic: 'Порядок независимой оценки и опроса получателей услуг', attendees: 'руководители организаций перечня', materials: 'презентация управления образования', record: 'Разъяснены сроки и порядок размещения ссылки на анкету.' }, actor);
  await addInfoMeeting(db, args.municipalityId, { heldOn: `${y}-11-20`, topic: 'Итоги оценки и разработка планов по устранению недостатков', attendees: 'руководители организаций перечня, представители учредителя', materials: 'результаты оценки, предложения совета', record: 'Обсуждены типовые мероприятия по доступности для инвалидов.' }, actor);

  if (args.currentReportOn) {
    await recordReportReceived(db, args.currentCampaignId, { date: args.currentReportOn, coveringDocument: 'письмо управления образования с актом приёмки отчёта оператора' }, actor);
  }
  return { councilId: council.id };
}

