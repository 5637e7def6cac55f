import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../src/auth/policy';
import { ChecklistError, authorizeChecklists, type ChecklistContext } from '../../src/checklists/access.server';
import { loadSheet, saveChecklist, type ItemInput, type Sheet } from '../../src/checklists/answers.server';
import { getCampaignChecklistCounts, getChecklistCounts } from '../../src/checklists/counts.server';
import { listChecklistEvidence } from '../../src/checklists/evidence-list.server';
import { MAX_PHOTO_BYTES, linkProblem, sha256Hex, sniffImage } from '../../src/checklists/evidence.server';
import { proposalsFromAudit } from '../../src/checklists/prefill';
import { auditLog } from '../../src/db/schema/audit';
import { checklistAnswers, checklistPhotos } from '../../src/db/schema/checklists';
import { campaigns } from '../../src/db/schema/registry';
import type { AuditReport } from '../../src/site-audit/types';
import { createTestDb, type TestDatabase } from '../helpers/db';
import { fakeJpeg, ftyp, seedChecklistWorld, tinyPng } from './fixtures';

let handle: TestDatabase;
let world: Awaited<ReturnType<typeof seedChecklistWorld>>;
let dataDir: string;

beforeAll(async () => {
  handle = await createTestDb();
  world = await seedChecklistWorld(handle.db);
  dataDir = mkdtempSync(path.join(tmpdir(), 'noko-checklists-'));
}, 60_000);

