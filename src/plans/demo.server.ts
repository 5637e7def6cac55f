// Demo plans: the demo's finished campaign gets checklist answers and survey tallies, results approved by
// the council and published, and a plan for every organisation, in every state a person should see —
// drafts, submitted, returned, agreed, approved and published; rows done and verified, overdue, claimed
// and awaiting verification (with a photo), evidence rejected, cancelled and carried over; progress
// reports accepted and waiting. Everything goes through the room's own functions, so it is audited.
import { deflateSync } from 'node:zlib';
import { and, asc, eq } from 'drizzle-orm';
import type { SessionUser } from '../auth/policy';
import { storeUpload } from '../files/storage.server';
import type { Db } from '../db/index.server';
import { checklistAnswers } from '../db/schema/checklists';
import { improvementPlans, planItems } from '../db/schema/plans';
import { campaignOrganisations, campaigns, organisations } from '../db/schema/registry';
import { surveyTallies } from '../db/schema/survey';
import { requireMethodology } from '../methodology/registry';
import { approveVersion, computeDraft, publishVersion } from '../results/versions.server';
import { checklistDefinitions } from '../checklists/definitions';
import { claimRow, closeRow, rejectRow, reviewReport, startRow, submitReport, verifyRow } from './execution.server';
import { generatePlans, lockedVersion } from './generate.server';
import {
  agreePlan,
  approvePlans,
  fillResponsible,
  planItemsOf,
  publishPlan,
  returnPlan,
  submitPlan,
  updateRow,
} from './plans.server';
import { adoptedProposalSource } from './proposals.server';

