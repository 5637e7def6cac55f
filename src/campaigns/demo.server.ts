import { randomBytes } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/index.server';
import type { Actor } from '../db/audit.server';
import { campaigns, organisations, territories, type OrganisationType } from '../db/schema/registry';
import { createTerritory, saveOrganisationInTx } from '../registry/organisations.server';
import { type OrganisationInput } from '../registry/fields';
import { seedPlansDemo } from '../plans/demo.server';
import { innWithCheckDigit, ogrnWithCheckDigit } from '../registry/validation';
import { recordCouncilDecision } from '../council/list-decision.server';
import { updateStep } from './calendar.server';
import { closeCampaign, createCampaign, listSteps, updateCampaign } from './campaigns.server';
import { recordCampaignEvent } from './events.server';
import { setCampaignOrganisations } from './organisation-list.server';
import {
  seedDemoAuthority,
  seedDemoCouncil,
  seedDemoFirstMeeting,
  seedDemoReportReceived,
  seedDemoResultsMeeting,
} from '../council/demo.server';
import type { SessionUser } from '../auth/policy';
import { seedDemoChecklists } from '../checklists/demo.server';
import { seedDemoResults, type DemoPeople } from '../results/demo.server';
import { seedDemoSiteAudits } from '../site-audit/demo.server';
import { seedDemoSurvey } from '../survey/demo.server';
import { ensureSurveyLinks } from '../survey/links.server';
import { demoRandom, type DemoOrganisation } from './demo-random';
import { addMonths, todayIso } from './dates';
import { seedVoiceDemo } from '../voice/demo.server';
import { ruDate } from '../lib/ru';

export const DEMO_REGION = 'Демонстрационная область';
export const DEMO_MUNICIPALITY = 'Город Примерск (демо)';

const names: Record<OrganisationType, [string, string][]> = {
  preschool: Array.from({ length: 12 }, (_, i) => [
    `Муниципальное бюджетное дошкольное образовательное учреждение «Детский сад № ${i + 1}${['', ' «Солнышко»', ' «Ромашка»', ' «Берёзка»'][i % 4]}»`,
    `МБДОУ д/с № ${i + 1}`,
  ]),
  school: Array.from({ length: 10 }, (_, i) => [
    i === 0
      ? 'Муниципальное автономное общеобразовательное учреждение «Гимназия № 1»'
      : `Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № ${i + 1}»`,
    i === 0 ? 'МАОУ Гимназия № 1' : `МБОУ СОШ № ${i + 1}`,
  ]),
  college: [
    [
      'Государственное бюджетное профессиональное образовательное учреждение «Примерский политехнический колледж»',
      'ГБПОУ ППК',
    ],
    [
      'Государственное бюджетное профессиональное образовательное учреждение «Примерский педагогический колледж»',
      'ГБПОУ Пед. колледж',
    ],
    [
      'Государственное автономное профессиональное образовательное учреждение «Примерский техникум сервиса»',
      'ГАПОУ ПТС',
    ],
  ],
  additional: [
    ['Муниципальное бюджетное учреждение дополнительного образования «Дом детского творчества»', 'МБУ ДО ДДТ'],
    ['Муниципальное бюджетное учреждение дополнительного образования «Детская школа искусств № 1»', 'МБУ ДО ДШИ № 1'],
    ['Муниципальное бюджетное учреждение дополнительного образования «Станция юных техников»', 'МБУ ДО СЮТ'],
    [
      'Муниципальное бюджетное учреждение дополнительного образования «Детско-юношеская спортивная школа»',
      'МБУ ДО ДЮСШ',
    ],
    ['Муниципальное автономное учреждение дополнительного образования «Центр «Кванториум»', 'МАУ ДО Кванториум'],
  ],
};

const recipients: Record<OrganisationType, number> = { preschool: 180, school: 720, college: 950, additional: 1400 };

export type DemoResult = {
  municipalityId: string;
  organisations: number;
  currentCampaignId: string;
  pastCampaignId: string;
  created: boolean;
};

// ------------------------------------------------------------- one function per room
// The demo grows with the rooms: each room seeds its own part of a campaign (registry and campaigns here,
// then council, survey, checklists, site audit, results, plans and reviews), called in the order of the year.

