// Read-only open data of the council room: councils, their published decisions and the adopted proposals
// per organisation (only those whose protocol is published), as JSON and CSV.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { todayIso } from '../../src/campaigns/dates';
import { listCouncils } from '../../src/council/council.server';
import { isUuid } from '../../src/council/errors';
import { addresseeLabels, decisionKindLabels } from '../../src/council/labels';
import { publicCouncil, publicProposals } from '../../src/council/public.server';
import { decisionKinds, proposalAddressees } from '../../src/db/schema/council';
import type { HttpDeps } from '../server/http.server';

const ErrorBody = z.object({ error: z.string() }).openapi('CouncilError');
const CouncilSummary = z
  .object({ id: z.string(), name: z.string(), territoryId: z.string(), territoryName: z.string() })
  .openapi('Council');
const Decision = z
  .object({
    id: z.string(),
    kind: z.enum(decisionKinds),
    kindLabel: z.string(),
    number: z.string(),
    decidedOn: z.string(),
    text: z.string(),
    campaignId: z.string().nullable(),
    campaignTitle: z.string().nullable(),
    meetingId: z.string().nullable(),
    resultVersionId: z.string().nullable(),
    points: z
      .array(z.string())
      .openapi({ description: 'Пункты предложений в техническое задание или дополнительные критерии' }),
  })
  .openapi('CouncilDecision');
const Proposal = z
  .object({
    id: z.string(),
    campaignId: z.string(),
    organisationId: z.string().nullable(),
    organisationName: z.string().nullable(),
    addressee: z.enum(proposalAddressees),
    criterion: z.string(),
    indicator: z.string().nullable(),
    sourceItem: z.string().nullable(),
    text: z.string(),
    needsFunding: z.boolean(),
    resultVersionId: z.string().nullable(),
    decisionNumber: z.string(),
    decisionDate: z.string(),
  })
  .openapi('CouncilProposal');

const CouncilParams = z.object({ councilId: z.string().openapi({ param: { name: 'councilId', in: 'path' } }) });
const CampaignParams = z.object({ campaignId: z.string().openapi({ param: { name: 'campaignId', in: 'path' } }) });
const OrgQuery = z.object({
  organisationId: z
    .string()
    .optional()
    .openapi({ description: 'Только предложения этой организации и адресованные всем' }),
});

