import { Form, data, redirect } from 'react-router';
import { login } from '../../../src/auth/login.server';
import { secureCookies, sessionCookie } from '../../../src/auth/sessions.server';
import { safeNext } from '../../server/guard';
import type { Route } from './+types/login';
import { ErrorSummary } from '../../ui/forms';

export function meta(_: Route.MetaArgs) {
  return [{ title: 'Вход для сотрудников — НОКО' }];
}

/** Without a page to return to, each role lands on its own start page (what it has to do now). */
const startIfHome = (next: string) => (next === '/' ? '/dashboard' : next);

export function loader({ request, context }: Route.LoaderArgs) {
  const next = startIfHome(safeNext(new URL(request.url).searchParams.get('next')));
  if (context.user) throw redirect(next);
  return { next, csrfToken: context.csrfToken };
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await request.formData();
  const email = String(form.get('email') ?? '');
  const password = String(form.get('password') ?? '');
  const next = startIfHome(safeNext(String(form.get('next') ?? '/')));
  const result = await login(context.db, email, password);
  if (!result.ok) {
    context.logger.info({ reason: result.reason }, 'login refused');
    return data({ error: result.message, email }, { status: result.reason === 'locked' ? 429 : 401 });
  }
  context.logger.info({ userId: result.user.id }, 'login');
  return redirect(next, {
    headers: { 'Set-Cookie': sessionCookie(result.session.token, { secure: secureCookies(context.config.publicUrl) }) },
  });
}

export default function Login({ loaderData, actionData }: Route.ComponentProps) {
  const error = actionData?.error;
  return (
    <section className="narrow">
      <h1>Вход для сотрудников</h1>
      <p>
        Для органа управления образованием, общественного совета, организации-оператора и образовательных организаций.
        Анкета для родителей и обучающихся входа не требует.
      </p>
      <Form method="post" aria-describedby={error ? 'login-error' : undefined}>
        {error ? (
          <ErrorSummary title="Вход не выполнен" id="login-error" items={[{ text: error, field: 'email' }]} />
        ) : null}
        <input type="hidden" name="_csrf" value={loaderData.csrfToken} />
        <input type="hidden" name="next" value={loaderData.next} />
        <label htmlFor="email">Электронная почта</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={actionData?.email ?? ''}
        />
        <label htmlFor="password">Пароль</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        <p>
          <button type="submit">Войти</button>
        </p>
      </Form>
      <p>Забыли пароль или нет учётной записи? Обратитесь к администратору НОКО: он выдаст одноразовую ссылку.</p>
    </section>
  );
}
