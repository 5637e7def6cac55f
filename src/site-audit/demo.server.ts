// Demo site audits (npm run demo): the real auditor runs over generated /sveden/ sections served from
// memory (the demo sites' addresses do not exist on the internet). A better organisation marks up more
// of the items the rules expect, so the reports, findings and checklist proposals are those a real
// audit would give for such a site.
import { auditSite } from './audit.server';
import { Fetcher, type FetchCall, type FetchResult } from './fetcher.server';
import { selectRuleset } from './rules/rulesets';
import { DbAuditStore } from './store-db.server';
import type { Db } from '../db/index.server';
import type { Actor } from '../db/audit.server';
import { demoRandom, type DemoOrganisation } from '../campaigns/demo-random';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const page = (title: string, body: string) =>
  `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>${esc(title)}</title></head><body><h1>${esc(title)}</h1>${body}</body></html>`;

function valueOf(prop: string, kind: string, org: DemoOrganisation): string {
  const host = org.website ? new URL(org.website).host : 'example.org';
  switch (kind) {
    case 'doc':
      return `<a itemprop="${prop}" href="/files/${prop}.pdf">Документ (${prop}.pdf)</a>`;
    case 'url':
      return `<a itemprop="${prop}" href="https://${host}/">${host}</a>`;
    case 'date':
      return `<span itemprop="${prop}">01.09.2015</span>`;
    case 'phone':
      return `<span itemprop="${prop}">+7 (900) 123-45-67</span>`;
    case 'email':
      return `<span itemprop="${prop}">info@${host}</span>`;
    case 'number':
      return `<span itemprop="${prop}">25</span>`;
    default:
      return `<span itemprop="${prop}">${esc(org.shortName)}</span>`;
  }
}

/** The pages of one generated site, by path. */
function demoSite(org: DemoOrganisation, date: string, seed: number): Map<string, string> {
  const rnd = demoRandom(seed);
  const { ruleset } = selectRuleset(date);
  const pages = new Map<string, string>();
  const sections = ruleset.sections.filter((s) => !s.orgTypes || s.orgTypes.includes(org.type));
  const links = sections.map((s) => `<li><a href="/sveden/${s.slug}/">${esc(s.title)}</a></li>`).join('');
  pages.set('/', page(org.shortName, `<p><a href="/sveden/">Сведения об образовательной организации</a></p>`));
  pages.set('/sveden/', page('Сведения об образовательной организации', `<ul>${links}</ul>`));
  for (const s of sections) {
    // A weak site leaves whole sections empty, a strong one forgets the odd item.
    if (rnd() > org.quality + 0.15) {
      pages.set(`/sveden/${s.slug}/`, page(s.title, '<p>Раздел находится в разработке.</p>'));
      continue;
    }
    const parts: string[] = [];
    const containers = new Map<string, string[]>();
    for (const item of s.items) {
      if (item.orgTypes && !item.orgTypes.includes(org.type)) continue;
      if (rnd() > org.quality) continue;
      const value = valueOf(item.itemprop, item.kind, org);
      if (item.container) {
        const list = containers.get(item.container) ?? [];
        list.push(value);
        containers.set(item.container, list);
      } else if (!item.isContainer) parts.push(`<p>${value}</p>`);
    }
    for (const [container, inner] of containers)
      parts.push(`<div itemprop="${container}">${inner.map((v) => `<p>${v}</p>`).join('')}</div>`);
    pages.set(`/sveden/${s.slug}/`, page(s.title, parts.join('')));
  }
  return pages;
}

/** A fetcher that answers from the generated pages and never touches the network. */
class DemoFetcher extends Fetcher {
  constructor(private readonly sites: Map<string, Map<string, string>>) {
    super({ politenessDelayMs: 0 });
  }
  override async fetch(url: string, _call: FetchCall = {}): Promise<FetchResult> {
    const u = new URL(url);
    const site = this.sites.get(u.host);
    const path = u.pathname.endsWith('/') || u.pathname.includes('.') ? u.pathname : `${u.pathname}/`;
    const html = site?.get(path);
    this.requests++;
    if (!site) return { ok: false, url, kind: 'dns', message: 'адрес не найден', redirects: [] };
    const body = Buffer.from(html ?? page('Страница не найдена', ''), 'utf8');
    return {
      ok: true,
      url,
      finalUrl: url,
      status: html ? 200 : 404,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      contentType: 'text/html; charset=utf-8',
      body,
      truncated: false,
      size: body.length,
      redirects: [],
      elapsedMs: 5,
    };
  }
}

export async function seedDemoSiteAudits(
  db: Db,
  orgs: readonly DemoOrganisation[],
  plan: { campaignId: string; date: string; finishedAt: Date; seed: number; actor: Actor },
): Promise<number> {
  const withSite = orgs.filter((o) => o.website);
  const sites = new Map(withSite.map((o, i) => [new URL(o.website!).host, demoSite(o, plan.date, plan.seed + i)]));
  const fetcher = new DemoFetcher(sites);
  const store = new DbAuditStore(db);
  const targets = withSite.map((o) => ({ organisationId: o.id, url: o.website!, orgType: o.type }));
  const runId = await store.createRun({
    campaignId: plan.campaignId,
    targets,
    settings: { date: plan.date, insecure: false, checkDocuments: false },
    actor: plan.actor,
  });
  try {
    for (const t of targets) {
      const report = await auditSite(t.url, {
        fetcher,
        orgType: t.orgType,
        date: plan.date,
        checkDocuments: false,
        now: () => plan.finishedAt,
      });
      await store.saveResult(runId, t, { report, error: null, finishedAt: plan.finishedAt.toISOString(), diff: null });
    }
    await store.setRunStatus(runId, 'done');
  } finally {
    await fetcher.close();
  }
  return targets.length;
}
