import { redirect } from 'react-router';
import {
  SESSION_COOKIE,
  clearSessionCookie,
  deleteSession,
  secureCookies,
  sessionTokenFrom,
} from '../../../src/auth/sessions.server';
import type { Route } from './+types/logout';

// Logging out changes state, so it is a POST (protected by the CSRF token); a GET just goes home.
export function loader() {
  return redirect('/');
}

export async function action({ request, context }: Route.ActionArgs) {
  const token = sessionTokenFrom(request.headers.get('cookie'));
  await deleteSession(context.db, token);
  if (context.user) context.logger.info({ userId: context.user.id, cookie: SESSION_COOKIE }, 'logout');
  return redirect('/', {
    headers: { 'Set-Cookie': clearSessionCookie({ secure: secureCookies(context.config.publicUrl) }) },
  });
}
