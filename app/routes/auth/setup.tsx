import { Form, data, redirect } from 'react-router';
import { acceptLink, findLink } from '../../../src/auth/accounts.server';
import { LINK_INVALID } from '../../../src/auth/labels';
import { MIN_PASSWORD_LENGTH } from '../../../src/auth/password-rules';
import { secureCookies, sessionCookie } from '../../../src/auth/sessions.server';
import type { Route } from './+types/setup';
import { ErrorSummary } from '../../ui/forms';

export function meta(_: Route.MetaArgs) {
  return [{ title: 'Задать пароль — НОКО' }, { name: 'referrer', content: 'no-referrer' }];
}

export async function loader({ params, context }: Route.LoaderArgs) {
  const link = await findLink(context.db, params.token);
  if (!link) return data({ link: null, csrfToken: context.csrfToken }, { status: 410 });
  return { link: { purpose: link.purpose, email: link.email, name: link.name }, csrfToken: context.csrfToken };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const form = await request.formData();
  const field = (name: string) => (form.has(name) ? String(form.get(name)) : undefined);
  const result = await acceptLink(context.db, params.token, {
    password: field('password') ?? '',
    passwordRepeat: field('passwordRepeat') ?? '',
    email: field('email'),
    name: field('name'),
  });
  if (!result.ok)
    return data({ errors: result.errors, email: field('email') ?? '', name: field('name') ?? '' }, { status: 400 });
  context.logger.info({ userId: result.user.id }, 'password set through one-time link');
  const to = result.user.role === 'admin' ? '/admin/users' : '/';
  return redirect(to, {
    headers: { 'Set-Cookie': sessionCookie(result.session.token, { secure: secureCookies(context.config.publicUrl) }) },
  });
}

export default function Setup({ loaderData, actionData }: Route.ComponentProps) {
  const { link, csrfToken } = loaderData;
  if (!link) {
    return (
      <section className="narrow">
        <h1>Ссылка не работает</h1>
        <p>{LINK_INVALID}</p>
      </section>
    );
  }
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  const isSetup = link.purpose === 'setup';
  const title = isSetup
    ? 'Первый администратор НОКО'
    : link.purpose === 'reset'
      ? 'Новый пароль'
      : 'Добро пожаловать в НОКО';
  return (
    <section className="narrow">
      <h1>{title}</h1>
      {isSetup ? (
        <p>
          Укажите свои данные и пароль. Эта учётная запись получит права администратора: она сможет создавать учётные
          записи для остальных.
        </p>
      ) : (
        <p>
          {link.name}, задайте пароль для входа с адресом <strong>{link.email}</strong>.
        </p>
      )}
      <Form method="post">
        <ErrorSummary
          title="Исправьте ошибки:"
          items={Object.entries(errors).flatMap(([f, m]) =>
            m ? [{ text: m, field: ['name', 'email', 'password'].includes(f) ? f : undefined }] : [],
          )}
        />
        <input type="hidden" name="_csrf" value={csrfToken} />
        {isSetup ? (
          <>
            <label htmlFor="name">Фамилия, имя, отчество</label>
            <input
              id="name"
              name="name"
              autoComplete="name"
              required
              defaultValue={actionData?.name ?? ''}
              aria-invalid={errors.name ? true : undefined}
            />
            <label htmlFor="email">Электронная почта</label>
            <input
              id="email"
              name="email"
              type="email"
              autoComplete="username"
              required
              defaultValue={actionData?.email ?? ''}
              aria-invalid={errors.email ? true : undefined}
            />
          </>
        ) : (
          <input type="hidden" name="username" autoComplete="username" value={link.email ?? ''} />
        )}
        <label htmlFor="password">Новый пароль</label>
        <p className="hint" id="password-hint">
          Не короче {MIN_PASSWORD_LENGTH} символов. Подойдёт фраза из нескольких слов.
        </p>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD_LENGTH}
          aria-describedby="password-hint"
          aria-invalid={errors.password ? true : undefined}
        />
        <label htmlFor="passwordRepeat">Пароль ещё раз</label>
        <input
          id="passwordRepeat"
          name="passwordRepeat"
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD_LENGTH}
        />
        <p>
          <button type="submit">Сохранить пароль и войти</button>
        </p>
      </Form>
    </section>
  );
}
