// Read-only open-data API of published results. Only published versions are served; survey numbers of
// organisations below the minimum of responses are null here as on the public pages.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { isUuid } from '../../src/auth/scope.server';
import { explanationOf, surveyParts } from '../../src/results/snapshot';
import {
  organisationHistory,
  publishedCampaigns,
  publishedVersions,
  SnapshotCache,
} from '../../src/results/public.server';
import { isHidden, shownValue } from '../../src/results/view';
import type { HttpDeps } from '../server/http.server';

const ErrorBody = z.object({ error: z.string() }).openapi('ResultsError');
const Points = z
  .number()
  .nullable()
  .openapi({ description: 'Баллы 0–100, без округления; null — нет данных или недостаточно ответов' });
const Interval = z.object({ lower: z.number(), upper: z.number() }).nullable();

const CampaignSummary = z
  .object({
    campaignId: z.string(),
    title: z.string(),
    year: z.number().int(),
    territoryName: z.string(),
    version: z.number().int(),
    organisations: z.number().int(),
    publishedAt: z.string().nullable(),
  })
  .openapi('PublishedCampaign');

const Version = z
  .object({
    version: z.number().int(),
    contentHash: z.string(),
    publishedAt: z.string().nullable(),
    decisionNumber: z.string().nullable(),
    decisionDate: z.string().nullable(),
    reason: z.string().nullable(),
    superseded: z.boolean(),
  })
  .openapi('ResultVersion');

const OrganisationRow = z
  .object({
    id: z.string(),
    inn: z.string().nullable().openapi({ description: 'ИНН организации' }),
    name: z.string(),
    type: z.enum(['preschool', 'school', 'college', 'additional']),
    municipality: z.string(),
    respondents: z.number().int(),
    belowMinimum: z.boolean(),
    criteria: z.record(z.string(), Points),
    total: Points,
    band: z.string().nullable(),
    rank: z.number().int().nullable(),
    totalInterval: Interval,
  })
  .openapi('OrganisationResult');

const ExplanationSchema = z
  .object({
    kind: z.enum(['indicator', 'criterion', 'total']),
    id: z.string(),
    title: z.string(),
    formula: z.object({ text: z.string(), symbolic: z.string() }),
    inputs: z.array(z.object({ label: z.string(), symbol: z.string(), value: z.number().nullable() })),
    weights: z.record(z.string(), z.number()).optional(),
    policy: z.object({ zeroDenominator: z.string(), applied: z.array(z.string()) }),
    rounding: z.string(),
    exact: z.number().nullable(),
    value: z.number().nullable(),
  })
  .openapi('Explanation');

const Params = z.object({
  campaignId: z
    .string()
    .openapi({ param: { name: 'campaignId', in: 'path' }, example: '00000000-0000-0000-0000-000000000000' }),
});
const VersionQuery = z.object({
  version: z.string().optional().openapi({ description: 'Номер опубликованной версии; по умолчанию действующая' }),
});

