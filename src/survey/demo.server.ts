// Demo survey answers (npm run demo): anonymous responses written straight into survey_responses with
// their tallies computed from the very same rows, as the submission transaction would keep them.
import type { Db } from '../db/index.server';
import { surveyResponses, surveyTallies } from '../db/schema/survey';
import { requireMethodology } from '../methodology/registry';
import { sampleTarget } from '../methodology/stats';
import { demoRandom, type DemoOrganisation } from '../campaigns/demo-random';

export type DemoSurveyPlan = {
  campaignId: string;
  /** Share of each organisation's required sample that has answered (1 = the full sample). */
  share: (org: DemoOrganisation, index: number) => number;
  /** Responses are spread over [from, to). */
  from: Date;
  to: Date;
  seed: number;
};

const q = (rnd: () => number, p: number) => (rnd() < p ? 1 : 0);

/** Writes the responses and tallies of one campaign; returns how many responses were written. */
export async function seedDemoSurvey(db: Db, orgs: readonly DemoOrganisation[], plan: DemoSurveyPlan): Promise<number> {
  const m = requireMethodology('edu-2019');
  const rnd = demoRandom(plan.seed);
  const profile = Object.fromEntries(m.questionnaire.profile.map((p) => [p.id, p.options.map((o) => o.value)]));
  const pick = (id: string) => profile[id]![Math.floor(rnd() * profile[id]!.length)]!;
  const span = plan.to.getTime() - plan.from.getTime();
  let total = 0;
  for (const [i, org] of orgs.entries()) {
    const n = Math.max(0, Math.round(sampleTarget(org.recipients, { share: 0.4, cap: 600 }) * plan.share(org, i)));
    const rows: (typeof surveyResponses.$inferInsert)[] = [];
    const tally: Record<string, number> = { received: 0, valid: 0, online: 0, paper: 0 };
    for (let k = 1; k <= 14; k++) tally[`q${k}Yes`] = tally[`q${k}No`] = 0;
    let last = plan.from;
    for (let r = 0; r < n; r++) {
      const good = Math.min(0.99, org.quality + (rnd() - 0.5) * 0.2);
      const a: (0 | 1 | null)[] = [];
      a[1] = q(rnd, 0.7) as 0 | 1;
      a[2] = a[1] ? (q(rnd, good) as 0 | 1) : null;
      a[3] = q(rnd, 0.8) as 0 | 1;
      a[4] = a[3] ? (q(rnd, good) as 0 | 1) : null;
      a[5] = q(rnd, good) as 0 | 1;
      a[6] = q(rnd, 0.06) as 0 | 1;
      a[7] = a[6] ? (q(rnd, good * 0.85) as 0 | 1) : null;
      a[8] = q(rnd, Math.min(0.99, good + 0.04)) as 0 | 1;
      a[9] = q(rnd, Math.min(0.99, good + 0.06)) as 0 | 1;
      a[10] = q(rnd, 0.45) as 0 | 1;
      a[11] = a[10] ? (q(rnd, good) as 0 | 1) : null;
      a[12] = q(rnd, good) as 0 | 1;
      a[13] = q(rnd, good) as 0 | 1;
      a[14] = q(rnd, good) as 0 | 1;
      const paper = rnd() < 0.08;
      const at = new Date(plan.from.getTime() + Math.floor(rnd() * span));
      if (at > last) last = at;
      const row: Record<string, unknown> = {
        campaignId: plan.campaignId,
        organisationId: org.id,
        mode: paper ? 'paper' : 'online',
        status: 'counted',
        browserKey: paper ? null : `demo-${plan.seed}-${i}-${r}`,
        fillSeconds: 90 + Math.floor(rnd() * 400),
        respondent: org.type === 'college' && rnd() < 0.6 ? 'student' : 'parent',
        sex: pick('sex'),
        age: pick('age'),
        submittedAt: at,
      };
      for (let k = 1; k <= 14; k++) {
        row[`q${k}`] = a[k];
        if (a[k] === 1) tally[`q${k}Yes`]!++;
        else if (a[k] === 0) tally[`q${k}No`]!++;
      }
      rows.push(row as typeof surveyResponses.$inferInsert);
      tally.received!++;
      tally.valid!++;
      tally[paper ? 'paper' : 'online']!++;
    }
    for (let s = 0; s < rows.length; s += 400) await db.insert(surveyResponses).values(rows.slice(s, s + 400));
    if (n > 0)
      await db.insert(surveyTallies).values({
        campaignId: plan.campaignId,
        organisationId: org.id,
        shard: 0,
        ...tally,
        lastResponseAt: last,
      } as typeof surveyTallies.$inferInsert);
    total += n;
  }
  return total;
}