afterAll(async () => {
  await handle?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** What a form rendered from `sheet` posts, with `changes` applied on top. */
function formFrom(
  sheet: Sheet,
  changes: Record<string, Partial<Pick<ItemInput, 'answer' | 'note' | 'link' | 'photos' | 'removePhotos'>>>,
): ItemInput[] {
  return sheet.items.map((i) => ({
    itemId: i.id,
    answer: i.state.answer,
    note: i.state.note,
    link: i.state.link,
    baseVersion: i.version,
    baseHash: i.hash,
    photos: [],
    removePhotos: [],
    ...changes[i.id],
  }));
}

async function ctxFor(user = world.expertA, orgId = world.school.id): Promise<ChecklistContext> {
  return authorizeChecklists(handle.db, user, world.campaign.id, orgId, 'edit');
}

describe('content sniffing and links', () => {
  it('recognises images by their bytes, not their names', () => {
    expect(sniffImage(fakeJpeg())).toBe('image/jpeg');
    expect(sniffImage(tinyPng())).toBe('image/png');
    expect(sniffImage(ftyp('heic', ['mif1', 'heic']))).toBe('image/heic');
    expect(sniffImage(ftyp('heix'))).toBe('image/heic');
    expect(sniffImage(ftyp('mif1', ['miaf']))).toBe('image/heic');
    expect(sniffImage(ftyp('isom', ['iso2', 'mif1']))).toBe('image/heic');
    // an MP4 video and an AVIF picture are ISO-BMFF too, but not HEIC
    expect(sniffImage(ftyp('isom', ['iso2', 'mp41']))).toBeNull();
    expect(sniffImage(ftyp('avif', ['avif', 'miaf']))).toBeNull();
    expect(sniffImage(new TextEncoder().encode('<html>not a photo</html>'))).toBeNull();
    expect(sniffImage(new TextEncoder().encode('%PDF-1.7'))).toBeNull();
    expect(sniffImage(new Uint8Array([0xff, 0xd8]))).toBeNull();
  });

  it('accepts only absolute http(s) links', () => {
    expect(linkProblem('')).toBeNull();
    expect(linkProblem('https://school1.example.ru/sveden/common')).toBeNull();
    expect(linkProblem('http://школа.рф/')).toBeNull();
    expect(linkProblem('javascript:alert(1)')).toMatch(/http/);
    expect(linkProblem('ftp://example.ru/file')).toMatch(/http/);
    expect(linkProblem('school1.example.ru')).toMatch(/полным адресом/);
    expect(linkProblem('https://user:pw@example.ru/')).toMatch(/пароль/);
  });
});

describe('definitions', () => {
  it('gives each organisation type its 1.1 lists and the four visit checklists', async () => {
    const school = await ctxFor();
    const kindergarten = await ctxFor(world.expertA, world.kindergarten.id);
    const keys = school.definitions.map((d) => d.key);
    expect(keys).toEqual(['1.1-stand', '1.1-site', '1.2', '2.1', '3.1', '3.2']);
    const siteItems = (c: ChecklistContext) => c.definitions.find((d) => d.key === '1.1-site')!.items.map((i) => i.id);
    expect(siteItems(kindergarten)).toContain('site.paid.parentalFee');
    expect(siteItems(school)).not.toContain('site.paid.parentalFee');
    expect(siteItems(school)).toContain('site.catering.menus');
    expect(school.definitions.find((d) => d.key === '3.2')!.items).toHaveLength(6);
  });
});

describe('saving, counts and evidence', () => {
  it('counts yes items and the norm without "not applicable" items, per list', async () => {
    const ctx = await ctxFor();
    const s21 = await loadSheet(handle.db, ctx, '2.1');
    const [i1, i2, i3, i4] = s21.items.map((i) => i.id);
    const r = await saveChecklist(
      handle.db,
      dataDir,
      world.expertA,
      ctx,
      '2.1',
      formFrom(s21, {
        [i1!]: { answer: 'yes' },
        [i2!]: { answer: 'yes', note: 'таблички на каждом этаже' },
        [i3!]: { answer: 'no' },
        [i4!]: { answer: 'na' },
      }),
    );
    expect(r).toMatchObject({ status: 'saved', changed: 4 });

    const stand = await loadSheet(handle.db, ctx, '1.1-stand');
    const standChanges: Record<string, { answer: string }> = {};
    stand.items.forEach((item, idx) => (standChanges[item.id] = { answer: idx < 10 ? 'yes' : idx < 12 ? 'no' : 'na' }));
    expect(
      await saveChecklist(handle.db, dataDir, world.expertA, ctx, '1.1-stand', formFrom(stand, standChanges)),
    ).toMatchObject({ status: 'saved' });

    const counts = await getChecklistCounts(handle.db, world.campaign.id, world.school.id);
    expect(counts).not.toBeNull();
    expect(counts!.byChecklist['2.1']).toMatchObject({
      items: 5,
      yes: 2,
      no: 1,
      notApplicable: 1,
      unanswered: 1,
      norm: 4,
    });
    const nStand = stand.items.length;
    expect(counts!.byChecklist['1.1-stand']).toMatchObject({
      yes: 10,
      no: 2,
      notApplicable: nStand - 12,
      unanswered: 0,
      norm: 12,
    });
    expect(counts!.rawInputs.information.stand).toEqual({ found: 10, norm: 12 });
    const nSite = ctx.definitions.find((d) => d.key === '1.1-site')!.items.length;
    expect(counts!.rawInputs.information.site).toEqual({ found: 0, norm: nSite });
    expect(counts!.rawInputs.checklists).toEqual({ '1.2': 0, '2.1': 2, '3.1': 0, '3.2': 0 });
    expect(counts!.complete).toBe(false);

    const all = await getCampaignChecklistCounts(handle.db, world.campaign.id);
    expect([...all.keys()].sort()).toEqual([world.school.id, world.kindergarten.id].sort());
    expect(all.get(world.school.id)).toEqual(counts);
    expect(all.get(world.kindergarten.id)!.byChecklist['2.1']).toMatchObject({ yes: 0, norm: 5, unanswered: 5 });
    expect(await getChecklistCounts(handle.db, world.campaign.id, world.foreignSchool.id)).toBeNull();
  });

  it('writes one audit row per change, in the same transaction', async () => {
    const rows = await handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'checklist.answer'), eq(auditLog.actorId, world.expertA.id)));
    const forSchool21 = rows.filter((r) => r.entityId?.startsWith(`${world.campaign.id}/${world.school.id}/2.1/`));
    expect(forSchool21).toHaveLength(4);
    expect(forSchool21.every((r) => r.before === null)).toBe(true);
    // Filed under the campaign's territory, so that territory's council sees them in the audit log.
    expect(forSchool21.every((r) => r.territoryId === world.campaign.territoryId)).toBe(true);
    expect(forSchool21.map((r) => (r.after as { answer: string }).answer).sort()).toEqual(['na', 'no', 'yes', 'yes']);
  });

  it('an unchanged resubmission changes nothing', async () => {
    const ctx = await ctxFor();
    const s21 = await loadSheet(handle.db, ctx, '2.1');
    const before = await handle.db.select().from(auditLog);
    expect(await saveChecklist(handle.db, dataDir, world.expertA, ctx, '2.1', formFrom(s21, {}))).toMatchObject({
      status: 'saved',
      changed: 0,
    });
    expect(await handle.db.select().from(auditLog)).toHaveLength(before.length);
  });

  it('stores a photo under DATA_DIR/uploads/<sha256> with the sniffed type, once per content', async () => {
    const ctx = await ctxFor();
    const s31 = await loadSheet(handle.db, ctx, '3.1');
    const item = s31.items[0]!.id;
    const png = tinyPng();
    const r = await saveChecklist(
      handle.db,
      dataDir,
      world.expertA,
      ctx,
      '3.1',
      formFrom(s31, {
        [item]: {
          answer: 'yes',
          link: 'https://school1.example.ru/dostupnaya-sreda',
          photos: [
            { bytes: png, name: 'пандус.jpg' },
            { bytes: png, name: 'копия.png' },
          ],
        },
      }),
    );
    expect(r).toMatchObject({ status: 'saved', changed: 1, photosAdded: 1 });
    const sha = sha256Hex(png);
    expect(readFileSync(path.join(dataDir, 'uploads', sha))).toEqual(Buffer.from(png));
    const photos = await handle.db.select().from(checklistPhotos);
    expect(photos.filter((p) => p.sha256 === sha)).toHaveLength(1);
    expect(photos.find((p) => p.sha256 === sha)!.mediaType).toBe('image/png');

    const evidence = await listChecklistEvidence(handle.db, world.campaign.id, world.school.id);
    const ramp = evidence!.find((s) => s.definition.key === '3.1')!.items[0]!;
    expect(ramp).toMatchObject({
      state: { answer: 'yes', link: 'https://school1.example.ru/dostupnaya-sreda' },
      recordedByName: 'Эксперт Анна',
      version: 1,
    });
    expect(ramp.photos.map((p) => [p.sha256, p.mediaType, p.uploadedByName])).toEqual([
      [sha, 'image/png', 'Эксперт Анна'],
    ]);
    expect(ramp.recordedAt).toBeInstanceOf(Date);
  });

  it('refuses an oversize file, a non-image renamed .jpg and a bad link, and changes nothing', async () => {
    const ctx = await ctxFor();
    const s32 = await loadSheet(handle.db, ctx, '3.2');
    const [a, b, c] = s32.items.map((i) => i.id);
    const big = new Uint8Array(MAX_PHOTO_BYTES + 1);
    big.set(fakeJpeg().subarray(0, 6));
    const before = {
      answers: (await handle.db.select().from(checklistAnswers)).length,
      audit: (await handle.db.select().from(auditLog)).length,
    };
    const filesBefore = readdirSync(path.join(dataDir, 'uploads')).length;
    const r = await saveChecklist(
      handle.db,
      dataDir,
      world.expertA,
      ctx,
      '3.2',
      formFrom(s32, {
        [a!]: { answer: 'yes', photos: [{ bytes: big, name: 'большое.jpg' }] },
        [b!]: {
          answer: 'yes',
          photos: [{ bytes: new TextEncoder().encode('MZ\x90\x00 definitely not a photo'), name: 'photo.jpg' }],
        },
        [c!]: { answer: 'yes', link: 'javascript:alert(1)' },
      }),
    );
    expect(r.status).toBe('invalid');
    if (r.status !== 'invalid') return;
    expect(r.errors[a!]!.join()).toMatch(/больше 10 МБ/);
    expect(r.errors[b!]!.join()).toMatch(/не является фотографией JPEG, PNG или HEIC/);
    expect(r.errors[c!]!.join()).toMatch(/http/);
    expect((await handle.db.select().from(checklistAnswers)).length).toBe(before.answers);
    expect((await handle.db.select().from(auditLog)).length).toBe(before.audit);
    expect(readdirSync(path.join(dataDir, 'uploads')).length).toBe(filesBefore);
  });

  it('refuses an item id that is not in the checklist', async () => {
    const ctx = await ctxFor();
    const s = await loadSheet(handle.db, ctx, '1.2');
    const form = formFrom(s, {});
    form.push({ ...form[0]!, itemId: 'forged', answer: 'yes' });
    const r = await saveChecklist(handle.db, dataDir, world.expertA, ctx, '1.2', form);
    expect(r.status).toBe('invalid');
  });

  it('detaches a photo on request and records it', async () => {
    const ctx = await ctxFor();
    const s = await loadSheet(handle.db, ctx, '1.2');
    const item = s.items[1]!.id;
    const jpeg = fakeJpeg('to-remove');
    await saveChecklist(
      handle.db,
      dataDir,
      world.expertA,
      ctx,
      '1.2',
      formFrom(s, { [item]: { photos: [{ bytes: jpeg, name: 'x.jpg' }] } }),
    );
    let sheet = await loadSheet(handle.db, ctx, '1.2');
    expect(sheet.items[1]!.photos.map((p) => p.mediaType)).toEqual(['image/jpeg']);
    expect(sheet.items[1]!.state.answer).toBeNull();
    const r = await saveChecklist(
      handle.db,
      dataDir,
      world.expertA,
      ctx,
      '1.2',
      formFrom(sheet, { [item]: { removePhotos: [sha256Hex(jpeg)] } }),
    );
    expect(r).toMatchObject({ status: 'saved', photosRemoved: 1 });
    sheet = await loadSheet(handle.db, ctx, '1.2');
    expect(sheet.items[1]!.photos).toEqual([]);
    expect(existsSync(path.join(dataDir, 'uploads', sha256Hex(jpeg)))).toBe(true);
  });
});

