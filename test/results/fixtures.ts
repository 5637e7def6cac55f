// A campaign with checklist answers and survey tallies, written straight into the owning rooms' tables so
// that the results room can be tested (and benchmarked at 3,000 organisations) on its own.
import type { Db } from '../../src/db/index.server';
import { checklistAnswers } from '../../src/db/schema/checklists';
import { campaignOrganisations, campaigns, organisations, territories } from '../../src/db/schema/registry';
import { users } from '../../src/db/schema/auth';
import { surveyTallies } from '../../src/db/schema/survey';
import type { SessionUser } from '../../src/auth/policy';
import { requireMethodology } from '../../src/methodology/registry';
import type { OrgType } from '../../src/methodology/types';
import { prng } from '../helpers/prng';

let innCounter = 5500000000 + Math.floor(Math.random() * 4_000_000_000);

export type ResultsFixture = {
  regionId: string;
  municipalityIds: string[];
  campaignId: string;
  orgIds: string[];
  users: { chair: SessionUser; member: SessionUser; authority: SessionUser; operator: SessionUser; admin: SessionUser };
};

export type SeedOptions = {
  orgs?: number;
  municipalities?: number;
  seed?: number;
  year?: number;
  /** Organisations (by index) given fewer responses than the minimum. */
  fewResponses?: number[];
  policies?: Record<string, unknown>;
  /** Reuse an existing region and organisations (a later campaign of the same region). */
  reuse?: { regionId: string; municipalityIds: string[]; orgIds: string[] };
};

const TYPES: OrgType[] = ['school', 'preschool', 'additional', 'college'];

