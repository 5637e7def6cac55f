// One validation answer for the whole JSON API: a Russian 400 that names the field, instead of a ZodError
// dump in English or a 500 from a malformed id reaching the database.
import { z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';

const ru = z.locales.ru();

const TARGETS: Record<string, string> = {
  param: 'адрес',
  query: 'параметр запроса',
  json: 'тело запроса',
  form: 'форма',
  header: 'заголовок',
};

type Issue = z.core.$ZodIssue;

/** A zod issue in Russian: schema messages already in Russian are kept, zod's English defaults are translated. */
export function russianMessage(issue: Issue): string {
  if (/[А-Яа-яЁё]/.test(issue.message)) return issue.message;
  const translated = ru.localeError(issue as never);
  return typeof translated === 'string' ? translated : (translated?.message ?? 'неверное значение');
}

export type FieldError = { field: string; message: string };

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '—',
    message: russianMessage(issue),
  }));
}

export function validationBody(error: z.ZodError, target?: string) {
  const errors = fieldErrors(error);
  const where = target && TARGETS[target] ? ` (${TARGETS[target]})` : '';
  return { error: `Неверные данные${where}: ${errors.map((e) => `«${e.field}» — ${e.message}`).join('; ')}.`, errors };
}

/** The defaultHook of the OpenAPIHono app: every route's declared params, query and body are checked by it. */
export function defaultHook(result: { success: boolean; error?: unknown; target?: string }, c: Context) {
  if (!result.success && result.error instanceof z.ZodError)
    return c.json(validationBody(result.error, result.target), 400);
  return undefined;
}

/** An id in the path or a body: a malformed one is a 400 naming the field, never a database error. */
export const uuidField = (label: string) =>
  z.uuid({ error: `«${label}»: ожидается идентификатор вида 00000000-0000-0000-0000-000000000000` });

/** JSON strings with a NUL byte cannot be stored in PostgreSQL text: refused before any handler runs. */
export function rejectNulInJson(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.raw.body && (c.req.header('content-type') ?? '').includes('json')) {
      const text = await c.req.raw.clone().text();
      if (text.includes('\\u0000') || text.includes('\0')) {
        return c.json(
          { error: 'В данных есть недопустимый символ (нулевой байт). Уберите его и отправьте запрос ещё раз.' },
          400,
        );
      }
    }
    if (/%00/i.test(c.req.url)) return c.json({ error: 'В адресе есть недопустимый символ (нулевой байт).' }, 400);
    await next();
  };
}

/** Malformed JSON and other request errors from Hono's validators, in Russian. */
export function apiErrorHandler(err: Error, c: Context) {
  if (err instanceof HTTPException && err.status === 400)
    return c.json({ error: 'Тело запроса не читается как JSON. Проверьте формат и отправьте ещё раз.' }, 400);
  if (err instanceof z.ZodError) return c.json(validationBody(err, 'json'), 400);
  throw err;
}
