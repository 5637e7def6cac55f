import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/index.server';
import type { Actor } from '../db/audit.server';
import { campaignSteps } from '../db/schema/campaigns';
import { campaigns, organisations, territories, type OrganisationType } from '../db/schema/registry';
import { createTerritory, saveOrganisationInTx } from '../registry/organisations.server';
import { type OrganisationInput } from '../registry/fields';
import { seedPlansDemo } from '../plans/demo.server';
import { innWithCheckDigit, ogrnWithCheckDigit } from '../registry/validation';
import { createCampaign, recordCouncilDecision, setCampaignOrganisations, setOperatorReportDate, updateCampaign } from './campaigns.server';
import { addMonths, todayIso } from './dates';
import { seedVoiceDemo } from '../voice/demo.server';

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
    ['Государственное бюджетное профессиональное образовательное учреждение «Примерский политехнический колледж»', 'ГБПОУ ППК'],
    ['Государственное бюджетное профессиональное образовательное учреждение «Примерский педагогический колледж»', 'ГБПОУ Пед. колледж'],
    ['Государственное автономное профессиональное образовательное учреждение «Примерский техникум сервиса»', 'ГАПОУ ПТС'],
  ],
  additional: [
    ['Муниципальное бюджетное учреждение дополнительного образования «Дом детского творчества»', 'МБУ ДО ДДТ'],
    ['Муниципальное бюджетное учреждение дополнительного образования «Детская школа искусств № 1»', 'МБУ ДО ДШИ № 1'],
    ['Муниципальное бюджетное учреждение дополнительного образования «Станция юных техников»', 'МБУ ДО СЮТ'],
    ['Муниципальное бюджетное учреждение дополнительного образования «Детско-юношеская спортивная школа»', 'МБУ ДО ДЮСШ'],
    ['Муниципальное автономное учреждение дополнительного образования «Центр «Кванториум»', 'МАУ ДО Кванториум'],
  ],
};

const recipients: Record<OrganisationType, number> = { preschool: 180, school: 720, college: 950, additional: 1400 };

export type DemoResult = { municipalityId: string; organisations: number; currentCampaignId: string; pastCampaignId: string; created: boolean };

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
  const [existing] = await db.select().from(territories).where(and(eq(territories.name, DEMO_MUNICIPALITY), eq(territories.kind, 'municipality')));
  if (existing) {
    const camps = await db.select().from(campaigns).where(eq(campaigns.territoryId, existing.id));
    const orgs = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.territoryId, existing.id));
    const current = camps.sort((a, b) => b.year - a.year)[0];
    return { municipalityId: existing.id, organisations: orgs.length, currentCampaignId: current?.id ?? '', pastCampaignId: camps.at(-1)?.id ?? '', created: false };
  }
  const today = todayIso(now);
  const decision = addMonths(today, -5);
  const year = Number(decision.slice(0, 4));
  const pastYear = year - 3;

  const region = await createTerritory(db, { kind: 'region', name: DEMO_REGION, parentId: null, code: '99' }, actor);
  const municipality = await createTerritory(db, { kind: 'municipality', name: DEMO_MUNICIPALITY, parentId: region.id, code: '99-01' }, actor);

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
          headName: ['Иванова Мария Петровна', 'Петров Сергей Иванович', 'Смирнова Ольга Николаевна', 'Кузнецов Андрей Викторович'][n % 4]!,
          founder: type === 'college' ? 'Министерство образования Демонстрационной области' : 'Управление образования администрации г. Примерска',
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

  // The finished campaign, three years ago: half of the organisations.
  const past = await createCampaign(db, { territoryId: municipality.id, year: pastYear, title: `НОК УООД ${pastYear}`, methodologyId: 'edu-2019', policies: {}, operatorName: 'ООО «Центр социологических исследований»', operatorContract: `№ 12-К от 01.03.${pastYear}` }, actor);
  await recordCouncilDecision(db, { campaignId: past.id, number: `2-ОС/${pastYear}`, date: `${pastYear}-02-20`, dataDir, actor });
  const pastList = ids.filter((_, i) => i % 2 === 0);
  await setCampaignOrganisations(db, past.id, pastList.map((o) => ({ organisationId: o.id })), actor);
  await setOperatorReportDate(db, past.id, `${pastYear}-09-15`, actor);
  await db.update(campaignSteps).set({ status: 'done' }).where(eq(campaignSteps.campaignId, past.id));
  const pastSteps = await db.select().from(campaignSteps).where(eq(campaignSteps.campaignId, past.id));
  for (const s of pastSteps) {
    const doneOn = s.key === 'council_results' ? `${pastYear}-10-10` : s.key === 'authority_measures' ? `${pastYear}-11-05` : s.doneOn ?? s.plannedOn;
    await db.update(campaignSteps).set({ doneOn }).where(eq(campaignSteps.id, s.id));
  }
  await updateCampaign(db, past.id, { status: 'closed' }, actor);

  // This year's campaign: the due ones assessed three years ago, plus a re-assessment with a reason; a
  // few due organisations are left out so that the campaign page shows them.
  const current = await createCampaign(db, { territoryId: municipality.id, year, title: `НОК УООД ${year}`, methodologyId: 'edu-2019', policies: {}, operatorName: 'АНО «Институт оценки качества образования»', operatorContract: `№ 7-НОК от ${decision.slice(8, 10)}.${decision.slice(5, 7)}.${year}` }, actor);
  await recordCouncilDecision(db, { campaignId: current.id, number: `1-ОС/${year}`, date: decision, document: { fileName: `Решение совета 1-ОС-${year}.pdf`, bytes: demoPdf() }, dataDir, actor });
  const currentList = [...pastList.slice(0, 12).map((o) => ({ organisationId: o.id })), { organisationId: ids[1]!.id, reason: 'повторная оценка по обращениям родителей' }];
  await setCampaignOrganisations(db, current.id, currentList, actor);
  const steps = await db.select().from(campaignSteps).where(eq(campaignSteps.campaignId, current.id));
  for (const s of steps) {
    if (s.key === 'tor') await db.update(campaignSteps).set({ status: 'done', doneOn: decision }).where(eq(campaignSteps.id, s.id));
    if (s.key === 'data_collection') await db.update(campaignSteps).set({ status: 'done', doneOn: addMonths(today, -1) }).where(eq(campaignSteps.id, s.id));
    // Left planned with a date already past: the dashboard shows it as overdue.
    if (s.key === 'publish_list') await db.update(campaignSteps).set({ plannedOn: addMonths(decision, 1) }).where(eq(campaignSteps.id, s.id));
  }
  // The operator reported ten days ago: the council's one-month clock is running.
  const report = new Date(`${today}T00:00:00Z`);
  report.setUTCDate(report.getUTCDate() - 10);
  await setOperatorReportDate(db, current.id, report.toISOString().slice(0, 10), actor);
  await updateCampaign(db, current.id, { status: 'scoring', surveyOpensOn: addMonths(decision, 2), surveyClosesOn: addMonths(today, -1) }, actor);
  await seedVoiceDemo(db, municipality.id, actor, now);
  // plans room: the finished campaign's results and plans in every state.
  await seedPlansDemo(db, dataDir, { municipalityId: municipality.id, pastCampaignId: past.id, pastYear }, now);

  return { municipalityId: municipality.id, organisations: ids.length, currentCampaignId: current.id, pastCampaignId: past.id, created: true };
}
