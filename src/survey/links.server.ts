// Survey links (campaign × organisation → short code), the campaign's survey window and the per-campaign
// secret. The hot path resolves a code through a tiny in-process cache so that a page view costs no query.
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/index.server';
import { campaignOrganisations, campaigns, organisations } from '../db/schema/registry';
import { surveyLinks, surveySecrets } from '../db/schema/survey';
import { newLinkCode, newSecret } from './codes.server';

export type SurveyLink = {
  code: string;
  campaignId: string;
  organisationId: string;
  closed: boolean;
  organisationName: string;
  organisationShortName: string;
  recipients: number | null;
  campaignTitle: string;
  campaignStatus: string;
  methodologyId: string;
  opensOn: string | null;
  closesOn: string | null;
  territoryId: string;
  secret: string;
};

export type SurveyWindow = 'open' | 'notYet' | 'closed';

/** Today's date (yyyy-mm-dd) in the time zone survey windows are read in. */
export function todayIn(timeZone: string, now = new Date()): string {
  // Building an Intl formatter costs far more than formatting, and formatting still showed in the /q
  // profile: keep one formatter per zone and reuse its answer within the same minute (every zone's
  // offset is a whole number of minutes, so the date cannot change inside one).
  let f = formatters.get(timeZone);
  if (!f)
    formatters.set(
      timeZone,
      (f = {
        format: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
        minute: NaN,
        value: '',
      }),
    );
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute !== f.minute) {
    f.value = f.format.format(now);
    f.minute = minute;
  }
  return f.value;
}
const formatters = new Map<string, { format: Intl.DateTimeFormat; minute: number; value: string }>();

export const SURVEY_TIME_ZONE = 'Europe/Moscow';

/** Open only while the campaign collects data and today is inside the (inclusive) survey dates. */
export function surveyWindow(
  link: Pick<SurveyLink, 'campaignStatus' | 'opensOn' | 'closesOn'>,
  today: string,
): SurveyWindow {
  if (link.campaignStatus === 'draft') return 'notYet';
  if (link.campaignStatus !== 'collecting') return 'closed';
  if (link.opensOn && today < link.opensOn) return 'notYet';
  if (link.closesOn && today > link.closesOn) return 'closed';
  return 'open';
}

/** The campaign's survey secret, created on first use. */
export async function campaignSecret(tx: Tx, campaignId: string): Promise<string> {
  await tx.insert(surveySecrets).values({ campaignId, secret: newSecret() }).onConflictDoNothing();
  const [row] = await tx
    .select({ secret: surveySecrets.secret })
    .from(surveySecrets)
    .where(eq(surveySecrets.campaignId, campaignId));
  return row!.secret;
}

/** Creates the missing links (and the secret) for every organisation of a campaign; returns code by organisation. */
export async function ensureSurveyLinks(db: Db, campaignId: string): Promise<Map<string, string>> {
  await campaignSecret(db, campaignId);
  const orgs = await db
    .select({ organisationId: campaignOrganisations.organisationId, code: surveyLinks.code })
    .from(campaignOrganisations)
    .leftJoin(
      surveyLinks,
      and(
        eq(surveyLinks.campaignId, campaignOrganisations.campaignId),
        eq(surveyLinks.organisationId, campaignOrganisations.organisationId),
      ),
    )
    .where(eq(campaignOrganisations.campaignId, campaignId));
  const result = new Map<string, string>();
  for (const o of orgs) {
    if (o.code) {
      result.set(o.organisationId, o.code);
      continue;
    }
    for (let attempt = 0; ; attempt++) {
      const code = newLinkCode();
      const inserted = await db
        .insert(surveyLinks)
        .values({ code, campaignId, organisationId: o.organisationId })
        .onConflictDoNothing()
        .returning({ code: surveyLinks.code });
      if (inserted[0]) {
        result.set(o.organisationId, code);
        break;
      }
      // Either the code collided (retry) or another caller created this organisation's link meanwhile.
      const [existing] = await db
        .select({ code: surveyLinks.code })
        .from(surveyLinks)
        .where(and(eq(surveyLinks.campaignId, campaignId), eq(surveyLinks.organisationId, o.organisationId)));
      if (existing) {
        result.set(o.organisationId, existing.code);
        break;
      }
      if (attempt > 5) throw new Error('не удалось подобрать уникальный код анкеты');
    }
  }
  return result;
}

export async function setClosedMode(
  db: Db,
  campaignId: string,
  organisationId: string,
  closed: boolean,
): Promise<void> {
  await db
    .update(surveyLinks)
    .set({ closed })
    .where(and(eq(surveyLinks.campaignId, campaignId), eq(surveyLinks.organisationId, organisationId)));
  forgetLinks();
}

const selectLink = (db: Db) =>
  db
    .select({
      code: surveyLinks.code,
      campaignId: surveyLinks.campaignId,
      organisationId: surveyLinks.organisationId,
      closed: surveyLinks.closed,
      organisationName: organisations.fullName,
      organisationShortName: organisations.shortName,
      recipients: organisations.recipients,
      campaignTitle: campaigns.title,
      campaignStatus: campaigns.status,
      methodologyId: campaigns.methodologyId,
      opensOn: campaigns.surveyOpensOn,
      closesOn: campaigns.surveyClosesOn,
      territoryId: campaigns.territoryId,
      secret: sql<string>`coalesce(${surveySecrets.secret}, '')`,
    })
    .from(surveyLinks)
    .innerJoin(campaigns, eq(campaigns.id, surveyLinks.campaignId))
    .innerJoin(organisations, eq(organisations.id, surveyLinks.organisationId))
    .leftJoin(surveySecrets, eq(surveySecrets.campaignId, surveyLinks.campaignId));

export async function linkFor(db: Db, campaignId: string, organisationId: string): Promise<SurveyLink | null> {
  const [row] = await selectLink(db).where(
    and(eq(surveyLinks.campaignId, campaignId), eq(surveyLinks.organisationId, organisationId)),
  );
  return row ?? null;
}

export async function linksOfCampaign(db: Db, campaignId: string): Promise<SurveyLink[]> {
  return selectLink(db).where(eq(surveyLinks.campaignId, campaignId)).orderBy(organisations.shortName);
}

/**
 * Campaign status and dates change rarely; a few seconds of staleness is acceptable and saves a query
 * per page view and per submission on the hot path.
 */
const LINK_TTL_MS = 5_000;
// Keyed by database handle: tests open several databases in one process.
const linkCache = new Map<object, Map<string, { at: number; link: SurveyLink | null }>>();

export async function resolveLink(db: Db, code: string, now = Date.now()): Promise<SurveyLink | null> {
  let cache = linkCache.get(db);
  if (!cache) linkCache.set(db, (cache = new Map()));
  const hit = cache.get(code);
  if (hit && now - hit.at < LINK_TTL_MS) return hit.link;
  const [row] = await selectLink(db).where(eq(surveyLinks.code, code));
  let link = row ?? null;
  if (link && !link.secret) link = { ...link, secret: await campaignSecret(db, link.campaignId) };
  if (cache.size > 10_000) cache.clear();
  cache.set(code, { at: now, link });
  return link;
}

/** Drops cached links, e.g. after changing closed mode or a campaign's window. */
export function forgetLinks(): void {
  linkCache.clear();
}
