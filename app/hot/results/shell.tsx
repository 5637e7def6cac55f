// The page frame of the portal (skip link, header with the contrast switch) and its «not found» page.
import type { Context } from 'hono';
import type { ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { CSS } from './styles';

export function Shell({
  title,
  contrast,
  back,
  children,
}: {
  title: string;
  contrast: boolean;
  back: string;
  children: ReactNode;
}) {
  const toggle = `/rezultaty/kontrast?on=${contrast ? 0 : 1}&back=${encodeURIComponent(back)}`;
  return (
    <html lang="ru">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} — НОКО`}</title>
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body className={contrast ? 'contrast' : undefined}>
        <a className="skip" href="#main">
          Перейти к содержанию
        </a>
        <header>
          <a className="brand" href="/rezultaty">
            НОКО: результаты оценки
          </a>
          <nav aria-label="Вид страницы">
            <a href={toggle}>{contrast ? 'Обычный вид' : 'Крупный шрифт и высокий контраст'}</a>
          </nav>
        </header>
        <main id="main">{children}</main>
      </body>
    </html>
  );
}

export function notFound(c: Context, contrast: boolean) {
  c.header('Cache-Control', 'no-store');
  return c.html(
    '<!doctype html>' +
      renderToString(
        <Shell title="Не найдено" contrast={contrast} back="/rezultaty">
          <h1>Результаты не найдены</h1>
          <p>Такой страницы нет или результаты этой кампании ещё не опубликованы.</p>
          <p>
            <a href="/rezultaty">Все опубликованные результаты</a>
          </p>
        </Shell>,
      ),
    404,
  );
}