async function demoOrganisations(db: Db, municipalityId: string): Promise<DemoOrganisation[]> {
  const rows = await db
    .select()
    .from(organisations)
    .where(eq(organisations.territoryId, municipalityId))
    .orderBy(asc(organisations.inn));
  const rnd = demoRandom(2024);
  // Quality spreads the organisations over the bands; the gymnasium is among the best.
  return rows.map((o) => ({
    id: o.id,
    type: o.type,
    shortName: o.shortName,
    recipients: o.recipients ?? 200,
    website: o.website,
    quality: o.shortName === 'МАОУ Гимназия № 1' ? 0.93 : 0.55 + rnd() * 0.4,
  }));
}

function demoPeople(municipalityId: string): DemoPeople {
  const person = (
    role: SessionUser['role'],
    name: string,
    councilPosition: SessionUser['councilPosition'] = null,
  ): SessionUser => ({
    id: 'demo',
    name,
    email: 'demo@demo.noko',
    role,
    councilPosition,
    territoryId: municipalityId,
    organisationId: null,
  });
  return {
    operator: person('operator', 'Соколов Дмитрий Олегович'),
    chair: person('council', 'Громов Павел Андреевич', 'chair'),
    authority: person('authority', 'Орлова Елена Сергеевна'),
  };
}

/**
 * The campaign three years ago: every organisation assessed, data collected, results published, closed. The
 * council's two meetings carry its decisions (the list, the terms of reference and additional criteria; the
 * results and proposals) and the authority's measures end both clocks.
 */
async function seedPastCampaign(
  db: Db,
  dataDir: string,
  territoryId: string,
  y: number,
  orgs: DemoOrganisation[],
  people: DemoPeople,
  actor: Actor,
): Promise<string> {
  const past = await createCampaign(
    db,
    {
      territoryId,
      year: y,
      title: `НОК УООД ${y}`,
      methodologyId: 'edu-2019',
      policies: {},
      operatorName: 'ООО «Центр социологических исследований»',
      operatorContract: `№ 12-К от 01.03.${y}`,
    },
    actor,
    `${y}-01-15`,
  );
  const council = await seedDemoCouncil(db, territoryId, y, actor);
  await setCampaignOrganisations(
    db,
    past.id,
    orgs.map((o) => ({ organisationId: o.id })),
    actor,
  );
  await seedDemoFirstMeeting(db, council, past.id, `${y}-02-20`, actor);
  await recordCampaignEvent(db, {
    campaignId: past.id,
    kind: 'list_published',
    occurredOn: `${y}-03-01`,
    document: 'приказ управления образования № 45',
    actor,
  });
  await updateCampaign(db, past.id, { surveyOpensOn: `${y}-04-01`, surveyClosesOn: `${y}-08-31` }, actor);
  for (const s of await listSteps(db, past.id)) {
    if (s.key === 'data_collection' || s.key === 'improvement_plans') {
      await updateStep(db, {
        campaignId: past.id,
        stepId: s.id,
        status: 'done',
        doneOn: s.key === 'data_collection' ? `${y}-08-31` : `${y}-12-25`,
        actor,
      });
    }
  }
  // Nearly everyone answered the full sample; two small kindergartens fell short.
  await seedDemoSurvey(db, orgs, {
    campaignId: past.id,
    seed: y,
    from: new Date(`${y}-04-01T06:00:00Z`),
    to: new Date(`${y}-08-31T18:00:00Z`),
    share: (o, i) => (o.type === 'preschool' && i % 5 === 3 ? 0.6 : 1 + (i % 3) * 0.05),
  });
  await seedDemoChecklists(db, orgs, {
    campaignId: past.id,
    lists: () => 'all',
    expert: 'Соколов Дмитрий Олегович (оператор)',
    recordedAt: new Date(`${y}-06-15T10:00:00Z`),
    seed: y + 1,
  });
  await seedDemoSiteAudits(db, orgs, {
    campaignId: past.id,
    date: `${y}-05-20`,
    finishedAt: new Date(`${y}-05-20T10:00:00Z`),
    seed: y + 2,
    actor,
  });
  await seedDemoReportReceived(db, past.id, `${y}-09-15`, actor);
  // The council's vote at its second meeting is what approves (locks) the computed version.
  await seedDemoResults(db, past.id, people, { computed: `${y}-09-20`, published: `${y}-10-20` }, (draft) =>
    seedDemoResultsMeeting(db, council, past.id, draft.id, `${y}-10-10`, actor),
  );
  await seedDemoAuthority(db, territoryId, past.id, y, actor);
  await closeCampaign(db, past.id, actor);
  return past.id;
}

