import { and, count, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../src/auth/policy';
import { auditLog } from '../../src/db/schema/audit';
import { improvementPlans, planItems } from '../../src/db/schema/plans';
import { PlansError } from '../../src/plans/errors';
import {
  claimRow,
  closeRow,
  rejectRow,
  reviewReport,
  startRow,
  submitReport,
  verifyRow,
} from '../../src/plans/execution.server';
import { generatePlans, shortfallInputs } from '../../src/plans/generate.server';
import { isOverdue, planDocumentModel } from '../../src/plans/model';
import {
  addRow,
  agreePlan,
  approvePlans,
  fillResponsible,
  getPlan,
  newVersion,
  planItemsOf,
  removeRow,
  returnPlan,
  submitPlan,
  updateRow,
} from '../../src/plans/plans.server';
import { getVersion } from '../../src/results/versions.server';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';
import { seedApprovedCampaign, type PlansFixture } from './fixtures';

const act = {
  kind: 'приказ',
  number: '45-о',
  date: '2026-01-20',
  approverPost: 'начальник управления образования',
  approverName: 'И. И. Иванов',
};
const photo = { kind: 'photo' as const, sha256: 'a'.repeat(64), mediaType: 'image/jpeg', size: 1000 };

describe(`plans: generated, agreed, approved, carried out (${testEngine})`, () => {
  let t: TestDatabase;
  let f: PlansFixture;
  let planId: string;
  const audits = async (prefix: string) =>
    (
      await t.db
        .select({ n: count() })
        .from(auditLog)
        .where(like(auditLog.action, `${prefix}%`))
    )[0]!.n;

  beforeAll(async () => {
    t = await createTestDb();
    f = await seedApprovedCampaign(t.db, { orgs: 6 });
  }, 120_000);
  afterAll(async () => t?.close());

  it('refuses to generate for a role that does not approve plans, and changes nothing', async () => {
    await expect(generatePlans(t.db, f.campaignId, f.users.chair)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(generatePlans(t.db, f.campaignId, f.orgUser)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await t.db.select({ n: count() }).from(improvementPlans))[0]!.n).toBe(0);
  });

  it('drafts one plan per organisation from the locked version: a row per shortfall and per adopted proposal', async () => {
    const proposals = async () => [
      {
        id: 'p-all',
        organisationId: null,
        indicator: '4.3',
        text: 'Рекомендовать руководителям организаций утвердить правило ответа на обращения в течение 3 рабочих дней',
        needsFunding: false,
      },
      {
        id: 'p-one',
        organisationId: f.orgIds[0]!,
        indicator: '3.1',
        checklist: '3.1',
        itemId: 'ramps',
        text: 'Рекомендовать руководителю оборудовать входную группу пандусом',
        needsFunding: true,
      },
    ];
    const r = await generatePlans(t.db, f.campaignId, f.users.authority, { proposals });
    expect(r).toMatchObject({ created: 6, skipped: 0, versionId: f.versionId });
    const plan = (
      await t.db.select().from(improvementPlans).where(eq(improvementPlans.organisationId, f.orgIds[0]!))
    )[0]!;
    planId = plan.id;
    expect(plan.status).toBe('draft');
    expect(plan.resultVersionId).toBe(f.versionId);
    const items = await planItemsOf(t.db, plan.id);
    // Every missing checklist item of the organisation in the snapshot is a row, unless a proposal answers it.
    const s = (await getVersion(t.db, f.versionId))!.snapshot;
    const missing = shortfallInputs(s, f.orgIds[0]!).flatMap((x) => x.missing.map((m) => `${m.checklist}:${m.itemId}`));
    const rowKeys = items.filter((i) => i.checklist).map((i) => `${i.checklist}:${i.itemId}`);
    for (const key of missing) expect(rowKeys, key).toContain(key);
    if (missing.includes('3.1:ramps'))
      expect(items.filter((i) => i.checklist === '3.1' && i.itemId === 'ramps')).toHaveLength(1);
    const ramp = items.find((i) => i.proposalId === 'p-one')!;
    expect(ramp).toMatchObject({
      section: 'III',
      source: 'proposal',
      needsFunding: true,
      measure: 'Оборудовать входную группу пандусом',
    });
    expect(items.find((i) => i.proposalId === 'p-all')).toMatchObject({ section: 'IV', indicator: '4.3' });
    // Sections follow the criteria; every generated row names a post and waits for a person's name.
    for (const i of items) {
      expect(['I', 'II', 'III', 'IV', 'V']).toContain(i.section);
      if (i.indicator) expect(i.section).toBe(['I', 'II', 'III', 'IV', 'V'][Number(i.indicator[0]) - 1]);
      expect(i.responsiblePost).not.toBe('');
      expect(i.plannedDate! >= '2025-12-01').toBe(true);
    }
    // A second run creates nothing new.
    expect(await generatePlans(t.db, f.campaignId, f.users.authority)).toMatchObject({ created: 0, skipped: 6 });
  });

  it('refuses to submit while rows lack a responsible person; another organisation may not touch the plan', async () => {
    await expect(submitPlan(t.db, planId, f.orgUser)).rejects.toThrow(/не указан ответственный исполнитель/);
    await expect(fillResponsible(t.db, planId, 'Захватов', f.otherOrgUser)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await getPlan(t.db, planId))!.status).toBe('draft');
  });

  it('the organisation edits rows, adds its own, and a row without a measure is refused in Russian', async () => {
    const [first] = await planItemsOf(t.db, planId);
    const before = await audits('plans.row');
    await expect(
      updateRow(
        t.db,
        planId,
        first!.id,
        {
          section: first!.section,
          shortfall: first!.shortfall,
          measure: '   ',
          plannedKind: 'date',
          plannedDate: '2026-03-01',
          responsibleName: 'Петрова А. С.',
          responsiblePost: 'завуч',
        },
        f.orgUser,
      ),
    ).rejects.toThrow('Укажите мероприятие');
    await expect(
      addRow(
        t.db,
        planId,
        {
          section: 'II',
          shortfall: 'Нет навеса',
          measure: 'Установить навес',
          plannedKind: 'date',
          plannedDate: '2026-05-01',
          responsibleName: '',
          responsiblePost: 'завхоз',
        },
        f.orgUser,
      ),
    ).rejects.toThrow('ответственного исполнителя');
    await expect(
      addRow(
        t.db,
        planId,
        {
          section: 'II',
          shortfall: 'Нет\u0000навеса',
          measure: 'Установить навес',
          plannedKind: 'date',
          plannedDate: '2026-05-01',
          responsibleName: 'Иванов',
          responsiblePost: 'завхоз',
        },
        f.orgUser,
      ),
    ).rejects.toThrow('недопустимый символ');
    expect(await audits('plans.row')).toBe(before);
    const edited = await updateRow(
      t.db,
      planId,
      first!.id,
      {
        section: first!.section,
        shortfall: first!.shortfall,
        measure: 'Разместить сведения и назначить ответственного',
        plannedKind: 'date',
        plannedDate: '2026-03-01',
        responsibleName: 'Петрова Анна Сергеевна',
        responsiblePost: 'заместитель директора',
      },
      f.orgUser,
    );
    expect(edited.measure).toBe('Разместить сведения и назначить ответственного');
    const own = await addRow(
      t.db,
      planId,
      {
        section: 'II',
        shortfall: 'Нет навеса у входа',
        measure: 'Установить навес',
        plannedKind: 'permanent',
        plannedDate: '',
        responsibleName: 'Сидоров П. П.',
        responsiblePost: 'завхоз',
        needsFunding: 'on',
      },
      f.orgUser,
    );
    expect(own).toMatchObject({ source: 'own', plannedDate: null, needsFunding: true });
    await expect(removeRow(t.db, planId, first!.id, f.orgUser)).rejects.toThrow('удалить нельзя');
    expect(await fillResponsible(t.db, planId, 'Петрова Анна Сергеевна', f.orgUser)).toBeGreaterThan(0);
    expect(await audits('plans.row')).toBe(before + 3);
  });

  it('submitted → returned with comments → resubmitted → agreed; approval with an early planned date is refused', async () => {
    await submitPlan(t.db, planId, f.orgUser);
    await expect(
      updateRow(
        t.db,
        planId,
        (await planItemsOf(t.db, planId))[0]!.id,
        {
          section: 'I',
          shortfall: 'x',
          measure: 'y',
          plannedKind: 'permanent',
          plannedDate: '',
          responsibleName: 'a',
          responsiblePost: 'b',
        },
        f.orgUser,
      ),
    ).rejects.toThrow('на согласовании');
    await expect(returnPlan(t.db, planId, '', f.users.authority)).rejects.toThrow('что нужно доработать');
    await expect(returnPlan(t.db, planId, 'Уточните сроки', f.orgUser)).rejects.toBeInstanceOf(ForbiddenError);
    const returned = await returnPlan(t.db, planId, 'Уточните сроки по разделу III', f.users.authority);
    expect(returned).toMatchObject({ status: 'returned', returnComment: 'Уточните сроки по разделу III' });
    await submitPlan(t.db, planId, f.orgUser);
    await expect(approvePlans(t.db, [planId], act, f.users.authority)).rejects.toThrow('ещё не согласован');
    await agreePlan(t.db, planId, f.users.authority);
    // A row due before the act's date: the whole act is refused and nothing changes.
    await expect(approvePlans(t.db, [planId], { ...act, date: '2026-12-31' }, f.users.authority)).rejects.toThrow(
      /раньше даты утверждения/,
    );
    await expect(approvePlans(t.db, [planId], { ...act, number: '' }, f.users.authority)).rejects.toThrow('номер акта');
    expect((await getPlan(t.db, planId))!.status).toBe('agreed');
  });

  it('one act approves the plans of several organisations; an approved plan is read-only', async () => {
    const second = (
      await t.db.select().from(improvementPlans).where(eq(improvementPlans.organisationId, f.orgIds[1]!))
    )[0]!;
    await fillResponsible(t.db, second.id, 'Кузнецова Мария Ивановна', f.otherOrgUser);
    await submitPlan(t.db, second.id, f.otherOrgUser);
    await agreePlan(t.db, second.id, f.users.authority);
    const r = await approvePlans(t.db, [planId, second.id], act, f.users.authority);
    expect(r.plans).toBe(2);
    const [a, b] = [await getPlan(t.db, planId), await getPlan(t.db, second.id)];
    expect(a!.actId).toBe(r.act.id);
    expect(b!.actId).toBe(r.act.id);
    expect(a!.status).toBe('approved');
    const item = (await planItemsOf(t.db, planId))[0]!;
    await expect(
      updateRow(
        t.db,
        planId,
        item.id,
        {
          section: 'I',
          shortfall: 'x',
          measure: 'y',
          plannedKind: 'permanent',
          plannedDate: '',
          responsibleName: 'a',
          responsiblePost: 'b',
        },
        f.orgUser,
      ),
    ).rejects.toThrow('утверждён и не редактируется');
    const model = planDocumentModel({
      organisationName: 'Организация № 0001',
      year: a!.year,
      status: a!.status,
      version: 1,
      act: r.act,
      items: await planItemsOf(t.db, planId),
    });
    expect(model.approval).toMatchObject({
      heading: 'УТВЕРЖДАЮ',
      post: act.approverPost,
      name: act.approverName,
      date: '20.01.2026',
    });
    expect(model.sections.map((s) => s.number)).toEqual(['I', 'II', 'III', 'IV', 'V']);
    expect(model.sections.reduce((n, s) => n + s.rows.length, 0)).toBe((await planItemsOf(t.db, planId)).length);
    expect(model.title).toContain('ПЛАН по устранению недостатков');
  });

  it('rows are carried out: claim needs evidence, only a verifier verifies, rejection sends back with a reason', async () => {
    const [row, row2, row3] = await planItemsOf(t.db, planId);
    await expect(startRow(t.db, planId, row!.id, f.users.authority)).rejects.toBeInstanceOf(ForbiddenError);
    await startRow(t.db, planId, row!.id, f.orgUser);
    await expect(
      claimRow(t.db, planId, row!.id, { implemented: 'Сделано', actualDate: '2026-01-25', evidence: [] }, f.orgUser),
    ).rejects.toThrow('Приложите подтверждение');
    await expect(
      claimRow(t.db, planId, row!.id, { implemented: '', actualDate: '2026-01-25', evidence: [photo] }, f.orgUser),
    ).rejects.toThrow('реализованные меры');
    await expect(
      claimRow(
        t.db,
        planId,
        row!.id,
        { implemented: 'Сделано', actualDate: '2026-01-25', evidence: [{ kind: 'link', url: 'javascript:alert(1)' }] },
        f.orgUser,
      ),
    ).rejects.toThrow('http');
    const claimed = await claimRow(
      t.db,
      planId,
      row!.id,
      { implemented: 'Сведения размещены', actualDate: '2026-01-25', evidence: [photo] },
      f.orgUser,
    );
    expect(claimed.status).toBe('claimed');
    // The council reviews but never verifies; the organisation does not verify itself.
    await expect(verifyRow(t.db, planId, row!.id, '', f.users.chair)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(verifyRow(t.db, planId, row!.id, '', f.orgUser)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(rejectRow(t.db, planId, row!.id, '', f.users.operator)).rejects.toThrow(
      'почему подтверждение не принято',
    );
    const rejected = await rejectRow(t.db, planId, row!.id, 'На фото не видно стенда', f.users.operator);
    expect(rejected).toMatchObject({ status: 'in_progress', rejectedReason: 'На фото не видно стенда' });
    await claimRow(
      t.db,
      planId,
      row!.id,
      { implemented: 'Стенд обновлён', actualDate: '2026-01-26', evidence: [] },
      f.orgUser,
    );
    const verified = await verifyRow(t.db, planId, row!.id, 'Проверено на месте', f.users.operator);
    expect(verified).toMatchObject({ status: 'verified', verifiedRole: 'operator', rejectedReason: null });
    await expect(startRow(t.db, planId, row!.id, f.orgUser)).rejects.toThrow('перевести её');
    await expect(closeRow(t.db, planId, row2!.id, 'cancelled', '', f.users.authority)).rejects.toThrow(
      'причину отмены',
    );
    await expect(closeRow(t.db, planId, row2!.id, 'cancelled', 'Не нужно', f.orgUser)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect(
      (await closeRow(t.db, planId, row2!.id, 'cancelled', 'Помещение передано другой организации', f.users.authority))
        .status,
    ).toBe('cancelled');
    expect(
      (await closeRow(t.db, planId, row3!.id, 'carried_over', 'Нет финансирования в 2026 году', f.users.authority))
        .status,
    ).toBe('carried_over');
    expect(isOverdue({ status: 'planned', plannedKind: 'date', plannedDate: '2026-01-01' }, '2026-02-01')).toBe(true);
    expect(isOverdue({ status: 'claimed', plannedKind: 'date', plannedDate: '2026-01-01' }, '2026-02-01')).toBe(false);
    expect(isOverdue({ status: 'planned', plannedKind: 'permanent', plannedDate: null }, '2030-01-01')).toBe(false);
  });

  it('a progress report freezes the rows; the authority accepts or returns it', async () => {
    await expect(submitReport(t.db, planId, '2026-03-31', f.orgUser, new Date('2026-03-15T10:00:00Z'))).rejects.toThrow(
      'ещё не закончился',
    );
    await expect(submitReport(t.db, planId, '2026-03-30', f.orgUser, new Date('2026-04-02T10:00:00Z'))).rejects.toThrow(
      'периода нет',
    );
    const r = await submitReport(t.db, planId, '2026-03-31', f.orgUser, new Date('2026-04-02T10:00:00Z'));
    // The 3rd day after the quarter: 03.04.2026 is a Friday.
    expect(r.dueDate).toBe('2026-04-03');
    const frozen = r.rows as { status: string }[];
    expect(frozen.filter((x) => x.status === 'verified')).toHaveLength(1);
    await expect(submitReport(t.db, planId, '2026-03-31', f.orgUser, new Date('2026-04-02T10:00:00Z'))).rejects.toThrow(
      'уже сданы',
    );
    await expect(reviewReport(t.db, r.id, 'returned', '', f.users.authority)).rejects.toThrow('что исправить');
    const back = await reviewReport(t.db, r.id, 'returned', 'Добавьте фото стенда', f.users.authority);
    expect(back.status).toBe('returned');
    const again = await submitReport(t.db, planId, '2026-03-31', f.orgUser, new Date('2026-04-03T10:00:00Z'));
    expect((await reviewReport(t.db, again.id, 'accepted', '', f.users.authority)).status).toBe('accepted');
    await expect(reviewReport(t.db, again.id, 'accepted', '', f.users.authority)).rejects.toThrow('уже рассмотрены');
  });

  it('a change to an approved plan is a new version; the old one stays readable as superseded', async () => {
    await expect(newVersion(t.db, planId, '', f.orgUser)).rejects.toThrow('причину');
    const next = await newVersion(t.db, planId, 'Изменён срок по разделу II', f.orgUser);
    expect(next).toMatchObject({ version: 2, status: 'draft', previousId: planId });
    const old = (await getPlan(t.db, planId))!;
    expect(old.status).toBe('superseded');
    const [oldItems, newItems] = [await planItemsOf(t.db, planId), await planItemsOf(t.db, next.id)];
    expect(newItems.map((i) => i.status)).toEqual(oldItems.map((i) => i.status));
    await expect(startRow(t.db, planId, oldItems[4]!.id, f.orgUser)).rejects.toThrow('заменена новой');
  });

  it('the next cycle copies carried-over rows into the new plan and links both ways', async () => {
    const next = await seedApprovedCampaign(t.db, {
      reuse: { regionId: f.regionId, municipalityIds: f.municipalityIds, orgIds: f.orgIds },
      year: 2026,
      decisionDate: '2026-10-01',
    });
    await generatePlans(t.db, next.campaignId, f.users.authority);
    const [newPlan] = await t.db
      .select()
      .from(improvementPlans)
      .where(and(eq(improvementPlans.campaignId, next.campaignId), eq(improvementPlans.organisationId, f.orgIds[0]!)));
    const carried = (await planItemsOf(t.db, newPlan!.id)).filter((i) => i.source === 'carried');
    expect(carried.length).toBeGreaterThanOrEqual(1);
    const [origin] = await t.db.select().from(planItems).where(eq(planItems.id, carried[0]!.carriedFromId!));
    expect(origin!.carriedToId).toBe(carried[0]!.id);
    expect(origin!.status).toBe('carried_over');
  });

  it('every change above is in the audit log with its territory', async () => {
    const rows = await t.db.select().from(auditLog).where(like(auditLog.action, 'plans.%'));
    const actions = new Set(rows.map((r) => r.action));
    for (const a of [
      'plans.generate',
      'plans.submit',
      'plans.return',
      'plans.agree',
      'plans.approve',
      'plans.row.claim',
      'plans.row.verify',
      'plans.row.reject',
      'plans.row.cancel',
      'plans.row.carryOver',
      'plans.report.submit',
      'plans.report.accept',
      'plans.newVersion',
    ]) {
      expect(actions, a).toContain(a);
    }
    expect(rows.every((r) => r.territoryId)).toBe(true);
  });

  it('refuses a wrong id with 404 and a role outside its scope with 403', async () => {
    await expect(submitPlan(t.db, 'not-a-uuid', f.orgUser)).rejects.toMatchObject({ status: 404 });
    await expect(submitPlan(t.db, '00000000-0000-4000-8000-000000000000', f.orgUser)).rejects.toBeInstanceOf(
      PlansError,
    );
  });
});
