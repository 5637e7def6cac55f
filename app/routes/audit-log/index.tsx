import { Form } from 'react-router';
import { readAuditLog } from '../../../src/auth/audit-view.server';
import { AUDIT_PAGE_SIZE, parseAuditFilter } from '../../../src/auth/audit-filter';
import { readableAction, readableChanges, readableEntity } from '../../../src/auth/audit-readable';
import { requireCan } from '../../server/guard';
import type { Route } from './+types/index';

export function meta(_: Route.MetaArgs) {
  return [{ title: 'Журнал изменений — НОКО' }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireCan(context, request, 'audit.view');
  const filter = parseAuditFilter(new URL(request.url).searchParams);
  // A council sees only the entries of its own territory (and the territories inside it).
  const log = await readAuditLog(context.db, filter, user);
  return {
    filter,
    total: log.total,
    page: log.page,
    pages: log.pages,
    entities: log.entities.map((e) => ({ value: e, label: readableEntity(e) })),
    scoped: log.scoped,
    rows: log.rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actor: r.actorName ?? (r.actorId ? r.actorId : 'система'),
      action: readableAction(r.action),
      code: r.action,
      entity: readableEntity(r.entity),
      entityId: r.entityId,
      changes: readableChanges(r.before, r.after, r.entity),
      // The entry exactly as recorded, for whoever checks it; folded away under the readable changes.
      raw: r.before === null && r.after === null ? null : JSON.stringify({ было: r.before, стало: r.after }, null, 1),
      reason: r.reason,
    })),
  };
}

const dateTime = new Intl.DateTimeFormat('ru-RU', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: 'Europe/Moscow' });
const plural = new Intl.PluralRules('ru');
const recordWord: Record<string, string> = { one: 'запись', few: 'записи', many: 'записей', other: 'записи' };

function pageHref(filter: Record<string, unknown>, page: number): string {
  const params = new URLSearchParams();
  for (const key of ['entity', 'actor', 'from', 'to'] as const) {
    const v = filter[key];
    if (typeof v === 'string' && v) params.set(key, v);
  }
  params.set('page', String(page));
  return `?${params.toString()}`;
}

export default function AdminAudit({ loaderData }: Route.ComponentProps) {
  const { filter, rows, total, page, pages, entities, scoped } = loaderData;
  return (
    <section>
      <h1>Журнал изменений</h1>
      <p>
        Кто, когда и что изменил: было → стало. Журнал только для чтения: записи в нём нельзя изменить или
        удалить, это запрещено и самой базой данных.
      </p>
      {scoped ? <p>Показаны записи только о вашей территории и о территориях в её составе.</p> : null}
      <Form method="get" className="filters">
        <div>
          <label htmlFor="f-entity">Объект</label>
          <select id="f-entity" name="entity" defaultValue={filter.entity ?? ''}>
            <option value="">все</option>
            {entities.map((e) => (
              <option key={e.value} value={e.value}>{e.label}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-actor">Кто (имя или идентификатор)</label>
          <input id="f-actor" name="actor" defaultValue={filter.actor ?? ''} />
        </div>
        <div>
          <label htmlFor="f-from">С даты</label>
          <input id="f-from" name="from" type="date" defaultValue={filter.from ?? ''} />
        </div>
        <div>
          <label htmlFor="f-to">По дату</label>
          <input id="f-to" name="to" type="date" defaultValue={filter.to ?? ''} />
        </div>
        <div>
          <button type="submit">Показать</button>
        </div>
      </Form>
      <p role="status">
        Найдено: {total} {recordWord[plural.select(total)]}. Страница {page} из {pages}, по {AUDIT_PAGE_SIZE} на странице.
      </p>
      {rows.length ? (
        <table className="audit">
          <caption className="visually-hidden">Записи журнала изменений, новые сверху</caption>
          <thead>
            <tr>
              <th scope="col">Когда (МСК)</th>
              <th scope="col">Кто</th>
              <th scope="col">Действие</th>
              <th scope="col">Объект</th>
              <th scope="col">Что изменилось: было → стало</th>
              <th scope="col">Основание</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{dateTime.format(new Date(r.at))}</td>
                <td>{r.actor}</td>
                <td>{r.action}</td>
                <td>
                  {r.entity}
                  {r.entityId ? <><br /><small>{r.entityId}</small></> : null}
                </td>
                <td>
                  {r.changes.length ? (
                    <ul className="changes">
                      {r.changes.map((c, i) => (
                        <li key={i}>{c.from === '—' ? `${c.field}: ${c.to}` : `${c.field}: «${c.from}» → «${c.to}»`}</li>
                      ))}
                    </ul>
                  ) : '—'}
                  {r.raw ? (
                    <details>
                      <summary>Запись целиком ({r.code})</summary>
                      <pre>{r.raw}</pre>
                    </details>
                  ) : null}
                </td>
                <td>{r.reason ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>Записей нет.</p>
      )}
      {pages > 1 ? (
        <nav aria-label="Страницы журнала" className="pager">
          {page > 1 ? <a href={pageHref(filter, page - 1)} rel="prev">← Новее</a> : null}
          {page < pages ? <a href={pageHref(filter, page + 1)} rel="next">Старее →</a> : null}
        </nav>
      ) : null}
    </section>
  );
}
