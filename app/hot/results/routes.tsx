// The public results portal at /rezultaty: the hot path. Plain Hono + React renderToString from the
// immutable published snapshot, no client bundle, no React Router. Pages of a published version never
// change, so they carry an ETag derived from the snapshot's content hash (304 on If-None-Match) and the
// rendered table pages are kept in a small in-memory cache (http-cache.tsx). Everything works with
// JavaScript off: sorting, filtering and paging are links and GET forms; the large-font high-contrast mode
// is a query parameter (?contrast=1) or a cookie set by a plain link.
// This module is the routing table; each page, the downloads, the shell and the styles have their own.
import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { isUuid } from '../../../src/auth/scope.server';
import { publicPlanForOrganisation } from '../../../src/plans/public.server';
import {
  HistoryMemo,
  publishedCampaigns,
  PublishedVersionsMemo,
  SnapshotCache,
} from '../../../src/results/public.server';
import { explanationOf } from '../../../src/results/snapshot';
import { checklistEvidence } from '../../../src/results/sources.server';
import { parseTableQuery, tableQueryString } from '../../../src/results/view';
import type { AppEnv, HttpDeps } from '../../server/http.server';
import { councilCardSection } from '../council-proposals';
import { PublicPlanCard } from '../plans';
import { CampaignList } from './campaign-list-page';
import { download, type DownloadKind } from './downloads';
import { ExplainPage } from './explain-page';
import { PageCache, servePage } from './http-cache';
import { OrganisationPage } from './organisation-page';
import { notFound, Shell } from './shell';
import { TablePage } from './table-page';
import { VersionsPage } from './versions-page';
import { CONTRAST_COOKIE, type View } from './view';

export function createResultsApp(deps: HttpDeps) {
  const app = new Hono<AppEnv>();
  const snapshots = new SnapshotCache();
  const pages = new PageCache();
  const versionsMemo = new PublishedVersionsMemo();
  const historyMemo = new HistoryMemo();

  function contrastOf(c: Context): boolean {
    const q = c.req.query('contrast');
    if (q === '1') return true;
    if (q === '0') return false;
    return getCookie(c, CONTRAST_COOKIE) === '1';
  }

  async function view(c: Context): Promise<View | Response> {
    const campaignId = c.req.param('campaignId') ?? '';
    if (!isUuid(campaignId)) return notFound(c, contrastOf(c));
    const versions = await versionsMemo.get(deps.db, campaignId);
    const current = versions.find((v) => !v.supersededBy) ?? versions[0];
    if (!current) return notFound(c, contrastOf(c));
    const wanted = c.req.query('v');
    const version = wanted ? versions.find((v) => String(v.version) === wanted) : current;
    if (!version) return notFound(c, contrastOf(c));
    const snapshot = await snapshots.get(deps.db, version.id);
    if (!snapshot) return notFound(c, contrastOf(c));
    return {
      base: `/rezultaty/${campaignId}`,
      pin: version === current ? '' : `v=${version.version}`,
      contrast: contrastOf(c),
      version,
      current,
      versions,
      snapshot,
    };
  }

  /** The page cache is per app instance, so each server (and each test server) starts empty. */
  function cached(c: Context, v: View, key: string, render: () => ReactNode, title: string) {
    return servePage(c, pages, v, key, render, title);
  }

  app.get('/', async (c) => {
    const contrast = contrastOf(c);
    const list = await publishedCampaigns(deps.db);
    c.header('Cache-Control', 'public, max-age=0, must-revalidate');
    return c.html(
      '<!doctype html>' +
        renderToString(
          <Shell title="Результаты оценки" contrast={contrast} back="/rezultaty">
            <CampaignList list={list} />
          </Shell>,
        ),
    );
  });

  // The mode switch is a plain link: no script, no form post, nothing to protect (it only styles pages).
  app.get('/kontrast', (c) => {
    const on = c.req.query('on') === '1';
    const back = c.req.query('back') ?? '/rezultaty';
    const target =
      back.startsWith('/rezultaty') && !back.startsWith('//')
        ? back.replace(/([?&])contrast=[01]&?/, '$1').replace(/[?&]$/, '')
        : '/rezultaty';
    setCookie(c, CONTRAST_COOKIE, on ? '1' : '0', {
      path: '/',
      sameSite: 'Lax',
      maxAge: 60 * 60 * 24 * 365,
      httpOnly: true,
    });
    return c.redirect(target, 303);
  });

  app.get('/:campaignId', async (c) => {
    const v = await view(c);
    if (v instanceof Response) return v;
    const q = parseTableQuery(new URL(c.req.url).searchParams);
    return cached(
      c,
      v,
      `table${tableQueryString(q)}`,
      () => <TablePage v={v} q={q} />,
      `${v.snapshot.campaign.title}: результаты`,
    );
  });

  app.get('/:campaignId/versii', async (c) => {
    const v = await view(c);
    if (v instanceof Response) return v;
    return cached(c, v, 'versions', () => <VersionsPage v={v} />, 'Версии результатов');
  });

  app.get('/:campaignId/o/:orgId', async (c) => {
    const v = await view(c);
    if (v instanceof Response) return v;
    const org = v.snapshot.organisations.find((o) => o.id === c.req.param('orgId'));
    if (!org) return notFound(c, v.contrast);
    const history = await historyMemo.get(deps.db, org.id);
    // plans room: the organisation's current public plan; its id and revision are part of the page's identity.
    const plan = await publicPlanForOrganisation(deps.db, org.id);
    // The history grows when a later campaign is published: it is part of the page's identity.
    const council = await councilCardSection(deps.db, v.snapshot.campaign.id, org.id);
    const key = `org|${org.id}|${createHash('sha1').update(JSON.stringify(history)).digest('hex')}|${council.key}|plan:${plan ? `${plan.id}:${plan.revision}:${new Date().toISOString().slice(0, 10)}` : '-'}`;
    return cached(
      c,
      v,
      key,
      () => (
        <>
          <OrganisationPage v={v} org={org} history={history} council={council.element} />
          <PublicPlanCard plan={plan} />
        </>
      ),
      org.name,
    );
  });

  app.get('/:campaignId/o/:orgId/kak/:id', async (c) => {
    const v = await view(c);
    if (v instanceof Response) return v;
    const org = v.snapshot.organisations.find((o) => o.id === c.req.param('orgId'));
    const id = c.req.param('id');
    const e = org ? explanationOf(v.snapshot, org, id) : null;
    if (!org || !e) return notFound(c, v.contrast);
    // Evidence is read live from the checklists (notes and photos are not copied into the snapshot).
    const evidence = await checklistEvidence(deps.db, v.snapshot.campaign.id, org.id);
    c.header('Cache-Control', 'public, max-age=60');
    return c.html(
      '<!doctype html>' +
        renderToString(
          <Shell title={`Как рассчитано: ${e.id}`} contrast={v.contrast} back={c.req.path}>
            <ExplainPage v={v} org={org} e={e} evidence={evidence} />
          </Shell>,
        ),
    );
  });

  async function serveDownload(c: Context, kind: DownloadKind) {
    const v = await view(c);
    if (v instanceof Response) return v;
    return download(c, v, kind);
  }
  app.get('/:campaignId/rezultaty.xlsx', (c) => serveDownload(c, 'xlsx'));
  app.get('/:campaignId/otkrytye-dannye.csv', (c) => serveDownload(c, 'csv'));
  app.get('/:campaignId/otkrytye-dannye.json', (c) => serveDownload(c, 'json'));
  app.get('/:campaignId/otkrytye-dannye-excel.csv', (c) => serveDownload(c, 'excel-csv'));

  return app;
}
