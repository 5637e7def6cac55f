// One body limit for every request, applied before anything reads the body (the CSRF check parses forms
// to find its token). Without it an anonymous 200 MB multipart POST was read into memory whole before
// being refused. Small by default; larger only on the routes that take uploads, and only for a signed-in
// role that may upload there: an anonymous visitor can never make the server hold more than the default.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { can, type Action } from '../../src/auth/policy';
import { MAX_DOCUMENT_BYTES } from '../../src/council/documents';
import { MAX_IMPORT_BYTES } from '../../src/registry/import.server';
import type { HttpDeps } from './http.server';
import { resolveUser } from './session.server';
import { MAX_EVIDENCE_BYTES, MAX_EVIDENCE_FILES } from '../../src/plans/execution.server';
import { MAX_SCAN_BYTES } from '../../src/council/meetings.server';

/** Staff forms, JSON API calls, login: generous for text, far too small to hurt. */
export const DEFAULT_BODY_LIMIT = 256 * 1024;

const MB = 1024 * 1024;
/** Multipart framing and the other fields of an upload form. */
const FORM_OVERHEAD = 1 * MB;

export type UploadRoute = {
  /** Path of the page or of its React Router data request (`….data`). */
  pattern: RegExp;
  maxBytes: number;
  /** A role with any of these may post this much (territory scope is checked later by the route itself). */
  actions: readonly Action[];
  /** The refusal, in the words the route's own form uses. */
  message: string;
};

/** Every route that takes files. A new upload form adds its line here. */
export const uploadRoutes: readonly UploadRoute[] = [
  {
    pattern: /^\/registry\/[^/]+(\.data)?\/?$/,
    maxBytes: MAX_IMPORT_BYTES + FORM_OVERHEAD,
    actions: ['registry.edit'],
    message: `Файл слишком большой: допустимо не больше ${MAX_IMPORT_BYTES / MB} МБ. Разделите его на части. Ничего не сохранено.`,
  },
  {
    pattern: /^\/campaigns\/[^/]+(\.data)?\/?$/,
    maxBytes: MAX_DOCUMENT_BYTES + FORM_OVERHEAD,
    actions: ['campaign.edit', 'campaign.decide'],
    message: `Документ больше ${MAX_DOCUMENT_BYTES / MB} МБ. Ничего не сохранено.`,
  },
  {
    pattern: /^\/campaigns\/[^/]+\/org\/[^/]+\/checklists\/[^/]+(\.data)?\/?$/,
    maxBytes: 5 * 10 * MB + 2 * MB,
    actions: ['checklist.edit'],
    message:
      'Слишком большой запрос: за одно сохранение можно загрузить не больше 5 фотографий по 10 МБ. Ничего не сохранено.',
  },
  {
    // A plan row claimed done with its evidence (src/plans/execution.server.ts).
    pattern: /^\/plans\/[^/]+(\.data)?\/?$/,
    maxBytes: MAX_EVIDENCE_FILES * MAX_EVIDENCE_BYTES + 2 * MB,
    actions: ['plans.edit'],
    message: `Слишком большой запрос: за один раз можно приложить не больше ${MAX_EVIDENCE_FILES} файлов по ${MAX_EVIDENCE_BYTES / MB} МБ. Ничего не сохранено.`,
  },
  {
    // The signed scan of a meeting's protocol.
    pattern: /^\/council\/[^/]+\/meetings\/[^/]+(\.data)?\/?$/,
    maxBytes: MAX_SCAN_BYTES + FORM_OVERHEAD,
    actions: ['council.record'],
    message: `Скан больше ${MAX_SCAN_BYTES / MB} МБ. Ничего не сохранено.`,
  },
];

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function globalBodyLimit(
  deps: Pick<HttpDeps, 'db'>,
  routes: readonly UploadRoute[] = uploadRoutes,
): MiddlewareHandler {
  const small = bodyLimit({ maxSize: DEFAULT_BODY_LIMIT, onError: (c) => tooLarge(c, null) });
  const large = new Map(routes.map((r) => [r, bodyLimit({ maxSize: r.maxBytes, onError: (c) => tooLarge(c, r) })]));
  return async (c, next) => {
    if (!BODY_METHODS.has(c.req.method)) return next();
    // Already read (and bounded) by a hot path's own reader (/q, /golos): app/server/form.ts.
    if (c.get('parsedForm' as never)) return next();
    const route = routes.find((r) => r.pattern.test(c.req.path));
    if (route && (await mayUpload(c, deps, route))) return large.get(route)!(c, next);
    return small(c, next);
  };
}

async function mayUpload(c: Context, deps: Pick<HttpDeps, 'db'>, route: UploadRoute): Promise<boolean> {
  const declared = c.req.header('content-length');
  // A small declared body needs no session lookup: the default limit lets it through anyway.
  if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) <= DEFAULT_BODY_LIMIT) return false;
  const user = await resolveUser(c, deps);
  return !!user && route.actions.some((a) => can(user, a));
}

function tooLarge(c: Context, route: UploadRoute | null) {
  const message = route
    ? route.message
    : 'Слишком большой запрос. Загружать файлы могут только сотрудники, вошедшие в систему, и только в формах загрузки. Ничего не сохранено.';
  c.header('Connection', 'close');
  if (c.req.path.startsWith('/api/')) return c.json({ error: message }, 413);
  return c.text(message, 413);
}
