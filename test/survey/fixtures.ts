import { campaignOrganisations, campaigns, organisations, territories } from '../../src/db/schema/registry';
import { users } from '../../src/db/schema/auth';
import type { Db } from '../../src/db/index.server';
import { ensureSurveyLinks, forgetLinks } from '../../src/survey/links.server';
import { CSRF_COOKIE, csrfTokenFor } from '../../app/server/csrf.server';

let inn = 7700000000 + Math.floor(Math.random() * 1_000_000);

export type SurveyFixture = {
  territoryId: string;
  campaignId: string;
  orgIds: string[];
  codes: string[];
  operatorId: string;
};

export async function seedSurvey(
  db: Db,
  opts: {
    orgs?: number;
    status?: 'draft' | 'collecting' | 'closed';
    opensOn?: string | null;
    closesOn?: string | null;
    recipients?: number;
  } = {},
): Promise<SurveyFixture> {
  const [territory] = await db.insert(territories).values({ kind: 'municipality', name: 'Тестовый район' }).returning();
  const orgIds: string[] = [];
  for (let i = 0; i < (opts.orgs ?? 2); i++) {
    const [o] = await db
      .insert(organisations)
      .values({
        territoryId: territory!.id,
        fullName: `Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № ${i + 1}»`,
        shortName: `Школа № ${i + 1}`,
        type: 'school',
        inn: String(inn++),
        recipients: opts.recipients ?? 500,
      })
      .returning();
    orgIds.push(o!.id);
  }
  const [campaign] = await db
    .insert(campaigns)
    .values({
      territoryId: territory!.id,
      year: 2025,
      title: 'НОК 2025',
      methodologyId: 'edu-2019',
      policies: {},
      status: opts.status ?? 'collecting',
      surveyOpensOn: opts.opensOn === undefined ? '2000-01-01' : opts.opensOn,
      surveyClosesOn: opts.closesOn === undefined ? '2999-12-31' : opts.closesOn,
    })
    .returning();
  await db
    .insert(campaignOrganisations)
    .values(orgIds.map((organisationId) => ({ campaignId: campaign!.id, organisationId })));
  const links = await ensureSurveyLinks(db, campaign!.id);
  const [operator] = await db
    .insert(users)
    .values({ email: `op${inn}@example.test`, name: 'Оператор Тестов', role: 'operator', territoryId: territory!.id })
    .returning();
  forgetLinks();
  return {
    territoryId: territory!.id,
    campaignId: campaign!.id,
    orgIds,
    codes: orgIds.map((id) => links.get(id)!),
    operatorId: operator!.id,
  };
}

export const NONCE = 'SurveyTestNonce0123456789';
export function csrfPair(secret: string) {
  return { cookie: `${CSRF_COOKIE}=${NONCE}`, token: csrfTokenFor(secret, NONCE) };
}

export const ALL_YES = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`q${i + 1}`, 'yes']));