describe('two experts on the same organisation', () => {
  it('the second stale save of the same item is a conflict showing both values; other items are saved', async () => {
    const ctxA = await ctxFor(world.expertA, world.kindergarten.id);
    const ctxB = await ctxFor(world.expertB, world.kindergarten.id);
    const sheetA = await loadSheet(handle.db, ctxA, '2.1');
    const sheetB = await loadSheet(handle.db, ctxB, '2.1');
    const [x, y, z] = sheetA.items.map((i) => i.id);

    expect(
      await saveChecklist(
        handle.db,
        dataDir,
        world.expertA,
        ctxA,
        '2.1',
        formFrom(sheetA, { [x!]: { answer: 'yes', note: 'кулер в холле' }, [z!]: { answer: 'no' } }),
      ),
    ).toMatchObject({ status: 'saved', changed: 2 });
    const r = await saveChecklist(
      handle.db,
      dataDir,
      world.expertB,
      ctxB,
      '2.1',
      formFrom(sheetB, { [x!]: { answer: 'no', note: 'воды нет' }, [y!]: { answer: 'yes' }, [z!]: { answer: 'no' } }),
    );
    expect(r.status).toBe('conflict');
    if (r.status !== 'conflict') return;
    // y was untouched by A: saved; z got the same value from both: nothing to resolve
    expect(r.changed).toBe(1);
    expect(r.conflicts).toHaveLength(1);
    expect(r.conflicts[0]).toMatchObject({
      itemId: x,
      mine: { answer: 'no', note: 'воды нет' },
      theirs: { answer: 'yes', note: 'кулер в холле', version: 1, recordedByName: 'Эксперт Анна' },
    });

    let now = await loadSheet(handle.db, ctxA, '2.1');
    expect(now.items.find((i) => i.id === x)!.state).toMatchObject({ answer: 'yes', note: 'кулер в холле' });
    expect(now.items.find((i) => i.id === y)!.state.answer).toBe('yes');

    // B chooses their own value on the conflict page: the resubmission is based on the version B has now seen
    const theirs = r.conflicts[0]!.theirs;
    const resolve: ItemInput = {
      itemId: x!,
      ...r.conflicts[0]!.mine,
      baseVersion: theirs.version,
      baseHash: 'conflict',
      photos: [],
      removePhotos: [],
    };
    expect(await saveChecklist(handle.db, dataDir, world.expertB, ctxB, '2.1', [resolve])).toMatchObject({
      status: 'saved',
      changed: 1,
    });
    now = await loadSheet(handle.db, ctxA, '2.1');
    expect(now.items.find((i) => i.id === x)).toMatchObject({
      state: { answer: 'no', note: 'воды нет' },
      version: 2,
      recordedByName: 'Эксперт Борис',
    });

    // and A, still holding version 1, cannot silently overwrite B's choice
    const again = await saveChecklist(
      handle.db,
      dataDir,
      world.expertA,
      ctxA,
      '2.1',
      formFrom(sheetA, { [x!]: { answer: 'na' } }),
    );
    expect(again.status).toBe('conflict');
  });

  it('two concurrent first answers to the same item: exactly one wins, the other is a conflict', async () => {
    const ctxA = await ctxFor(world.expertA, world.kindergarten.id);
    const ctxB = await ctxFor(world.expertB, world.kindergarten.id);
    const sheet = await loadSheet(handle.db, ctxA, '3.1');
    const item = sheet.items[2]!.id;
    const [ra, rb] = await Promise.all([
      saveChecklist(handle.db, dataDir, world.expertA, ctxA, '3.1', formFrom(sheet, { [item]: { answer: 'yes' } })),
      saveChecklist(handle.db, dataDir, world.expertB, ctxB, '3.1', formFrom(sheet, { [item]: { answer: 'no' } })),
    ]);
    expect([ra.status, rb.status].sort()).toEqual(['conflict', 'saved']);
    const stored = (await loadSheet(handle.db, ctxA, '3.1')).items[2]!;
    expect(stored.version).toBe(1);
    expect(stored.state.answer).toBe(ra.status === 'saved' ? 'yes' : 'no');
  });
});

