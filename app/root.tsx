import type { ReactNode } from 'react';
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteLoaderData,
} from 'react-router';
import type { Route } from './+types/root';
import { navigationFor } from './nav';
import stylesHref from './styles.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: stylesHref }];

export function loader({ context }: Route.LoaderArgs) {
  return {
    user: context.user,
    nav: navigationFor(context.user),
    csrfToken: context.csrfToken,
    cspNonce: context.cspNonce,
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root');
  const nav = data?.nav ?? navigationFor(null);
  return (
    <html lang="ru">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Перейти к содержанию
        </a>
        <header className="site-header">
          <a className="brand" href="/">
            НОКО
          </a>
          <nav aria-label="Основная навигация">
            <ul>
              {nav.map((item) => (
                <li key={item.href}>
                  <a href={item.href}>{item.label}</a>
                </li>
              ))}
            </ul>
          </nav>
          <div className="account">
            {data?.user ? (
              <form method="post" action="/logout" className="logout">
                <span>{data.user.name}</span> <input type="hidden" name="_csrf" value={data.csrfToken} />
                <button type="submit" className="secondary">
                  Выйти
                </button>
              </form>
            ) : (
              <a href="/login">Вход для сотрудников</a>
            )}
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <p>НОКО — независимая оценка качества условий образовательной деятельности.</p>
          <p>
            <a href="/accessibility">Заявление о доступности</a>
          </p>
        </footer>
        <ScrollRestoration nonce={data?.cspNonce} />
        <Scripts nonce={data?.cspNonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  let title = 'Что-то пошло не так';
  let details = 'Попробуйте обновить страницу. Если ошибка повторяется, сообщите администратору.';
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = 'Страница не найдена';
      details = 'Проверьте адрес или вернитесь на главную страницу.';
    } else if (error.status === 403) {
      title = 'Недостаточно прав';
      details = 'У вашей учётной записи нет доступа к этой странице.';
    } else {
      title = `Ошибка ${error.status}`;
      details = typeof error.data === 'string' && error.data ? error.data : details;
    }
  }
  return (
    <section>
      <h1>{title}</h1>
      <p>{details}</p>
    </section>
  );
}
