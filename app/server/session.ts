import type { Context } from 'hono';
import type { CurrentUser } from '../context';
import type { HttpDeps } from './http';

/**
 * Who is making this request. Anonymous until the auth room (src/auth) plugs its session lookup in here.
 */
export async function resolveUser(_c: Context, _deps: HttpDeps): Promise<CurrentUser> {
  return null;
}
