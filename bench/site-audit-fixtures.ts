// Time per site on the site-audit fixture set with politeness on (200 ms pause, one request at a time per
// host), documents checked: first audit and re-audit (conditional requests where the report carries the
// validators). Fixture servers run in this process: the auditor waits on the network, not on CPU.
// Usage: npx tsx bench/site-audit-fixtures.ts
import os from 'node:os';
import { auditSiteWithStats, type AuditOptions } from '../src/site-audit/audit.server';
import {
  brokenLinksSite,
  dropdownToggleSite,
  misplacedTokenSite,
  plainTextCommonSite,
  sharedTokensSite,
  typoMenuSite,
  universitySite,
  variantLinkSite,
  wrongSpellingsSite,
} from '../test/site-audit/fixtures/real-sites';
import { compliantSchool, type Site } from '../test/site-audit/fixtures/school';
import {
  cp1251Site,
  goswebSite,
  jsOnlySite,
  legacy2020Site,
  markupVariantsSite,
  noMarkupSite,
  oneTabSite,
  wrongSlugSite,
} from '../test/site-audit/fixtures/variants';
import { serve } from '../test/site-audit/helpers/server';

const SITES: [string, () => Site][] = [
  ['compliant', compliantSchool],
  ['legacy2020', legacy2020Site],
  ['cp1251', cp1251Site],
  ['noMarkup', noMarkupSite],
  ['oneTab', oneTabSite],
  ['gosweb', goswebSite],
  ['jsOnly', jsOnlySite],
  ['wrongSlug', wrongSlugSite],
  ['markupVariants', markupVariantsSite],
  ['sharedTokens', sharedTokensSite],
  ['misplacedToken', misplacedTokenSite],
  ['wrongSpellings', wrongSpellingsSite],
  ['dropdownToggle', dropdownToggleSite],
  ['typoMenu', typoMenuSite],
  ['brokenLinks', brokenLinksSite],
  ['variantLink', () => variantLinkSite()],
  ['plainTextCommon', plainTextCommonSite],
  ['university', universitySite],
];

/** The compliant site with real-sized files (1 MiB PDFs, 0.5 MiB .docx for the charter) on a 4 MiB/s host. */
function heavyDocumentsSite(): Site {
  const site = compliantSchool();
  for (const [p, r] of Object.entries(site))
    if (p.startsWith('/files/'))
      site[p] = { ...r, body: Buffer.concat([Buffer.from(r.body), Buffer.alloc(1 << 20, 0x20)]) };
  const doc = site['/sveden/document'] as Site[string];
  site['/sveden/document'] = { ...doc, body: String(doc.body).replace('/files/ustav.pdf', '/files/ustav.docx') };
  site['/files/ustav.docx'] = {
    headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
    body: Buffer.alloc(1 << 19, 1),
  };
  return site;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

interface Row {
  name: string;
  ms: number;
  requests: number;
  duplicates: number;
  bytes: number;
  reMs: number;
  reRequests: number;
  notModified: number;
  reBytes: number;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const [name, make] of [...SITES, ['heavyDocuments (4 MiB/s)', heavyDocumentsSite] as [string, () => Site]]) {
    const server = await serve(make(), {
      validators: true,
      ...(name.startsWith('heavy') ? { bytesPerSecond: 4 << 20 } : {}),
    });
    const base: AuditOptions = { date: '2025-12-01', orgType: name === 'university' ? 'higher' : 'school' };
    let t = performance.now();
    const first = await auditSiteWithStats(server.url, base);
    const ms = performance.now() - t;
    const seen = new Map<string, number>();
    for (const l of server.log)
      seen.set(`${l.method ?? 'GET'} ${l.path}`, (seen.get(`${l.method ?? 'GET'} ${l.path}`) ?? 0) + 1);
    const duplicates = [...seen.values()].reduce((a, n) => a + (n - 1), 0);
    const before = server.log.length;
    t = performance.now();
    const again = await auditSiteWithStats(server.url, { ...base, previous: first.report } as AuditOptions);
    const reMs = performance.now() - t;
    const notModified = server.log.slice(before).filter((l) => l.status === 304).length;
    const bytesOf = (ls: typeof server.log) => ls.reduce((a, l) => a + (l.bytes ?? 0), 0);
    rows.push({
      name,
      ms,
      requests: first.stats.requests,
      duplicates,
      bytes: bytesOf(server.log.slice(0, before)),
      reMs,
      reRequests: again.stats.requests,
      notModified,
      reBytes: bytesOf(server.log.slice(before)),
    });
    await server.close();
  }
  console.log(
    '| Site | First audit, s | Requests | Repeated URL+method | Body bytes | Re-audit, s | Requests | 304 | Body bytes |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.name} | ${(r.ms / 1000).toFixed(2)} | ${r.requests} | ${r.duplicates} | ${r.bytes} | ${(r.reMs / 1000).toFixed(2)} | ${r.reRequests} | ${r.notModified} | ${r.reBytes} |`,
    );
  const fixtures = rows.filter((r) => !r.name.startsWith('heavy'));
  console.log(
    `\nMedian per site (fixture set, ${fixtures.length} sites): first ${(median(fixtures.map((r) => r.ms)) / 1000).toFixed(2)} s, re-audit ${(median(fixtures.map((r) => r.reMs)) / 1000).toFixed(2)} s`,
  );
  console.log(
    `\nMedian per site incl. heavy: first ${(median(rows.map((r) => r.ms)) / 1000).toFixed(2)} s, re-audit ${(median(rows.map((r) => r.reMs)) / 1000).toFixed(2)} s; load average ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
}

await main();
