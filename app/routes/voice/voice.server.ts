// Scope resolution for the voice staff pages: the territory or organisation named in the URL, its chain
// for the policy module, and the territory's settings. An unknown id is answered like a foreign one.
import { eq } from 'drizzle-orm';
import type { Action } from '../../../src/auth/policy';
import { organisations } from '../../../src/db/schema/registry';
import { getTerritory, isUuid, territoryChain } from '../../../src/registry/organisations.server';
import { ensureSettings } from '../../../src/voice/settings.server';
import type { NokoContext } from '../../context';
import { requireCan } from '../../server/guard';

export async function voiceTerritory(context: NokoContext, request: Request, territoryId: string, action: Action) {
  const territory = isUuid(territoryId) ? await getTerritory(context.db, territoryId) : undefined;
  const chain = territory ? await territoryChain(context.db, territory.id) : null;
  const user = requireCan(context, request, action, chain ? { territoryIds: chain } : null);
  const settings = await ensureSettings(context.db, territory!.id);
  return { user, territory: territory!, chain: chain!, settings };
}

export async function voiceOrganisation(context: NokoContext, request: Request, orgId: string, action: Action) {
  const [org] = isUuid(orgId) ? await context.db.select().from(organisations).where(eq(organisations.id, orgId)) : [];
  const chain = org ? await territoryChain(context.db, org.territoryId) : null;
  const scope = org && chain ? { organisationId: org.id, territoryIds: chain } : null;
  const user = requireCan(context, request, action, scope);
  const settings = await ensureSettings(context.db, org!.territoryId);
  return { user, org: org!, scope: scope!, settings };
}

/** The embeddable snippet for a site: an iframe that works without JavaScript, and a plain link under it. */
export function embedSnippet(base: string, code: string, organisationName: string): string {
  const title = `Анкета о качестве условий: ${organisationName}`.replace(/"/g, '&quot;');
  return `<iframe src="${base}/golos/${code}/vstavka" title="${title}" width="100%" height="1400" style="border:0;max-width:44rem" loading="lazy"></iframe>\n<p><a href="${base}/golos/${code}">Анкета и отзывы: ${organisationName.replace(/</g, '&lt;')}</a></p>`;
}

export const publicBase = (context: NokoContext, request: Request) =>
  (context.config.publicUrl ?? new URL(request.url).origin).replace(/\/+$/, '');