/** A 1×1 PNG, so the demo's claimed row carries a real photo that the evidence checks accept. */
function tinyPng(): Uint8Array {
  const crc = (buf: Buffer) => {
    let c = ~0;
    for (const b of buf) {
      c ^= b;
      for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
    }
    return ~c >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  const idat = deflateSync(Buffer.from([0, 0x2e, 0x7d, 0x32]));
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', idat),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

const HEADS = [
  'Соколова Елена Викторовна',
  'Морозов Дмитрий Алексеевич',
  'Волкова Наталья Игоревна',
  'Лебедев Павел Сергеевич',
];

export async function seedPlansDemo(
  db: Db,
  dataDir: string,
  input: { municipalityId: string; pastCampaignId: string; pastYear: number },
  now = new Date(),
): Promise<{ plans: number }> {
  const { municipalityId, pastCampaignId, pastYear } = input;
  const system = (role: SessionUser['role'], extra: Partial<SessionUser> = {}): SessionUser => ({
    id: '00000000-0000-4000-8000-000000000000',
    name: 'демонстрационные данные (npm run demo)',
    email: 'demo@localhost',
    role,
    councilPosition: null,
    territoryId: municipalityId,
    organisationId: null,
    ...extra,
  });
  const chair = system('council', { councilPosition: 'chair' });
  const authority = system('authority', { name: 'Управление образования (демо)' });
  const operator = system('operator', { name: 'Эксперт оператора (демо)' });

  if (!(await lockedVersion(db, pastCampaignId))) {
    // The finished campaign's data: a reproducible pattern, weakest on accessibility as in real results.
    const m = requireMethodology('edu-2019');
    const list = await db
      .select({ id: organisations.id, type: organisations.type })
      .from(campaignOrganisations)
      .innerJoin(organisations, eq(organisations.id, campaignOrganisations.organisationId))
      .where(eq(campaignOrganisations.campaignId, pastCampaignId))
      .orderBy(asc(organisations.shortName));
    const answers: (typeof checklistAnswers.$inferInsert)[] = [];
    list.forEach((o, i) => {
      for (const d of checklistDefinitions(m, o.type)) {
        d.items.forEach((item, k) => {
          const miss = d.key.startsWith('3.') ? (k + i) % 3 !== 0 : (k * 7 + i * 3) % 5 === 0;
          answers.push({
            campaignId: pastCampaignId,
            organisationId: o.id,
            checklist: d.key,
            itemId: item.id,
            answer: miss ? 'no' : 'yes',
            recordedByName: 'Эксперт оператора (демо)',
          });
        });
      }
    });
    for (let k = 0; k < answers.length; k += 2000) await db.insert(checklistAnswers).values(answers.slice(k, k + 2000));
    await db.insert(surveyTallies).values(
      list.map((o, i) => {
        const valid = 60 + i * 11;
        // Some organisations fall below 90 points on courtesy and satisfaction, as in published results.
        const p = (q: number) => Math.min(0.98, 0.8 + ((q * 5 + i * 3) % 19) / 100);
        const of = (n: number, q: number) => Math.round(n * p(q));
        const yes: Record<number, number> = {
          1: of(valid, 1),
          3: of(valid, 3),
          6: Math.round(valid * 0.05),
          10: Math.round(valid * 0.4),
        };
        yes[2] = of(yes[1]!, 2);
        yes[4] = of(yes[3]!, 4);
        yes[7] = Math.round(yes[6]! * 0.6);
        yes[11] = of(yes[10]!, 11);
        for (const q of [5, 8, 9, 12, 13, 14]) yes[q] = of(valid, q);
        const row: Record<string, unknown> = {
          campaignId: pastCampaignId,
          organisationId: o.id,
          shard: 0,
          received: valid,
          valid,
          online: valid,
        };
        for (let q = 1; q <= 14; q++) {
          row[`q${q}Yes`] = yes[q]!;
          row[`q${q}No`] = valid - yes[q]!;
        }
        return row as typeof surveyTallies.$inferInsert;
      }),
    );
    const v = await computeDraft(db, pastCampaignId, operator, { now: new Date(`${pastYear}-10-01T09:00:00Z`) });
    await approveVersion(
      db,
      v.id,
      { number: `5-ОС/${pastYear}`, date: `${pastYear}-10-10` },
      chair,
      new Date(`${pastYear}-10-10T12:00:00Z`),
    );
    await publishVersion(db, v.id, system('admin'), new Date(`${pastYear}-10-12T12:00:00Z`));
    // Results are past history: the campaign stays closed.
    await db.update(campaigns).set({ status: 'closed' }).where(eq(campaigns.id, pastCampaignId));
  }

  await generatePlans(db, pastCampaignId, authority, { proposals: adoptedProposalSource, today: `${pastYear}-11-05` });
  const plans = await db
    .select({
      id: improvementPlans.id,
      organisationId: improvementPlans.organisationId,
      status: improvementPlans.status,
    })
    .from(improvementPlans)
    .where(and(eq(improvementPlans.campaignId, pastCampaignId), eq(improvementPlans.version, 1)))
    .orderBy(asc(improvementPlans.organisationId));
  if (plans.some((p) => p.status !== 'draft')) return { plans: plans.length };
  const asOrg = async (organisationId: string) =>
    system('organisation', { organisationId, territoryId: null, name: 'Представитель организации (демо)' });
  const actDate = `${pastYear}-12-20`;
  const act = {
    kind: 'приказ',
    number: `214-о`,
    date: actDate,
    approverPost: 'начальник управления образования',
    approverName: 'Н. В. Орлова',
  };
  const photo = tinyPng();
  const sha = await storeUpload(dataDir, photo);
  const photoEvidence = { kind: 'photo' as const, sha256: sha, mediaType: 'image/png', size: photo.length };
  const approved: string[] = [];
  for (const [i, p] of plans.entries()) {
    const org = await asOrg(p.organisationId);
    if (i === 0) continue; // a generated draft nobody has touched yet
    await fillResponsible(db, p.id, HEADS[i % HEADS.length]!, org);
    if (i === 1) continue; // a draft with people named
    await submitPlan(db, p.id, org);
    if (i === 2) continue; // submitted, waiting for the authority
    if (i === 3) {
      await returnPlan(
        db,
        p.id,
        'Уточните сроки по разделу III: пандус и стоянка не успеют за три месяца; укажите источники финансирования.',
        authority,
      );
      continue;
    }
    await agreePlan(db, p.id, authority);
    if (i === 4) continue; // agreed, waiting for the act
    approved.push(p.id);
  }
  if (approved.length) await approvePlans(db, approved, act, authority);
  const today = now.toISOString().slice(0, 10);
  for (const [k, planId] of approved.entries()) {
    const org = await asOrg(plans.find((p) => p.id === planId)!.organisationId);
    if (k % 2 === 0)
      await publishPlan(
        db,
        planId,
        {
          siteUrl: `https://org${k + 1}.primersk-edu.example/sveden/document/plan-nok-${pastYear}.pdf`,
          busGovOn: `${pastYear + 1}-01-15`,
        },
        authority,
      );
    const rows = await planItemsOf(db, planId);
    for (const [j, r] of rows.entries()) {
      const d = r.plannedDate && r.plannedDate < today ? r.plannedDate : today;
      const mode = (j + k) % 7;
      if (mode === 0 || mode === 1) {
        await claimRow(
          db,
          planId,
          r.id,
          {
            implemented: `${r.measure.split(';')[0]} — выполнено`,
            actualDate: d,
            evidence: [{ kind: 'link', url: `https://org${k + 1}.primersk-edu.example/news/${j + 1}` }],
          },
          org,
        );
        await verifyRow(db, planId, r.id, 'проверено при посещении', operator);
      } else if (mode === 2) {
        await claimRow(
          db,
          planId,
          r.id,
          { implemented: 'Выполнено, фото приложено', actualDate: d, evidence: [photoEvidence] },
          org,
        );
      } else if (mode === 3) {
        await startRow(db, planId, r.id, org);
        if (j % 2 === 0) {
          await claimRow(
            db,
            planId,
            r.id,
            {
              implemented: 'Выполнено частично',
              actualDate: d,
              evidence: [{ kind: 'link', url: `https://org${k + 1}.primersk-edu.example/docs/${j}` }],
            },
            org,
          );
          await rejectRow(db, planId, r.id, 'По ссылке нет сведений о выполнении: приложите фото или акт', operator);
        }
      } else if (mode === 4 && r.needsFunding) {
        await closeRow(
          db,
          planId,
          r.id,
          'carried_over',
          'Нет финансирования в текущем году: включено в заявку учредителю на капитальный ремонт',
          authority,
        );
      } else if (mode === 5 && j % 3 === 0) {
        await closeRow(db, planId, r.id, 'cancelled', 'Помещение передано другой организации', authority);
      }
      // The rest stay planned: their dates have passed, so they show as overdue.
    }
    if (k === 0) {
      const r1 = await submitReport(
        db,
        planId,
        `${pastYear + 1}-03-31`,
        org,
        new Date(`${pastYear + 1}-04-02T10:00:00Z`),
      );
      await reviewReport(db, r1.id, 'accepted', '', authority);
      await submitReport(db, planId, `${pastYear + 1}-06-30`, org, new Date(`${pastYear + 1}-07-03T10:00:00Z`));
    }
  }
  // One edited row in a draft, so the demo shows an organisation's own wording.
  const draft = plans[1];
  if (draft) {
    const [first] = await db
      .select()
      .from(planItems)
      .where(eq(planItems.planId, draft.id))
      .orderBy(asc(planItems.section), asc(planItems.position))
      .limit(1);
    if (first)
      await updateRow(
        db,
        draft.id,
        first.id,
        {
          ...first,
          measure: `${first.measure}; проверять раз в квартал`,
          plannedDate: first.plannedDate ?? '',
          periodicNote: first.periodicNote ?? '',
          needsFunding: first.needsFunding,
        },
        await asOrg(draft.organisationId),
      );
  }
  return { plans: plans.length };
}
