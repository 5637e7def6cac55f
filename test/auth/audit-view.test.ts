import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptLink, createAccount, issueAccountLink, setAccountActive } from '../../src/auth/accounts.server';
import { readAuditLog } from '../../src/auth/audit-view.server';
import { readableChanges } from '../../src/auth/audit-readable';
import { AUDIT_PAGE_SIZE } from '../../src/auth/audit-filter';
import { LOCKOUT_THRESHOLD, login, resetPhantomLockouts } from '../../src/auth/login.server';
import { ForbiddenError, type SessionUser } from '../../src/auth/policy';
import { createAdminWithLink } from '../../src/auth/setup.server';
import { setOperatorReportDate, updateStep } from '../../src/campaigns/calendar.server';
import { createCampaign, listSteps, updateCampaign } from '../../src/campaigns/campaigns.server';
import { setCampaignOrganisations } from '../../src/campaigns/organisation-list.server';
import { recordCouncilDecision } from '../../src/council/list-decision.server';
import { recordAudit } from '../../src/db/audit.server';
import { auditLog } from '../../src/db/schema/audit';
import { createOrganisation, createTerritory, updateOrganisation } from '../../src/registry/organisations.server';
import { type OrganisationInput } from '../../src/registry/fields';
import { createAccessCodes } from '../../src/survey/review.server';
import { createTestDb, testEngine, type TestDatabase } from '../helpers/db';
import { seedPeople, seedWorld, type World } from './fixtures';

const actor = { id: null, name: 'Тестовый администратор' };

function viewer(role: SessionUser['role'], territoryId: string | null): SessionUser {
  return {
    id: `viewer-${role}-${territoryId ?? 'none'}`,
    name: 'Проверяющий',
    email: 'v@example.ru',
    role,
    councilPosition: role === 'council' ? 'member' : null,
    territoryId,
    organisationId: null,
  };
}

async function territoryOf(db: TestDatabase['db'], action: string, entityId: string): Promise<(string | null)[]> {
  const rows = await db
    .select({ territoryId: auditLog.territoryId })
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.entityId, entityId)));
  return rows.map((r) => r.territoryId);
}

