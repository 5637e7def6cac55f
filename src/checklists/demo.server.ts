// Demo expert checklists (npm run demo): answers to every item of the lists an organisation's type has,
// «yes» more often for a better organisation, with a note where something is missing.
import type { Db } from '../db/index.server';
import { checklistAnswers } from '../db/schema/checklists';
import { requireMethodology } from '../methodology/registry';
import { demoRandom, type DemoOrganisation } from '../campaigns/demo-random';
import { checklistDefinitions, type ChecklistKey } from './definitions';

const notes = ['не обнаружено при посещении', 'на стенде отсутствует', 'на сайте не найдено', 'требуется оборудовать'];

export type DemoChecklistPlan = {
  campaignId: string;
  /** Which lists of the organisation are filled in (all, some, none): a campaign mid-collection is partial. */
  lists: (org: DemoOrganisation, index: number) => readonly ChecklistKey[] | 'all';
  expert: string;
  recordedAt: Date;
  seed: number;
};

export async function seedDemoChecklists(
  db: Db,
  orgs: readonly DemoOrganisation[],
  plan: DemoChecklistPlan,
): Promise<number> {
  const m = requireMethodology('edu-2019');
  const rnd = demoRandom(plan.seed);
  const rows: (typeof checklistAnswers.$inferInsert)[] = [];
  for (const [i, org] of orgs.entries()) {
    const wanted = plan.lists(org, i);
    for (const def of checklistDefinitions(m, org.type)) {
      if (wanted !== 'all' && !wanted.includes(def.key)) continue;
      // Accessibility for disabled people is where published results are weakest.
      const p = def.key.startsWith('3.') ? org.quality - 0.35 : org.quality;
      for (const item of def.items) {
        const answer = rnd() < p ? 'yes' : 'no';
        rows.push({
          campaignId: plan.campaignId,
          organisationId: org.id,
          checklist: def.key,
          itemId: item.id,
          answer,
          note: answer === 'no' && rnd() < 0.4 ? notes[Math.floor(rnd() * notes.length)]! : null,
          recordedByName: plan.expert,
          recordedAt: plan.recordedAt,
        });
      }
    }
  }
  for (let s = 0; s < rows.length; s += 1000) await db.insert(checklistAnswers).values(rows.slice(s, s + 1000));
  return rows.length;
}
