import { deflateSync } from 'node:zlib';
import type { SessionUser } from '../../src/auth/policy';
import type { Db } from '../../src/db/index.server';
import { campaignOrganisations, campaigns, organisations, territories } from '../../src/db/schema/registry';
import { users } from '../../src/db/schema/auth';

let seq = 0;

/** Two municipalities, a school in each, a campaign of the first one, and an operator per municipality. */
export async function seedChecklistWorld(db: Db) {
  seq++;
  const [region] = await db
    .insert(territories)
    .values({ kind: 'region', name: `Область ${seq}` })
    .returning();
  const [home] = await db
    .insert(territories)
    .values({ kind: 'municipality', name: `Домашний район ${seq}`, parentId: region!.id })
    .returning();
  const [other] = await db
    .insert(territories)
    .values({ kind: 'municipality', name: `Соседний район ${seq}`, parentId: region!.id })
    .returning();
  const inn = (n: number) => String(7700000000 + seq * 100 + n);
  const [school] = await db
    .insert(organisations)
    .values({
      territoryId: home!.id,
      fullName: 'МБОУ «Школа № 1»',
      shortName: 'Школа № 1',
      type: 'school',
      inn: inn(1),
    })
    .returning();
  const [kindergarten] = await db
    .insert(organisations)
    .values({
      territoryId: home!.id,
      fullName: 'МБДОУ «Детский сад № 5»',
      shortName: 'Детский сад № 5',
      type: 'preschool',
      inn: inn(2),
    })
    .returning();
  const [foreignSchool] = await db
    .insert(organisations)
    .values({
      territoryId: other!.id,
      fullName: 'МБОУ «Школа № 9»',
      shortName: 'Школа № 9',
      type: 'school',
      inn: inn(3),
    })
    .returning();
  const [campaign] = await db
    .insert(campaigns)
    .values({
      territoryId: home!.id,
      year: 2025,
      title: 'НОК 2025',
      methodologyId: 'edu-2019',
      policies: {},
      status: 'collecting',
    })
    .returning();
  const [foreignCampaign] = await db
    .insert(campaigns)
    .values({
      territoryId: other!.id,
      year: 2025,
      title: 'НОК 2025 соседи',
      methodologyId: 'edu-2019',
      policies: {},
      status: 'collecting',
    })
    .returning();
  await db.insert(campaignOrganisations).values([
    { campaignId: campaign!.id, organisationId: school!.id },
    { campaignId: campaign!.id, organisationId: kindergarten!.id },
    { campaignId: foreignCampaign!.id, organisationId: foreignSchool!.id },
  ]);
  const mkUser = async (
    name: string,
    role: SessionUser['role'],
    territoryId: string | null,
    extra: Partial<SessionUser> = {},
  ): Promise<SessionUser> => {
    const [u] = await db
      .insert(users)
      .values({
        email: `${role}-${name.length}-${seq}-${Math.random().toString(36).slice(2, 8)}@example.ru`,
        name,
        role,
        territoryId,
        councilPosition: extra.councilPosition ?? null,
      })
      .returning();
    return {
      id: u!.id,
      name: u!.name,
      email: u!.email,
      role,
      councilPosition: extra.councilPosition ?? null,
      territoryId,
      organisationId: null,
    };
  };
  const expertA = await mkUser('Эксперт Анна', 'operator', home!.id);
  const expertB = await mkUser('Эксперт Борис', 'operator', home!.id);
  const foreignExpert = await mkUser('Эксперт соседей', 'operator', other!.id);
  const council = await mkUser('Член совета', 'council', home!.id, { councilPosition: 'member' });
  return {
    region: region!,
    home: home!,
    other: other!,
    school: school!,
    kindergarten: kindergarten!,
    foreignSchool: foreignSchool!,
    campaign: campaign!,
    foreignCampaign: foreignCampaign!,
    expertA,
    expertB,
    foreignExpert,
    council,
  };
}

/** A real 1×1 PNG. */
export function tinyPng(): Uint8Array {
  const crc32 = (buf: Buffer) => {
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
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  const idat = deflateSync(Buffer.from([0, 200, 30, 30]));
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', idat),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

/** Starts like a JPEG (SOI + APP0 JFIF); enough for content sniffing. */
export function fakeJpeg(extra = 'photo'): Uint8Array {
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
      Buffer.from('JFIF\0'),
      Buffer.from(extra),
      Buffer.from([0xff, 0xd9]),
    ]),
  );
}

/** ISO-BMFF ftyp box with the given major and compatible brands. */
export function ftyp(major: string, compatible: string[] = []): Uint8Array {
  const size = 16 + 4 * compatible.length;
  const b = Buffer.alloc(size + 8);
  b.writeUInt32BE(size, 0);
  b.write('ftyp', 4, 'ascii');
  b.write(major, 8, 'ascii');
  compatible.forEach((c, i) => b.write(c, 16 + 4 * i, 'ascii'));
  b.writeUInt32BE(8, size);
  b.write('meta', size + 4, 'ascii');
  return new Uint8Array(b);
}