function csv(rows: (string | number | boolean | null)[][]): string {
  const cell = (v: string | number | boolean | null) => {
    const s = v === null ? '' : typeof v === 'boolean' ? (v ? 'да' : 'нет') : String(v);
    // A leading =, +, - or @ would run as a formula in a spreadsheet.
    const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
    return /[";\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return '\ufeff' + rows.map((r) => r.map(cell).join(';')).join('\r\n') + '\r\n';
}

export function registerCouncilApi(api: OpenAPIHono, deps: HttpDeps) {
  const notFound = (c: Context, what: string) => c.json({ error: `${what} не найден(ы).` }, 404);

  api.openapi(
    createRoute({
      method: 'get',
      path: '/council/councils',
      tags: ['council'],
      summary: 'Общественные советы',
      responses: {
        200: {
          description: 'Список',
          content: { 'application/json': { schema: z.object({ councils: z.array(CouncilSummary) }) } },
        },
      },
    }),
    (async (c: Context) =>
      c.json(
        {
          councils: (await listCouncils(deps.db)).map((x) => ({
            id: x.id,
            name: x.name,
            territoryId: x.territoryId,
            territoryName: x.territoryName,
          })),
        },
        200,
      )) as never,
  );

  async function decisions(councilId: string) {
    const p = isUuid(councilId) ? await publicCouncil(deps.db, councilId, todayIso()) : null;
    if (!p) return null;
    return p.decisions.map((d) => ({
      id: d.id,
      kind: d.kind,
      kindLabel: decisionKindLabels[d.kind],
      number: d.number,
      decidedOn: d.decidedOn,
      text: d.text,
      campaignId: d.campaignId,
      campaignTitle: d.campaignTitle,
      meetingId: d.meetingId,
      resultVersionId: d.resultVersionId,
      points: Array.isArray(d.payload.points) ? (d.payload.points as string[]) : [],
    }));
  }

  api.openapi(
    createRoute({
      method: 'get',
      path: '/council/councils/{councilId}/decisions',
      tags: ['council'],
      summary: 'Опубликованные решения совета',
      request: { params: CouncilParams },
      responses: {
        200: {
          description: 'Решения',
          content: { 'application/json': { schema: z.object({ decisions: z.array(Decision) }) } },
        },
        404: { description: 'Совет не найден', content: { 'application/json': { schema: ErrorBody } } },
      },
    }),
    (async (c: Context) => {
      const list = await decisions(c.req.param('councilId') ?? '');
      return list ? c.json({ decisions: list }, 200) : notFound(c, 'Совет');
    }) as never,
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/council/councils/{councilId}/decisions.csv',
      tags: ['council'],
      summary: 'Опубликованные решения совета (CSV)',
      request: { params: CouncilParams },
      responses: {
        200: { description: 'CSV (UTF-8 с BOM, разделитель «;»)', content: { 'text/csv': { schema: z.string() } } },
        404: { description: 'Совет не найден', content: { 'application/json': { schema: ErrorBody } } },
      },
    }),
    (async (c: Context) => {
      const list = await decisions(c.req.param('councilId') ?? '');
      if (!list) return notFound(c, 'Совет');
      const body = csv([
        ['номер', 'дата', 'вид', 'кампания', 'текст', 'пункты'],
        ...list.map((d) => [d.number, d.decidedOn, d.kindLabel, d.campaignTitle, d.text, d.points.join(' | ')]),
      ]);
      return c.body(body, 200, {
        'Content-Type': 'text/csv; charset=UTF-8',
        'Content-Disposition': 'attachment; filename="council-decisions.csv"',
      });
    }) as never,
  );

  async function proposals(c: Context) {
    const campaignId = c.req.param('campaignId') ?? '';
    const org = c.req.query('organisationId');
    if (!isUuid(campaignId) || (org !== undefined && !isUuid(org))) return null;
    return publicProposals(deps.db, campaignId, org);
  }

  api.openapi(
    createRoute({
      method: 'get',
      path: '/council/campaigns/{campaignId}/proposals',
      tags: ['council'],
      summary: 'Принятые предложения совета по организациям',
      request: { params: CampaignParams, query: OrgQuery },
      responses: {
        200: {
          description: 'Предложения',
          content: { 'application/json': { schema: z.object({ proposals: z.array(Proposal) }) } },
        },
        400: { description: 'Неверный идентификатор', content: { 'application/json': { schema: ErrorBody } } },
      },
    }),
    (async (c: Context) => {
      const list = await proposals(c);
      if (!list) return c.json({ error: 'Неверный идентификатор кампании или организации.' }, 400);
      return c.json({ proposals: list.map(({ decisionId: _d, ...p }) => p) }, 200);
    }) as never,
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/council/campaigns/{campaignId}/proposals.csv',
      tags: ['council'],
      summary: 'Принятые предложения совета по организациям (CSV)',
      request: { params: CampaignParams, query: OrgQuery },
      responses: {
        200: { description: 'CSV (UTF-8 с BOM, разделитель «;»)', content: { 'text/csv': { schema: z.string() } } },
        400: { description: 'Неверный идентификатор', content: { 'application/json': { schema: ErrorBody } } },
      },
    }),
    (async (c: Context) => {
      const list = await proposals(c);
      if (!list) return c.json({ error: 'Неверный идентификатор кампании или организации.' }, 400);
      const body = csv([
        [
          'организация',
          'адресат',
          'критерий',
          'показатель',
          'источник',
          'предложение',
          'требует средств',
          'решение',
          'дата решения',
        ],
        ...list.map((p) => [
          p.organisationName ?? 'все организации',
          addresseeLabels[p.addressee],
          p.criterion,
          p.indicator,
          p.sourceItem,
          p.text,
          p.needsFunding,
          p.decisionNumber,
          p.decisionDate,
        ]),
      ]);
      return c.body(body, 200, {
        'Content-Type': 'text/csv; charset=UTF-8',
        'Content-Disposition': 'attachment; filename="council-proposals.csv"',
      });
    }) as never,
  );
}