describe(`audit log scoped by territory (${testEngine})`, () => {
  let t: TestDatabase;
  let world: World;
  let people: Awaited<ReturnType<typeof seedPeople>>['people'];
  let password: string;

  beforeAll(async () => {
    t = await createTestDb();
    world = await seedWorld(t.db);
    ({ people, password } = await seedPeople(t.db, world));
  }, 60_000);
  afterAll(async () => t?.close());

  describe('entries carry the territory of the changed thing', () => {
    it('campaigns: every change is filed under the campaign territory', async () => {
      const c = await createCampaign(
        t.db,
        { territoryId: world.town.id, year: 2025, title: 'НОК 2025', methodologyId: 'edu-2019', policies: {} },
        actor,
      );
      await updateCampaign(t.db, c.id, { title: 'НОК 2025 (уточн.)' }, actor);
      await setOperatorReportDate(t.db, c.id, '2025-05-01', actor);
      const step = (await listSteps(t.db, c.id)).find((s) => s.key === 'tor')!;
      await updateStep(t.db, { campaignId: c.id, stepId: step.id, status: 'done', doneOn: '2025-04-01', actor });
      await setCampaignOrganisations(t.db, c.id, [{ organisationId: world.school.id }], actor);
      await recordCouncilDecision(t.db, {
        campaignId: c.id,
        number: '3',
        date: '2025-03-01',
        dataDir: mkdtempSync(path.join(os.tmpdir(), 'noko-audit-')),
        actor,
      });
      await createAccessCodes(t.db, {
        campaignId: c.id,
        organisationId: world.school.id,
        groupLabel: '5 «А»',
        count: 2,
        actor,
      });
      for (const action of ['campaign.create', 'campaign.update', 'campaign.list', 'campaign.councilDecision']) {
        expect(await territoryOf(t.db, action, c.id), action).toEqual([world.town.id]);
      }
      // Two events (the report received, the list approved): both under the town.
      expect(await territoryOf(t.db, 'campaign.event', c.id)).toEqual([world.town.id, world.town.id]);
      expect(await territoryOf(t.db, 'campaign.step', step.id)).toEqual([world.town.id]);
      expect(await territoryOf(t.db, 'survey.accessCodes.create', world.school.id)).toEqual([world.town.id]);
    });

    it('registry: organisations under their territory, a new territory under itself', async () => {
      const input: OrganisationInput = {
        fullName: 'МБОУ «Школа № 3»',
        shortName: 'Школа № 3',
        type: 'school',
        inn: '7711223344',
        ogrn: null,
        kpp: null,
        address: null,
        website: null,
        headName: 'Иванова И. И.',
        founder: null,
        recipients: 300,
        status: 'active',
        lastAssessedOn: null,
      };
      const o = await createOrganisation(t.db, world.otherTown.id, input, actor);
      await updateOrganisation(t.db, o.id, { ...input, headName: 'Петров П. П.' }, actor);
      expect(await territoryOf(t.db, 'organisation.create', o.id)).toEqual([world.otherTown.id]);
      expect(await territoryOf(t.db, 'organisation.update', o.id)).toEqual([world.otherTown.id]);
      const district = await createTerritory(
        t.db,
        { kind: 'municipality', name: 'Новый район', parentId: world.region.id },
        actor,
      );
      expect(await territoryOf(t.db, 'territory.create', district.id)).toEqual([district.id]);
    });

    it('accounts: their scope territory, their organisation’s territory, or none for administrators', async () => {
      const council = await createAccount(t.db, actor, {
        email: 'sovet-b@example.ru',
        name: 'Совет Б',
        role: 'council',
        territoryId: world.otherTown.id,
      });
      const rep = await createAccount(t.db, actor, {
        email: 'school2@example.ru',
        name: 'Представитель школы',
        role: 'organisation',
        organisationId: world.otherSchool.id,
      });
      const admin = await createAccount(t.db, actor, {
        email: 'admin2@example.ru',
        name: 'Второй администратор',
        role: 'admin',
      });
      if (!council.ok || !rep.ok || !admin.ok) throw new Error('accounts not created');
      expect(await territoryOf(t.db, 'account.create', council.user.id)).toEqual([world.otherTown.id]);
      expect(await territoryOf(t.db, 'account.create', rep.user.id)).toEqual([world.otherTown.id]);
      expect(await territoryOf(t.db, 'account.create', admin.user.id)).toEqual([null]);

      const link = await issueAccountLink(t.db, actor, rep.user.id);
      expect((await acceptLink(t.db, link!.token, { password, passwordRepeat: password })).ok).toBe(true);
      expect(await territoryOf(t.db, 'account.invite', rep.user.id)).toEqual([world.otherTown.id]);
      expect(await territoryOf(t.db, 'account.password-set', rep.user.id)).toEqual([world.otherTown.id]);
      await setAccountActive(t.db, actor, council.user.id, false, 'ушла из совета');
      expect(await territoryOf(t.db, 'account.deactivate', council.user.id)).toEqual([world.otherTown.id]);

      const cli = await createAdminWithLink(
        t.db,
        { email: 'admin3@example.ru', name: 'Третий администратор' },
        'http://localhost',
      );
      expect(cli.ok).toBe(true);
      const global = await t.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.actorName, 'командная строка (noko create-admin)'), isNull(auditLog.territoryId)));
      expect(global.map((g) => g.action).sort()).toEqual(['account.create', 'account.invite']);
    });

    it('a lockout is filed under the account’s territory', async () => {
      resetPhantomLockouts();
      for (let i = 0; i < LOCKOUT_THRESHOLD; i++) await login(t.db, people.operator.email, `${password} неверно`);
      expect(await territoryOf(t.db, 'account.locked', people.operator.user.id)).toEqual([world.town.id]);
    }, 30_000);
  });

  describe('what a viewer reads', () => {
    // Entries of a fixed entity, so the expectations do not depend on what the tests above wrote.
    const ENTITY = 'probe';
    beforeAll(async () => {
      const put = (territoryId: string | null, entityId: string) =>
        recordAudit(t.db, {
          actor: { id: null, name: 'Зонд' },
          action: 'probe.write',
          entity: ENTITY,
          entityId,
          territoryId,
        });
      await put(world.town.id, 'town');
      await put(world.otherTown.id, 'other-town');
      await put(world.region.id, 'region');
      await put(null, 'global');
    });

    const seen = async (user: SessionUser) =>
      (await readAuditLog(t.db, { entity: ENTITY }, user)).rows.map((r) => r.entityId).sort();

    it('a municipal council sees its own territory only: not a neighbour’s, not the region’s, not global entries', async () => {
      expect(await seen(people.member.user)).toEqual(['town']);
      expect(await seen(viewer('council', world.otherTown.id))).toEqual(['other-town']);
    });

    it('a regional council also sees its municipalities, still not global entries', async () => {
      expect(await seen(viewer('council', world.region.id))).toEqual(['other-town', 'region', 'town']);
    });

    it('an administrator sees everything, global entries included', async () => {
      expect(await seen(people.admin.user)).toEqual(['global', 'other-town', 'region', 'town']);
    });

    it('the whole unfiltered log and the entity list are scoped the same way', async () => {
      const all = await readAuditLog(t.db, { page: 1 }, people.chair.user);
      expect(all.scoped).toBe(true);
      const ids = all.rows.map((r) => r.id);
      expect(ids.length).toBeGreaterThan(0);
      expect(new Set(all.rows.map((r) => r.territoryId))).toEqual(new Set([world.town.id]));
      // The only territory created is a new district of the region: the town's council is not even offered that entity.
      expect(all.entities).toContain(ENTITY);
      expect(all.entities).not.toContain('territory');
      const adminView = await readAuditLog(t.db, {}, people.admin.user);
      expect(adminView.scoped).toBe(false);
      expect(adminView.entities).toContain('territory');
      expect(adminView.total).toBeGreaterThan(all.total);
    });

    it('filters and pages still work inside the scope', async () => {
      for (let i = 0; i < AUDIT_PAGE_SIZE + 5; i++) {
        await recordAudit(t.db, {
          actor: { id: null, name: 'Пачка' },
          action: 'bulk.write',
          entity: 'bulk',
          entityId: String(i),
          territoryId: i % 2 ? world.town.id : world.otherTown.id,
        });
      }
      const first = await readAuditLog(t.db, { entity: 'bulk', actor: 'Пачка', page: 1 }, people.member.user);
      expect(first.total).toBe(Math.floor((AUDIT_PAGE_SIZE + 5) / 2));
      expect(first.rows.every((r) => r.territoryId === world.town.id)).toBe(true);
      const regional = viewer('council', world.region.id);
      const page1 = await readAuditLog(t.db, { entity: 'bulk', page: 1 }, regional);
      const page2 = await readAuditLog(t.db, { entity: 'bulk', page: 2 }, regional);
      expect(page1.total).toBe(AUDIT_PAGE_SIZE + 5);
      expect(page1.pages).toBe(2);
      expect(page1.rows).toHaveLength(AUDIT_PAGE_SIZE);
      expect(page2.rows).toHaveLength(5);
    });

    it('an entry cannot be refiled under another territory afterwards: the append-only trigger covers the new column', async () => {
      const [row] = await t.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entity, ENTITY), eq(auditLog.entityId, 'town')));
      await expect(
        t.db.update(auditLog).set({ territoryId: world.otherTown.id }).where(eq(auditLog.id, row!.id)),
      ).rejects.toThrow();
      const [again] = await t.db.select().from(auditLog).where(eq(auditLog.id, row!.id));
      expect(again!.territoryId).toBe(world.town.id);
    });

    it('territories and organisations are named, not shown as ids, in the readable changes', async () => {
      await recordAudit(t.db, {
        actor: { id: null, name: 'Зонд' },
        action: 'probe.names',
        entity: 'organisation',
        entityId: world.school.id,
        territoryId: world.town.id,
        before: { territoryId: world.otherTown.id },
        after: { territoryId: world.town.id, organisationIds: [world.otherSchool.id] },
      });
      const log = await readAuditLog(t.db, { entity: 'organisation' }, viewer('admin', null));
      const row = log.rows.find((r) => r.action === 'probe.names')!;
      expect(log.names.get(world.school.id)).toBe('Школа № 1');
      const changes = readableChanges(row.before, row.after, row.entity, log.names);
      expect(changes).toContainEqual({ field: 'Территория', from: world.otherTown.name, to: world.town.name });
      expect(JSON.stringify(changes)).not.toContain(world.town.id);
      expect(changes.find((c) => c.field === 'Организации')?.to).toBe(world.otherSchool.shortName);
    });

    it('a council account without a territory sees nothing; roles without audit.view are refused', async () => {
      expect((await readAuditLog(t.db, {}, viewer('council', null))).total).toBe(0);
      await expect(readAuditLog(t.db, {}, viewer('authority', world.town.id))).rejects.toBeInstanceOf(ForbiddenError);
      await expect(readAuditLog(t.db, {}, viewer('operator', world.town.id))).rejects.toBeInstanceOf(ForbiddenError);
    });
  });
});
