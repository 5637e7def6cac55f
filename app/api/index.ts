import { OpenAPIHono } from '@hono/zod-openapi';
import type { HttpDeps } from '../server/http.server';
import { registerSurveyApi } from './survey';
import { registerResultsApi } from './results';
import { apiErrorHandler, defaultHook, rejectNulInJson } from './validation';
import { registerCouncilApi } from './council';
import { registerPlansApi } from './plans';

/**
 * The JSON API. Each room registers its routes with `createRoute` + zod schemas in its own module here,
 * so the OpenAPI document at /api/openapi.json is generated from the same schemas that validate requests.
 */
export function createApi(_deps: HttpDeps) {
  const api = new OpenAPIHono({ defaultHook });
  api.use('*', rejectNulInJson());
  api.onError(apiErrorHandler);
  api.doc('/openapi.json', {
    openapi: '3.0.3',
    info: {
      title: 'НОКО API',
      version: '0.1.0',
      description:
        'Открытые данные и служебный API НОКО — независимой оценки качества условий образовательной деятельности.',
    },
  });
  registerSurveyApi(api, _deps);
  registerResultsApi(api, _deps);
  registerCouncilApi(api, _deps);
  registerPlansApi(api, _deps);
  return api;
}
