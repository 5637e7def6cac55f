import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../src/auth/policy';
import { planItems } from '../../src/db/schema/plans';
import { auditSite } from '../../src/site-audit/audit.server';
import { verifyBySiteAudit, type Auditor } from '../../src/plans/execution.server';
import { generatePlans } from '../../src/plans/generate.server';
import {
  agreePlan,
  approvePlans,
  fillResponsible,
  plansOfOrganisation,
  planItemsOf,
  submitPlan,
} from '../../src/plans/plans.server';
import { compliantSchool } from '../site-audit/fixtures/school';
import { serve, type FixtureServer } from '../site-audit/helpers/server';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';
import { seedApprovedCampaign, setWebsite, type PlansFixture } from './fixtures';

const FAST = { politenessDelayMs: 0, totalTimeoutMs: 5_000 };
const auditor: Auditor = (url, orgType) => auditSite(url, { ...FAST, orgType });

describe(`a site row is verified by re-running the site audit (${testEngine})`, () => {
  let t: TestDatabase;
  let f: PlansFixture;
  let good: FixtureServer;
  let bad: FixtureServer;
  let planId: string;
  let faqRow: string;
  let sectionRow: string;

  beforeAll(async () => {
    t = await createTestDb();
    f = await seedApprovedCampaign(t.db, { orgs: 2 });
    good = await serve(compliantSchool());
    const site = compliantSchool();
    // The same school before it fixed its site: no FAQ link, no «Документы» subsection.
    site['/'] = { ...site['/']!, body: String(site['/']!.body).replace(/<li><a href="\/faq">[^<]*<\/a><\/li>/, '') };
    delete site['/faq'];
    delete site['/sveden/document'];
    bad = await serve(site);
    await setWebsite(t.db, f.orgIds[0]!, bad.url);
    await generatePlans(t.db, f.campaignId, f.users.authority);
    planId = (await plansOfOrganisation(t.db, f.orgIds[0]!))[0]!.id;
    const [a, b] = await planItemsOf(t.db, planId);
    // Two rows that answer site items (as the generator writes them for a missing 1.2 / 1.1-site item).
    await t.db
      .update(planItems)
      .set({ checklist: '1.2', itemId: 'faq', indicator: '1.2', shortfall: 'Нет раздела «Часто задаваемые вопросы»' })
      .where(eq(planItems.id, a!.id));
    await t.db
      .update(planItems)
      .set({
        checklist: '1.1-site',
        itemId: 'site.document.charter',
        indicator: '1.1',
        shortfall: 'Нет на сайте: Устав',
      })
      .where(eq(planItems.id, b!.id));
    faqRow = a!.id;
    sectionRow = b!.id;
    await fillResponsible(t.db, planId, 'Петрова Анна Сергеевна', f.orgUser);
    await submitPlan(t.db, planId, f.orgUser);
    await agreePlan(t.db, planId, f.users.authority);
    await approvePlans(
      t.db,
      [planId],
      {
        kind: 'приказ',
        number: '1',
        date: '2025-12-01',
        approverPost: 'начальник управления',
        approverName: 'И. И. Иванов',
      },
      f.users.authority,
    );
  }, 120_000);
  afterAll(async () => {
    await good?.close();
    await bad?.close();
    await t?.close();
  });

  it('the organisation and the council may not run the check (and no request reaches the site)', async () => {
    const before = bad.log.length;
    await expect(verifyBySiteAudit(t.db, planId, faqRow, f.orgUser, auditor)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(verifyBySiteAudit(t.db, planId, faqRow, f.users.chair, auditor)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect(bad.log.length).toBe(before);
  });

  it('while the item is still missing, the check is recorded and the row stays open', async () => {
    const r = await verifyBySiteAudit(t.db, planId, faqRow, f.users.operator, auditor);
    expect(r.check.present).toBe(false);
    expect(r.item.status).toBe('planned');
    expect(r.item.siteCheck).toMatchObject({ present: false, url: bad.url });
    const s = await verifyBySiteAudit(t.db, planId, sectionRow, f.users.operator, auditor);
    expect(s.check).toMatchObject({ present: false });
    expect(s.check.detail).toContain('/sveden/document');
  });

  it('after the fix the re-audit finds the item and the row is verified with the check beside it', async () => {
    await setWebsite(t.db, f.orgIds[0]!, good.url);
    const r = await verifyBySiteAudit(t.db, planId, faqRow, f.users.authority, auditor);
    expect(r.check.present).toBe(true);
    expect(r.item).toMatchObject({ status: 'verified', verifiedRole: 'authority' });
    expect(r.item.verificationNote).toContain('повторная проверка сайта');
    const s = await verifyBySiteAudit(t.db, planId, sectionRow, f.users.operator, auditor);
    expect(s.item.status).toBe('verified');
    expect(s.check.detail).toContain('найден');
    await expect(verifyBySiteAudit(t.db, planId, faqRow, f.users.operator, auditor)).rejects.toThrow('Строка закрыта');
  });

  it('a row that is not about the site is refused', async () => {
    const other = (await planItemsOf(t.db, planId)).find((i) => i.checklist !== '1.2' && i.checklist !== '1.1-site')!;
    await expect(verifyBySiteAudit(t.db, planId, other.id, f.users.operator, auditor)).rejects.toThrow('не о сайте');
  });
});