export async function seedResultsCampaign(db: Db, opts: SeedOptions = {}): Promise<ResultsFixture> {
  const n = opts.orgs ?? 6;
  const rnd = prng(opts.seed ?? 1);
  const m = requireMethodology('edu-2019');
  let regionId: string;
  let municipalityIds: string[];
  let orgIds: string[];
  if (opts.reuse) {
    ({ regionId, municipalityIds, orgIds } = opts.reuse);
  } else {
    const [region] = await db.insert(territories).values({ kind: 'region', name: 'Тестовая область' }).returning();
    regionId = region!.id;
    const munis = await db
      .insert(territories)
      .values(
        Array.from({ length: opts.municipalities ?? 2 }, (_, i) => ({
          kind: 'municipality' as const,
          parentId: regionId,
          name: `Район № ${i + 1}`,
        })),
      )
      .returning();
    municipalityIds = munis.map((x) => x.id);
    orgIds = [];
    for (let i = 0; i < n; i += 1000) {
      const rows = Array.from({ length: Math.min(1000, n - i) }, (_, k) => {
        const j = i + k;
        const type = TYPES[j % 4 === 3 && j % 8 !== 7 ? 0 : j % 4]!;
        return {
          territoryId: municipalityIds[j % municipalityIds.length]!,
          fullName: `Муниципальное учреждение «Организация № ${j + 1}»`,
          shortName: `Организация № ${String(j + 1).padStart(4, '0')}`,
          type,
          inn: String(innCounter++),
          recipients: 200 + Math.floor(rnd() * 800),
        };
      });
      const inserted = await db.insert(organisations).values(rows).returning({ id: organisations.id });
      orgIds.push(...inserted.map((r) => r.id));
    }
  }
  const [campaign] = await db
    .insert(campaigns)
    .values({
      territoryId: regionId,
      year: opts.year ?? 2025,
      title: `НОК ${opts.year ?? 2025}`,
      methodologyId: 'edu-2019',
      policies: opts.policies ?? {},
      status: 'scoring',
    })
    .returning();
  const campaignId = campaign!.id;
  for (let i = 0; i < orgIds.length; i += 1000) {
    await db
      .insert(campaignOrganisations)
      .values(orgIds.slice(i, i + 1000).map((organisationId) => ({ campaignId, organisationId })));
  }
  const orgTypes = new Map<string, OrgType>();
  const typeRows = await db.select({ id: organisations.id, type: organisations.type }).from(organisations);
  for (const r of typeRows) orgTypes.set(r.id, r.type);

  const answers: (typeof checklistAnswers.$inferInsert)[] = [];
  const tallies: (typeof surveyTallies.$inferInsert)[] = [];
  const few = new Set(opts.fewResponses ?? []);
  orgIds.forEach((orgId, idx) => {
    const type = orgTypes.get(orgId) ?? 'school';
    const quality = 0.55 + rnd() * 0.45;
    const add = (checklist: string, itemId: string, answer: 'yes' | 'no' | 'na') =>
      answers.push({
        campaignId,
        organisationId: orgId,
        checklist,
        itemId,
        answer,
        note: answer === 'no' ? 'не обнаружено при посещении' : null,
        recordedByName: 'Эксперт Тестов',
      });
    for (const channel of ['stand', 'site'] as const) {
      for (const item of m.informationItems.lists[type]![channel])
        add(`1.1-${channel}`, item.id, rnd() < quality ? 'yes' : 'no');
    }
    for (const c of m.checklists) {
      // Accessibility (3.x) is systematically the weakest, as in published results.
      const p = c.id.startsWith('3.') ? quality - 0.45 : quality;
      for (const item of c.items) add(c.id, item.id, rnd() < p ? 'yes' : 'no');
    }
    const valid = few.has(idx) ? 4 : 20 + Math.floor(rnd() * 180);
    const row: Record<string, unknown> = {
      campaignId,
      organisationId: orgId,
      shard: 0,
      received: valid,
      valid,
      online: valid,
    };
    const yes = (share: number, of: number) => Math.min(of, Math.round(of * share));
    const used1 = yes(0.6 + rnd() * 0.3, valid);
    const used3 = yes(0.5 + rnd() * 0.4, valid);
    const disabled = idx % 5 === 0 ? 0 : yes(0.05, valid);
    const used10 = yes(0.4, valid);
    const q: Record<number, number> = {
      1: used1,
      2: yes(quality, used1),
      3: used3,
      4: yes(quality, used3),
      5: yes(quality, valid),
      6: disabled,
      7: yes(quality * 0.8, disabled),
      8: yes(quality + 0.05, valid),
      9: yes(quality + 0.08, valid),
      10: used10,
      11: yes(quality, used10),
      12: yes(quality, valid),
      13: yes(quality, valid),
      14: yes(quality, valid),
    };
    for (let s = 1; s <= 14; s++) {
      row[`q${s}Yes`] = Math.min(q[s]!, valid);
      row[`q${s}No`] = valid - Math.min(q[s]!, valid);
    }
    tallies.push(row as typeof surveyTallies.$inferInsert);
  });
  for (let i = 0; i < answers.length; i += 2000) await db.insert(checklistAnswers).values(answers.slice(i, i + 2000));
  for (let i = 0; i < tallies.length; i += 500) await db.insert(surveyTallies).values(tallies.slice(i, i + 500));

  const mk = async (
    role: SessionUser['role'],
    name: string,
    councilPosition: SessionUser['councilPosition'] = null,
    territoryId: string | null = regionId,
  ): Promise<SessionUser> => {
    const [u] = await db
      .insert(users)
      .values({
        email: `${role}${innCounter++}@example.test`,
        name,
        role,
        councilPosition,
        territoryId: role === 'admin' ? null : territoryId,
      })
      .returning();
    return {
      id: u!.id,
      name,
      email: u!.email,
      role,
      councilPosition,
      territoryId: role === 'admin' ? null : territoryId,
      organisationId: null,
    };
  };
  return {
    regionId,
    municipalityIds,
    campaignId,
    orgIds,
    users: {
      chair: await mk('council', 'Председатель Советов', 'chair'),
      member: await mk('council', 'Член Советов', 'member'),
      authority: await mk('authority', 'Управление Образованиев'),
      operator: await mk('operator', 'Оператор Операторов'),
      admin: await mk('admin', 'Администратор'),
    },
  };
}
