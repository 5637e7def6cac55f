import { eq } from 'drizzle-orm';
import type { Db } from '../../src/db/index.server';
import { organisations, territories } from '../../src/db/schema/registry';
import { users } from '../../src/db/schema/auth';
import { hashPassword } from '../../src/auth/password.server';
import { createSession } from '../../src/auth/sessions.server';
import type { SessionUser } from '../../src/auth/policy';

export type World = Awaited<ReturnType<typeof seedWorld>>;

let innCounter = 7700000000;

/** A region with two municipalities and one organisation in each. */
export async function seedWorld(db: Db) {
  const [region] = await db.insert(territories).values({ kind: 'region', name: 'Тестовая область' }).returning();
  const [town] = await db
    .insert(territories)
    .values({ kind: 'municipality', name: 'Город А', parentId: region!.id })
    .returning();
  const [otherTown] = await db
    .insert(territories)
    .values({ kind: 'municipality', name: 'Город Б', parentId: region!.id })
    .returning();
  const org = async (territoryId: string, name: string) =>
    (
      await db
        .insert(organisations)
        .values({ territoryId, fullName: name, shortName: name, type: 'school', inn: String(innCounter++) })
        .returning()
    )[0]!;
  const school = await org(town!.id, 'Школа № 1');
  const otherSchool = await org(otherTown!.id, 'Школа № 2');
  return { region: region!, town: town!, otherTown: otherTown!, school, otherSchool };
}

export type Persona = 'admin' | 'authority' | 'chair' | 'member' | 'operator' | 'organisation';
export const personas: readonly Persona[] = ['admin', 'authority', 'chair', 'member', 'operator', 'organisation'];

/** One active account per persona with a known password and an open session. */
export async function seedPeople(db: Db, world: World, password = 'длинный пароль для тестов') {
  const hash = await hashPassword(password);
  const spec: Record<Persona, Omit<typeof users.$inferInsert, 'email' | 'name' | 'passwordHash'>> = {
    admin: { role: 'admin' },
    authority: { role: 'authority', territoryId: world.town.id },
    chair: { role: 'council', councilPosition: 'chair', territoryId: world.town.id },
    member: { role: 'council', councilPosition: 'member', territoryId: world.town.id },
    operator: { role: 'operator', territoryId: world.town.id },
    organisation: { role: 'organisation', organisationId: world.school.id },
  };
  const out = {} as Record<Persona, { user: SessionUser; cookie: string; email: string }>;
  for (const persona of personas) {
    const email = `${persona}-${Math.random().toString(36).slice(2, 8)}@example.ru`;
    const [row] = await db
      .insert(users)
      .values({ ...spec[persona], email, name: `Тест ${persona}`, passwordHash: hash })
      .returning();
    const session = await createSession(db, row!.id);
    out[persona] = {
      email,
      cookie: `noko_session=${session.token}`,
      user: {
        id: row!.id,
        name: row!.name,
        email,
        role: row!.role,
        councilPosition: row!.councilPosition,
        territoryId: row!.territoryId,
        organisationId: row!.organisationId,
      },
    };
  }
  return { people: out, password };
}

export async function userByEmail(db: Db, email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  return row;
}