export function registerResultsApi(api: OpenAPIHono, deps: HttpDeps) {
  const snapshots = new SnapshotCache(4);

  async function load(c: Context) {
    const campaignId = c.req.param('campaignId') ?? '';
    if (!isUuid(campaignId)) return null;
    const versions = await publishedVersions(deps.db, campaignId);
    const wanted = c.req.query('version');
    const v = wanted ? versions.find((x) => String(x.version) === wanted) : versions.find((x) => !x.supersededBy);
    if (!v) return null;
    const s = await snapshots.get(deps.db, v.id);
    if (!s) return null;
    c.header('ETag', `"${v.contentHash.slice(0, 16)}-api"`);
    c.header('Cache-Control', 'public, max-age=0, must-revalidate');
    return { v, s, versions };
  }
  const versionOf = (v: Awaited<ReturnType<typeof publishedVersions>>[number]) => ({
    version: v.version,
    contentHash: v.contentHash,
    publishedAt: v.publishedAt?.toISOString() ?? null,
    decisionNumber: v.decisionNumber,
    decisionDate: v.decisionDate,
    reason: v.reason,
    superseded: v.supersededBy !== null,
  });
  const notFound = (c: Context) => c.json({ error: 'Опубликованные результаты не найдены.' }, 404);

  api.openapi(
    createRoute({
      method: 'get',
      path: '/results/campaigns',
      tags: ['results'],
      summary: 'Кампании с опубликованными результатами',
      responses: {
        200: {
          description: 'Список',
          content: { 'application/json': { schema: z.object({ campaigns: z.array(CampaignSummary) }) } },
        },
      },
    }),
    (async (c: Context) => {
      const list = await publishedCampaigns(deps.db);
      return c.json({ campaigns: list.map((x) => ({ ...x, publishedAt: x.publishedAt?.toISOString() ?? null })) }, 200);
    }) as never,
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/results/campaigns/{campaignId}',
      tags: ['results'],
      summary: 'Результаты кампании: итоги и критерии всех организаций',
      request: { params: Params, query: VersionQuery },
      responses: {
        200: {
          description: 'Опубликованная версия',
          content: {
            'application/json': {
              schema: z.object({
                campaign: z.object({
                  id: z.string(),
                  title: z.string(),
                  year: z.number().int(),
                  territoryName: z.string(),
                }),
                methodology: z.object({ id: z.string(), title: z.string() }),
                policies: z.record(z.string(), z.unknown()),
                version: Version,
                versions: z.array(Version),
                mean: z.object({ total: Points, criteria: z.record(z.string(), Points) }),
                organisations: z.array(OrganisationRow),
              }),
            },
          },
        },
        404: { description: 'Не опубликовано', content: { 'application/json': { schema: ErrorBody } } },
      },
    }),
    (async (c: Context) => {
      const r = await load(c);
      if (!r) return notFound(c);
      const { s, v, versions } = r;
      return c.json(
        {
          campaign: {
            id: s.campaign.id,
            title: s.campaign.title,
            year: s.campaign.year,
            territoryName: s.campaign.territoryName,
          },
          methodology: s.methodology,
          policies: s.policies,
          version: versionOf(v),
          versions: versions.map(versionOf),
          mean: { total: s.territory.total, criteria: s.territory.criteria },
          organisations: s.organisations.map((o) => ({
            id: o.id,
            inn: o.inn,
            name: o.name,
            type: o.type,
            municipality: o.territoryName,
            respondents: o.respondents,
            belowMinimum: o.belowMinimum,
            criteria: Object.fromEntries(s.criteria.map((k) => [k.id, shownValue(s, o, k.id, 'public')])),
            total: o.total,
            band: o.band,
            rank: o.rank,
            totalInterval: o.surveyInterval ? { lower: o.surveyInterval.lower, upper: o.surveyInterval.upper } : null,
          })),
        },
        200,
      );
    }) as never,
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/results/campaigns/{campaignId}/organisations/{organisationId}',
      tags: ['results'],
      summary: 'Результат организации: показатели, критерии, объяснение каждого числа, история',
      request: {
        params: Params.extend({
          organisationId: z.string().openapi({ param: { name: 'organisationId', in: 'path' } }),
        }),
        query: VersionQuery,
      },
      responses: {
        200: {
          description: 'Организация',
          content: {
            'application/json': {
              schema: z.object({
                organisation: OrganisationRow,
                indicators: z.record(
                  z.string(),
                  z.object({
                    value: Points,
                    insufficientData: z.boolean(),
                    survey: z
                      .object({
                        respondents: z.number().int(),
                        parts: z.array(
                          z.object({
                            label: z.string(),
                            yes: z.number().int(),
                            n: z.number().int(),
                            lower: z.number().nullable(),
                            upper: z.number().nullable(),
                          }),
                        ),
                      })
                      .nullable(),
                  }),
                ),
                explanations: z.record(z.string(), ExplanationSchema.nullable()),
                history: z.array(
                  z.object({
                    campaignId: z.string(),
                    title: z.string(),
                    year: z.number().int(),
                    version: z.number().int(),
                    total: Points,
                    rank: z.number().int().nullable(),
                  }),
                ),
              }),
            },
          },
        },
        404: { description: 'Не найдено', content: { 'application/json': { schema: ErrorBody } } },
      },
    }),
    (async (c: Context) => {
      const r = await load(c);
      const o = r?.s.organisations.find((x) => x.id === c.req.param('organisationId'));
      if (!r || !o) return notFound(c);
      const { s } = r;
      const ids = [...s.criteria.flatMap((k) => k.indicators.map((i) => i.id)), ...s.criteria.map((k) => k.id), 'Sn'];
      const history = await organisationHistory(deps.db, o.id);
      return c.json(
        {
          organisation: {
            id: o.id,
            inn: o.inn,
            name: o.name,
            type: o.type,
            municipality: o.territoryName,
            respondents: o.respondents,
            belowMinimum: o.belowMinimum,
            criteria: Object.fromEntries(s.criteria.map((k) => [k.id, shownValue(s, o, k.id, 'public')])),
            total: o.total,
            band: o.band,
            rank: o.rank,
            totalInterval: o.surveyInterval ? { lower: o.surveyInterval.lower, upper: o.surveyInterval.upper } : null,
          },
          indicators: Object.fromEntries(
            s.criteria
              .flatMap((k) => k.indicators)
              .map((i) => {
                const hidden = isHidden(s, o, i.id, 'public');
                return [
                  i.id,
                  {
                    value: shownValue(s, o, i.id, 'public'),
                    insufficientData: hidden,
                    survey:
                      hidden || !o.indicators[i.id]?.survey
                        ? null
                        : { respondents: o.indicators[i.id]!.survey!.respondents, parts: surveyParts(s, o, i.id) },
                  },
                ];
              }),
          ),
          explanations: Object.fromEntries(
            ids.map((id) => [id, isHidden(s, o, id, 'public') ? null : explanationOf(s, o, id)]),
          ),
          history: history.map((h) => ({
            campaignId: h.campaignId,
            title: h.title,
            year: h.year,
            version: h.version,
            total: h.total,
            rank: h.rank,
          })),
        },
        200,
      );
    }) as never,
  );
}
