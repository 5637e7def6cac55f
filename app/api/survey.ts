// Survey API for staff: tallies and dashboard (JSON, OpenAPI), offline entry, quarantine review,
// moderation, and the file endpoints (QR, posters, streamed exports).
import { Readable } from 'node:stream';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { and, eq } from 'drizzle-orm';
import { can, canActOnCampaignOrganisation, type Action, type SessionUser } from '../../src/auth/policy';
import { isUuid } from '../../src/auth/scope.server';
import { campaignOrganisations, campaigns, territories } from '../../src/db/schema/registry';
import { responseModes } from '../../src/db/schema/survey';
import { surveyDashboard, ownCount } from '../../src/survey/dashboard.server';
import { exportCsvStream, exportXlsxStream } from '../../src/survey/export.server';
import { ensureSurveyLinks, linkFor, linksOfCampaign } from '../../src/survey/links.server';
import { posterPdf, postersZip, qrPng, qrSvg, questionnaireUrl } from '../../src/survey/poster.server';
import { LOOPBACK_REFUSAL, printableBase } from '../../src/survey/public-base';
import { enterOffline } from '../../src/survey/respond.server';
import { moderateSuggestion, reviewResponses, createAccessCodes } from '../../src/survey/review.server';
import { SurveyError } from '../../src/survey/submit.server';
import { getTallies, toSurveyTally } from '../../src/survey/tallies.server';
import type { HttpDeps } from '../server/http.server';
import { resolveUser } from '../server/session.server';
import { uuidField } from './validation';

type Campaign = typeof campaigns.$inferSelect;

async function campaignScope(
  deps: HttpDeps,
  campaignId: string,
): Promise<{ campaign: Campaign; territoryIds: string[] } | null> {
  if (!/^[0-9a-f-]{36}$/i.test(campaignId)) return null;
  const [campaign] = await deps.db.select().from(campaigns).where(eq(campaigns.id, campaignId));
  if (!campaign) return null;
  const ids = [campaign.territoryId];
  const [t] = await deps.db
    .select({ parentId: territories.parentId })
    .from(territories)
    .where(eq(territories.id, campaign.territoryId));
  if (t?.parentId) ids.push(t.parentId);
  return { campaign, territoryIds: ids };
}

class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404,
    message: string,
  ) {
    super(message);
  }
}

/** The user allowed to do one of `actions` on the campaign (or on one of its organisations). */
async function authorise(c: Context, deps: HttpDeps, campaignId: string, actions: Action[], organisationId?: string) {
  const user = await resolveUser(c, deps);
  if (!user) throw new ApiError(401, 'Войдите в систему.');
  if (organisationId !== undefined && !isUuid(organisationId)) {
    throw new ApiError(400, '«organisationId»: ожидается идентификатор вида 00000000-0000-0000-0000-000000000000.');
  }
  const scope = await campaignScope(deps, campaignId);
  if (!scope) throw new ApiError(user.role === 'admin' ? 404 : 403, 'Недостаточно прав или кампания не найдена.');
  const ok = actions.some((a) => can(user, a, { territoryIds: scope.territoryIds, organisationId }));
  if (!ok) throw new ApiError(403, 'Недостаточно прав для этого действия.');
  return { user, ...scope };
}

function fail(c: Context, err: unknown) {
  if (err instanceof ApiError) return c.json({ error: err.message }, err.status);
  if (err instanceof SurveyError) return c.json({ error: err.messages.join(' '), errors: err.messages }, err.status);
  throw err;
}

const actor = (u: SessionUser) => ({ id: u.id, name: u.name });
const Params = z.object({
  campaignId: uuidField('campaignId').openapi({ example: '00000000-0000-0000-0000-000000000000' }),
});
const OrgParams = Params.extend({ organisationId: uuidField('organisationId') });
const ErrorBody = z.object({ error: z.string() });
const Tally = z.object({
  organisationId: z.string(),
  received: z.number().int(),
  valid: z.number().int(),
  quarantined: z.number().int(),
  excluded: z.number().int(),
  replaced: z.number().int(),
  modes: z.object({
    online: z.number().int(),
    paper: z.number().int(),
    interview: z.number().int(),
    phone: z.number().int(),
  }),
  yes: z.record(z.string(), z.number().int()),
  no: z.record(z.string(), z.number().int()),
  scoring: z.object({ valid: z.number().int(), yes: z.record(z.string(), z.number().int()) }),
  lastResponseAt: z.string().nullable(),
});