/**
 * This year's campaign, mid-collection: the council approved the list (the organisations due since the
 * last assessment, plus a re-assessment with a reason, a few due ones left out), the survey is open and
 * about half-way, the experts have filled some checklists, nothing is scored yet.
 */
async function seedCurrentCampaign(
  db: Db,
  dataDir: string,
  territoryId: string,
  t: { year: number; decision: string; today: string; now: Date },
  orgs: DemoOrganisation[],
  ids: { id: string; type: OrganisationType }[],
  actor: Actor,
): Promise<string> {
  const { year, decision, today } = t;
  const current = await createCampaign(
    db,
    {
      territoryId,
      year,
      title: `НОК УООД ${year}`,
      methodologyId: 'edu-2019',
      policies: {},
      operatorName: 'АНО «Институт оценки качества образования»',
      operatorContract: `№ 7-НОК от ${ruDate(decision)}`,
    },
    actor,
    decision,
  );
  await recordCouncilDecision(db, {
    campaignId: current.id,
    number: `1-ОС/${year}`,
    date: decision,
    document: { fileName: `Решение совета 1-ОС-${year}.pdf`, bytes: demoPdf() },
    dataDir,
    actor,
  });
  const even = ids.filter((_, i) => i % 2 === 0);
  const list = [
    ...even.slice(0, 12).map((o) => ({ organisationId: o.id })),
    { organisationId: ids[1]!.id, reason: 'повторная оценка по обращениям родителей' },
  ];
  await setCampaignOrganisations(db, current.id, list, actor);
  await recordCampaignEvent(db, {
    campaignId: current.id,
    kind: 'list_published',
    occurredOn: addDays(decision, 10),
    document: 'размещён на сайте управления образования и на bus.gov.ru',
    actor,
    today,
  });
  const opens = addDays(decision, 20);
  const closes = addMonths(today, 1);
  await updateCampaign(db, current.id, { surveyOpensOn: opens, surveyClosesOn: closes }, actor);
  for (const s of await listSteps(db, current.id)) {
    if (s.key === 'tor')
      await updateStep(db, { campaignId: current.id, stepId: s.id, status: 'done', doneOn: decision, actor, today });
    else if (s.key === 'data_collection')
      await updateStep(db, {
        campaignId: current.id,
        stepId: s.id,
        status: 'planned',
        plannedOn: closes,
        actor,
        today,
      });
    else if (s.key === 'operator_report')
      await updateStep(db, {
        campaignId: current.id,
        stepId: s.id,
        status: 'planned',
        plannedOn: addDays(closes, 14),
        actor,
        today,
      });
  }
  await ensureSurveyLinks(db, current.id);
  const listed = new Set(list.map((l) => l.organisationId));
  const inList = orgs.filter((o) => listed.has(o.id));
  await seedDemoSurvey(db, inList, {
    campaignId: current.id,
    seed: year,
    from: new Date(`${opens}T06:00:00Z`),
    to: t.now,
    share: (_o, i) => [0.75, 0.5, 0.3, 0.62, 0.12, 0.45, 0.85, 0.2, 0.55, 0.4, 0.66, 0.05, 0.35][i % 13]!,
  });
  // Experts visited the first five completely, four more for their sites and stands only.
  await seedDemoChecklists(db, inList, {
    campaignId: current.id,
    lists: (_o, i) => (i < 5 ? 'all' : i < 9 ? ['1.1-stand', '1.1-site'] : []),
    expert: 'Соколов Дмитрий Олегович (оператор)',
    recordedAt: new Date(`${addDays(opens, 15)}T10:00:00Z`),
    seed: year + 1,
  });
  return current.id;
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A small, minimal but valid PDF: the demo's "scanned" council decision. */
function demoPdf(): Uint8Array {
  const text = '(Demo: council decision on the list of organisations)';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${`BT /F1 14 Tf 60 780 Td ${text} Tj ET`.length} >>\nstream\nBT /F1 14 Tf 60 780 Td ${text} Tj ET\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

/**
 * The demo municipality: ~30 organisations of all four types, a campaign finished three years ago and one
 * in progress whose first statutory clock is running. Idempotent: a second run finds the demo and returns.
 */
export async function seedDemo(db: Db, dataDir: string, now = new Date()): Promise<DemoResult> {
  const actor: Actor = { id: null, name: 'демонстрационные данные (npm run demo)' };
  const [existing] = await db
    .select()
    .from(territories)
    .where(and(eq(territories.name, DEMO_MUNICIPALITY), eq(territories.kind, 'municipality')));
  if (existing) {
    const camps = await db.select().from(campaigns).where(eq(campaigns.territoryId, existing.id));
    const orgs = await db
      .select({ id: organisations.id })
      .from(organisations)
      .where(eq(organisations.territoryId, existing.id));
    const current = camps.sort((a, b) => b.year - a.year)[0];
    return {
      municipalityId: existing.id,
      organisations: orgs.length,
      currentCampaignId: current?.id ?? '',
      pastCampaignId: camps.at(-1)?.id ?? '',
      created: false,
    };
  }
  const today = todayIso(now);
  const decision = addMonths(today, -5);
  const year = Number(decision.slice(0, 4));
  const pastYear = year - 3;

  const region = await createTerritory(db, { kind: 'region', name: DEMO_REGION, parentId: null, code: '99' }, actor);
  const municipality = await createTerritory(
    db,
    { kind: 'municipality', name: DEMO_MUNICIPALITY, parentId: region.id, code: '99-01' },
    actor,
  );

  // Random digits keep several demo databases (or a real registry) from colliding on ИНН.
  const prefix = `99${String(randomBytes(2).readUInt16BE(0) % 100).padStart(2, '0')}`;
  const ids: { id: string; type: OrganisationType }[] = [];
  await db.transaction(async (tx) => {
    let n = 0;
    for (const type of ['preschool', 'school', 'college', 'additional'] as const) {
      for (const [fullName, shortName] of names[type]) {
        n++;
        const input: OrganisationInput = {
          fullName,
          shortName,
          type,
          inn: innWithCheckDigit(`${prefix}${String(n).padStart(5, '0')}`),
          ogrn: ogrnWithCheckDigit(`1029900${String(n).padStart(5, '0')}`),
          kpp: '990101001',
          address: `г. Примерск, ул. ${['Ленина', 'Советская', 'Мира', 'Школьная', 'Садовая'][n % 5]}, д. ${n + 2}`,
          website: `https://org${n}.primersk-edu.example`,
          headName: [
            'Иванова Мария Петровна',
            'Петров Сергей Иванович',
            'Смирнова Ольга Николаевна',
            'Кузнецов Андрей Викторович',
          ][n % 4]!,
          founder:
            type === 'college'
              ? 'Министерство образования Демонстрационной области'
              : 'Управление образования администрации г. Примерска',
          recipients: recipients[type] + n * 7,
          status: 'active',
          // One kindergarten was assessed by the region eight months before this year's decision.
          lastAssessedOn: n === 2 ? addMonths(decision, -8) : null,
        };
        const r = await saveOrganisationInTx(tx, { territoryId: municipality.id, input, actor, source: 'demo' });
        ids.push({ id: r.organisation.id, type });
      }
    }
  });

  const orgs = await demoOrganisations(db, municipality.id);
  const people = demoPeople(municipality.id);
  const past = await seedPastCampaign(db, dataDir, municipality.id, pastYear, orgs, people, actor);
  const current = await seedCurrentCampaign(
    db,
    dataDir,
    municipality.id,
    { year, decision, today, now },
    orgs,
    ids,
    actor,
  );

  await seedVoiceDemo(db, municipality.id, actor, now);
  // plans room: plans in every state, from the proposals the council adopted at its results meeting.
  await seedPlansDemo(db, dataDir, { municipalityId: municipality.id, pastCampaignId: past, pastYear }, now);

  return {
    municipalityId: municipality.id,
    organisations: ids.length,
    currentCampaignId: current,
    pastCampaignId: past,
    created: true,
  };
}
