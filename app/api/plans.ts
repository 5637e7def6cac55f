// Read-only open-data API of improvement plans: approved and published plans with their execution.
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { publicPlan, publicPlansOfCampaign } from '../../src/plans/public.server';
import type { HttpDeps } from '../server/http.server';

const ErrorBody = z.object({ error: z.string() }).openapi('PlansError');

const Row = z
  .object({
    id: z.string(),
    section: z.enum(['I', 'II', 'III', 'IV', 'V']),
    number: z.number().int(),
    shortfall: z.string(),
    measure: z.string(),
    planned: z.string().openapi({ description: 'Графа 3 формы: дата дд.мм.гггг, «постоянно» или периодичность' }),
    plannedDate: z.string().nullable(),
    status: z.enum(['planned', 'in_progress', 'claimed', 'verified', 'cancelled', 'carried_over']),
    statusLabel: z.string(),
    overdue: z.boolean().openapi({ description: 'Вычисляется на день запроса, не хранится' }),
    implemented: z.string().nullable(),
    actualDate: z.string().nullable(),
    verified: z.boolean(),
    photos: z.array(z.number().int()).openapi({ description: 'Номера опубликованных фотографий: /plany/foto/{id}' }),
    links: z.array(z.string()),
    fixedYes: z.number().int(),
    fixedNo: z.number().int(),
    open: z.boolean(),
  })
  .openapi('PlanRow');

const Plan = z
  .object({
    id: z.string(),
    campaignId: z.string(),
    campaignTitle: z.string(),
    organisationId: z.string(),
    organisation: z.string(),
    organisationFullName: z.string(),
    year: z.number().int(),
    version: z.number().int(),
    status: z.enum(['approved', 'published']),
    statusLabel: z.string(),
    act: z.string().nullable(),
    siteUrl: z.string().nullable(),
    revision: z.number().int(),
    sections: z.array(
      z.object({ number: z.enum(['I', 'II', 'III', 'IV', 'V']), title: z.string(), rows: z.array(Row) }),
    ),
    counts: z.object({ total: z.number().int(), done: z.number().int(), overdue: z.number().int() }),
  })
  .openapi('ImprovementPlan');

export function registerPlansApi(api: OpenAPIHono, deps: HttpDeps) {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/plans/campaigns/{campaignId}',
      tags: ['plans'],
      summary: 'Утверждённые планы по устранению недостатков кампании и их исполнение',
      request: { params: z.object({ campaignId: z.string().openapi({ param: { name: 'campaignId', in: 'path' } }) }) },
      responses: {
        200: { description: 'Планы', content: { 'application/json': { schema: z.object({ plans: z.array(Plan) }) } } },
        404: { description: 'Нет утверждённых планов', content: { 'application/json': { schema: ErrorBody } } },
      },
    }),
    (async (c: Context) => {
      const plans = await publicPlansOfCampaign(deps.db, c.req.param('campaignId') ?? '');
      if (!plans.length) return c.json({ error: 'Утверждённые планы не найдены.' }, 404);
      return c.json({ plans }, 200);
    }) as never,
  );
  api.openapi(
    createRoute({
      method: 'get',
      path: '/plans/{planId}',
      tags: ['plans'],
      summary: 'Утверждённый план организации',
      request: { params: z.object({ planId: z.string().openapi({ param: { name: 'planId', in: 'path' } }) }) },
      responses: {
        200: { description: 'План', content: { 'application/json': { schema: Plan } } },
        404: { description: 'Не найден или не утверждён', content: { 'application/json': { schema: ErrorBody } } },
      },
    }),
    (async (c: Context) => {
      const plan = await publicPlan(deps.db, c.req.param('planId') ?? '');
      if (!plan) return c.json({ error: 'План не найден или ещё не утверждён.' }, 404);
      return c.json(plan, 200);
    }) as never,
  );
}