export function registerSurveyApi(api: OpenAPIHono, deps: HttpDeps) {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/survey/campaigns/{campaignId}/tallies',
      tags: ['survey'],
      summary: 'Живые итоги опроса по организациям (только учтённые анкеты)',
      request: { params: Params, query: z.object({ organisationId: uuidField('organisationId').optional() }) },
      responses: {
        200: {
          description: 'Итоги',
          content: { 'application/json': { schema: z.object({ tallies: z.array(Tally) }) } },
        },
        401: { description: 'Нужен вход', content: { 'application/json': { schema: ErrorBody } } },
        403: { description: 'Нет прав', content: { 'application/json': { schema: ErrorBody } } },
        404: { description: 'Нет кампании', content: { 'application/json': { schema: ErrorBody } } },
      },
    }),
    (async (c: Context) => {
      try {
        const { campaignId } = c.req.param() as { campaignId: string };
        const { campaign } = await authorise(c, deps, campaignId, ['survey.monitor']);
        const list = await getTallies(deps.db, campaignId, c.req.query('organisationId') || undefined);
        return c.json(
          {
            tallies: list.map((t) => ({
              organisationId: t.organisationId,
              received: t.received,
              valid: t.valid,
              quarantined: t.quarantined,
              excluded: t.excluded,
              replaced: t.replaced,
              modes: t.modes,
              yes: t.yes,
              no: t.no,
              scoring: toSurveyTally(t, campaign.methodologyId),
              lastResponseAt: t.lastResponseAt?.toISOString() ?? null,
            })),
          },
          200,
        );
      } catch (err) {
        return fail(c, err);
      }
    }) as never,
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/survey/campaigns/{campaignId}/dashboard',
      tags: ['survey'],
      summary: 'Ход опроса: получено, целевая выборка, сигналы, последний ответ',
      request: { params: Params },
      responses: {
        200: {
          description: 'Строки по организациям',
          content: { 'application/json': { schema: z.object({ organisations: z.array(z.any()) }) } },
        },
      },
    }),
    (async (c: Context) => {
      try {
        const { campaignId } = c.req.param() as { campaignId: string };
        await authorise(c, deps, campaignId, ['survey.monitor']);
        await ensureSurveyLinks(deps.db, campaignId);
        const rows = await surveyDashboard(deps.db, campaignId);
        return c.json(
          {
            organisations: rows.map(({ tally: _t, ...r }) => ({
              ...r,
              lastResponseAt: r.lastResponseAt?.toISOString() ?? null,
            })),
          },
          200,
        );
      } catch (err) {
        return fail(c, err);
      }
    }) as never,
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/survey/campaigns/{campaignId}/organisations/{organisationId}/count',
      tags: ['survey'],
      summary: 'Сколько анкет получено (для самой организации — только число, без ответов)',
      request: { params: OrgParams },
      responses: {
        200: {
          description: 'Число',
          content: { 'application/json': { schema: z.object({ received: z.number().int() }) } },
        },
      },
    }),
    (async (c: Context) => {
      try {
        const { campaignId, organisationId } = c.req.param() as { campaignId: string; organisationId: string };
        await authorise(c, deps, campaignId, ['survey.ownCount', 'survey.monitor'], organisationId);
        return c.json(await ownCount(deps.db, campaignId, organisationId), 200);
      } catch (err) {
        return fail(c, err);
      }
    }) as never,
  );

  const Entry = z.object({
    organisationId: uuidField('organisationId'),
    mode: z.enum(responseModes.filter((m) => m !== 'online') as ['paper', 'interview', 'phone']),
    answers: z
      .string()
      .max(40)
      .openapi({ description: '1 — да, 0 — нет, «-» — нет ответа, по знаку на вопрос', example: '11110-11111011' }),
    respondent: z.string().optional(),
    sex: z.string().optional(),
    age: z.string().optional(),
    q15: z.string().max(2000).optional(),
  });
  api.openapi(
    createRoute({
      method: 'post',
      path: '/survey/campaigns/{campaignId}/responses',
      tags: ['survey'],
      summary: 'Ввод анкеты оператором (бумага, интервью, телефон)',
      request: { params: Params, body: { content: { 'application/json': { schema: Entry } } } },
      responses: {
        201: {
          description: 'Сохранено',
          content: { 'application/json': { schema: z.object({ responseId: z.number(), status: z.string() }) } },
        },
      },
    }),
    (async (c: Context) => {
      try {
        const { campaignId } = c.req.param() as { campaignId: string };
        const body = Entry.parse(await c.req.json());
        const { user } = await authorise(c, deps, campaignId, ['survey.paperEntry']);
        const fields = new Map(Object.entries(body).filter(([, v]) => typeof v === 'string') as [string, string][]);
        const r = await enterOffline(deps.db, {
          campaignId,
          organisationId: body.organisationId,
          mode: body.mode,
          fields,
          enteredBy: user.id,
        });
        return c.json({ responseId: r.responseId, status: r.status }, 201);
      } catch (err) {
        if (err instanceof z.ZodError) return c.json({ error: 'Неверные данные анкеты.' }, 400);
        return fail(c, err);
      }
    }) as never,
  );

  const Review = z.object({
    ids: z.array(z.number().int()).min(1).max(1000),
    decision: z.enum(['release', 'exclude']),
    reason: z.string().min(3).max(1000),
  });
  api.openapi(
    createRoute({
      method: 'post',
      path: '/survey/campaigns/{campaignId}/quarantine',
      tags: ['survey'],
      summary: 'Решение совета по анкетам на проверке: учесть или исключить (с причиной)',
      request: { params: Params, body: { content: { 'application/json': { schema: Review } } } },
      responses: {
        200: {
          description: 'Сколько анкет решено',
          content: { 'application/json': { schema: z.object({ decided: z.number().int() }) } },
        },
      },
    }),
    (async (c: Context) => {
      try {
        const { campaignId } = c.req.param() as { campaignId: string };
        const body = Review.parse(await c.req.json());
        const { user } = await authorise(c, deps, campaignId, ['survey.quarantine']);
        return c.json({ decided: await reviewResponses(deps.db, { campaignId, ...body, actor: actor(user) }) }, 200);
      } catch (err) {
        if (err instanceof z.ZodError)
          return c.json({ error: 'Укажите анкеты, решение и причину (не короче 3 знаков).' }, 400);
        return fail(c, err);
      }
    }) as never,
  );

  const Moderation = z.object({ decision: z.enum(['approve', 'reject']), text: z.string().max(2000).optional() });
  api.openapi(
    createRoute({
      method: 'post',
      path: '/survey/campaigns/{campaignId}/suggestions/{id}',
      tags: ['survey'],
      summary: 'Модерация предложения: одобрить (с отредактированным текстом) или отклонить',
      request: {
        params: Params.extend({ id: z.string().regex(/^\d{1,15}$/, '«id»: ожидается номер предложения') }),
        body: { content: { 'application/json': { schema: Moderation } } },
      },
      responses: { 204: { description: 'Готово' } },
    }),
    (async (c: Context) => {
      try {
        const { campaignId, id } = c.req.param() as { campaignId: string; id: string };
        const body = Moderation.parse(await c.req.json());
        const { user } = await authorise(c, deps, campaignId, ['survey.moderate']);
        await moderateSuggestion(deps.db, { campaignId, id: Number(id), ...body, actor: actor(user) });
        return c.body(null, 204);
      } catch (err) {
        if (err instanceof z.ZodError) return c.json({ error: 'Неверное решение модерации.' }, 400);
        return fail(c, err);
      }
    }) as never,
  );

  // ---- files (not in the OpenAPI document: binary streams) ----
  // Posters and QR codes never carry a loopback address (src/survey/public-base.ts).
  const printable = (c: Context) => printableBase(deps.config.publicUrl, new URL(c.req.url).origin);
  const refuseLoopback = (c: Context) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ error: LOOPBACK_REFUSAL }, 409);
  };

  api.post('/survey/campaigns/:campaignId/organisations/:organisationId/access-codes', async (c) => {
    try {
      const { campaignId, organisationId } = c.req.param();
      const { user, territoryIds } = await authorise(c, deps, campaignId, ['survey.paperEntry'], organisationId);
      const [member] = await deps.db
        .select({ id: campaignOrganisations.organisationId })
        .from(campaignOrganisations)
        .where(
          and(
            eq(campaignOrganisations.campaignId, campaignId),
            eq(campaignOrganisations.organisationId, organisationId),
          ),
        );
      if (
        !canActOnCampaignOrganisation(
          user,
          'survey.paperEntry',
          { territoryIds },
          member ? { id: member.id, inCampaign: true } : null,
        )
      ) {
        throw new ApiError(
          403,
          'Недостаточно прав: организация не участвует в этой кампании или недоступна вашей учётной записи.',
        );
      }
      const body = (await c.req.json().catch(() => ({}))) as { group?: string; count?: number };
      const codes = await createAccessCodes(deps.db, {
        campaignId,
        organisationId,
        groupLabel: String(body.group ?? ''),
        count: Number(body.count),
        actor: actor(user),
      });
      c.header('Cache-Control', 'no-store');
      return c.json({ group: body.group, codes }, 201);
    } catch (err) {
      return fail(c, err);
    }
  });

  api.get(
    '/survey/campaigns/:campaignId/organisations/:organisationId/:file{qr\\.svg|qr\\.png|poster\\.pdf}',
    async (c) => {
      try {
        const { campaignId, organisationId, file } = c.req.param();
        await authorise(c, deps, campaignId, ['survey.monitor', 'survey.ownCount'], organisationId);
        await ensureSurveyLinks(deps.db, campaignId);
        const link = await linkFor(deps.db, campaignId, organisationId);
        if (!link) return c.json({ error: 'Организация не участвует в этой кампании.' }, 404);
        const where = printable(c);
        if (!where.ok) return refuseLoopback(c);
        const url = questionnaireUrl(where.base, link.code);
        if (file === 'qr.svg') return c.body(await qrSvg(url), 200, { 'Content-Type': 'image/svg+xml; charset=utf-8' });
        if (file === 'qr.png') return c.body(new Uint8Array(await qrPng(url)), 200, { 'Content-Type': 'image/png' });
        return c.body(new Uint8Array(await posterPdf({ ...link, url })), 200, {
          'Content-Type': 'application/pdf',
          'Content-Disposition': `attachment; filename="poster-${link.code}.pdf"`,
        });
      } catch (err) {
        return fail(c, err);
      }
    },
  );

  api.get('/survey/campaigns/:campaignId/posters.zip', async (c) => {
    try {
      const { campaignId } = c.req.param();
      await authorise(c, deps, campaignId, ['survey.monitor']);
      await ensureSurveyLinks(deps.db, campaignId);
      const links = await linksOfCampaign(deps.db, campaignId);
      const where = printable(c);
      if (!where.ok) return refuseLoopback(c);
      return c.body(Readable.toWeb(postersZip(links, where.base)) as ReadableStream, 200, {
        'Content-Type': 'application/zip',
        'Content-Disposition': 'attachment; filename="posters.zip"',
      });
    } catch (err) {
      return fail(c, err);
    }
  });

  api.get('/survey/campaigns/:campaignId/:file{responses\\.csv|responses\\.xlsx}', async (c) => {
    try {
      const { campaignId, file } = c.req.param();
      await authorise(c, deps, campaignId, ['survey.export']);
      const csv = file.endsWith('.csv');
      const stream = csv ? exportCsvStream(deps.db, campaignId) : exportXlsxStream(deps.db, campaignId);
      return c.body(Readable.toWeb(stream) as ReadableStream, 200, {
        'Content-Type': csv
          ? 'text/csv; charset=utf-8'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="${file}"`,
        'Cache-Control': 'no-store',
      });
    } catch (err) {
      return fail(c, err);
    }
  });
}
