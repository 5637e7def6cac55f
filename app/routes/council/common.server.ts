// Server-only glue between the council pages and src/council: scope checks, refusals as Russian HTTP
// responses, form helpers.
import { data } from 'react-router';
import type { Action, Scope, SessionUser } from '../../../src/auth/policy';
import { territoryScope } from '../../../src/auth/scope.server';
import { getCouncil, type Council } from '../../../src/council/council.server';
import { CouncilError } from '../../../src/council/errors';
import { ResultsError } from '../../../src/results/versions.server';
import { requireCan } from '../../server/guard';
import type { NokoContext } from '../../context';

export type ActionResult = { section: string; errors?: string[]; message?: string; itemId?: string };

/** The council named in the URL and the user allowed to do `action` on it (403 for an unknown id). */
export async function councilFor(
  context: NokoContext,
  request: Request,
  councilId: string,
  action: Action,
): Promise<{ council: Council; scope: Scope; user: SessionUser }> {
  const council = await getCouncil(context.db, councilId);
  const scope = council ? await territoryScope(context.db, council.territoryId) : null;
  const user = requireCan(context, request, action, scope);
  return { council: council!, scope: scope!, user };
}

export const actorOf = (user: SessionUser) => ({ id: user.id, name: user.name });

/** A refusal from the domain as a 4xx with its Russian message; anything else is a real error. */
export function refusal(section: string, err: unknown, itemId?: string) {
  if (err instanceof CouncilError)
    return data<ActionResult>(
      { section, errors: [err.message, ...err.details], ...(itemId ? { itemId } : {}) },
      { status: err.status === 403 ? 400 : err.status },
    );
  if (err instanceof ResultsError)
    return data<ActionResult>({ section, errors: [err.message] }, { status: err.status });
  throw err;
}

/** The posted form; a NUL byte in any field refuses the whole post (it cannot be stored as text). */
export async function postedForm(request: Request): Promise<FormData> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw data<ActionResult>({ section: '', errors: ['Форма не прочитана: отправьте её ещё раз.'] }, { status: 400 });
  }
  for (const [, v] of form) {
    if (typeof v === 'string' && v.includes('\0'))
      throw data<ActionResult>(
        { section: '', errors: ['В форме есть недопустимый символ (NUL): ничего не сохранено.'] },
        { status: 400 },
      );
  }
  return form;
}

export function formReader(form: FormData) {
  const text = (n: string) => {
    const v = form.get(n);
    return typeof v === 'string' ? v.trim() : '';
  };
  const opt = (n: string) => text(n) || null;
  const int = (n: string): number => {
    const v = text(n);
    return /^-?\d+$/.test(v) ? Number(v) : Number.NaN;
  };
  return {
    text,
    opt,
    int,
    bool: (n: string) => form.get(n) === 'on' || form.get(n) === '1',
    all: (n: string) => form.getAll(n).map(String),
  };
}

export function unknownIntent() {
  return data<ActionResult>({ section: '', errors: ['Неизвестное действие.'] }, { status: 400 });
}