describe('permissions', () => {
  it('an operator of another territory is refused, whatever id is put in the URL', async () => {
    await expect(
      authorizeChecklists(handle.db, world.foreignExpert, world.campaign.id, world.school.id, 'edit'),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      authorizeChecklists(handle.db, world.foreignExpert, world.campaign.id, world.school.id, 'view'),
    ).rejects.toBeInstanceOf(ForbiddenError);
    // own campaign id with a foreign organisation (not in the campaign) and the reverse
    await expect(
      authorizeChecklists(handle.db, world.expertA, world.campaign.id, world.foreignSchool.id, 'edit'),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      authorizeChecklists(handle.db, world.expertA, world.foreignCampaign.id, world.foreignSchool.id, 'edit'),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      authorizeChecklists(handle.db, world.expertA, 'not-a-uuid', world.school.id, 'edit'),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      authorizeChecklists(handle.db, null, world.campaign.id, world.school.id, 'view'),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('a council member may look but not fill in', async () => {
    await expect(
      authorizeChecklists(handle.db, world.council, world.campaign.id, world.school.id, 'view'),
    ).resolves.toMatchObject({ organisation: { id: world.school.id } });
    await expect(
      authorizeChecklists(handle.db, world.council, world.campaign.id, world.school.id, 'edit'),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('answers are frozen once the results are approved', async () => {
    const ctx = await ctxFor();
    await handle.db.update(campaigns).set({ status: 'approved' }).where(eq(campaigns.id, world.campaign.id));
    try {
      await expect(ctxFor()).rejects.toBeInstanceOf(ChecklistError);
      const s = await loadSheet(handle.db, ctx, '2.1');
      const stale = { ...ctx, campaign: { ...ctx.campaign, status: 'approved' } };
      await expect(
        saveChecklist(
          handle.db,
          dataDir,
          world.expertA,
          stale,
          '2.1',
          formFrom(s, { [s.items[4]!.id]: { answer: 'yes' } }),
        ),
      ).rejects.toThrow(/утверждены/);
    } finally {
      await handle.db.update(campaigns).set({ status: 'collecting' }).where(eq(campaigns.id, world.campaign.id));
    }
  });
});

describe('proposals from the site audit', () => {
  it('maps detected channels to 1.2 and missing sections to "no" for 1.1 site items', async () => {
    const ctx = await ctxFor();
    const report = {
      auditDate: '2025-04-01',
      answers: {
        indicator11Site: { present: 3, norm: 10, points: 30 },
        indicator12: {
          channels: [
            { channel: 'telephone', title: 'телефон', detected: true, evidence: '+7', url: 'https://s.example.ru/' },
            { channel: 'faq', title: 'faq', detected: false, evidence: null, url: null },
          ],
          detected: 1,
          points: 30,
        },
        note: '',
      },
      sections: [
        {
          slug: 'common',
          title: 'Основные сведения',
          found: true,
          url: 'https://s.example.ru/sveden/common',
          addressAsRecommended: true,
          via: 'recommended',
          applicable: true,
          jsOnly: false,
          findings: [],
          items: [
            {
              itemprop: 'addressPlace',
              status: 'present',
              evidence: null,
              required: true,
              information: 'present',
              monitor: true,
            },
          ],
        },
        {
          slug: 'budget',
          title: 'Финансово-хозяйственная деятельность',
          found: false,
          url: null,
          addressAsRecommended: false,
          via: 'none',
          applicable: true,
          jsOnly: false,
          findings: [],
          items: [],
        },
      ],
    } as unknown as AuditReport;
    const p = proposalsFromAudit(report, ctx.definitions);
    expect(p['1.2']!.source).toBe('автоматическая проверка сайта от 01.04.2025');
    expect(p['1.2']!.items).toMatchObject({ phone: { answer: 'yes' }, faq: { answer: 'no' } });
    expect(p['1.2']!.items.email).toBeUndefined();
    expect(p['1.1-site']!.items['site.budget.plan']).toMatchObject({ answer: 'no' });
    expect(p['1.1-site']!.items['site.common.address']).toMatchObject({
      answer: null,
      hint: expect.stringMatching(/1 из 1/),
    });
  });
});
