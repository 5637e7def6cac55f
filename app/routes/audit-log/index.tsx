import { Form } from 'react-router';
import { readAuditLog } from '../../../src/auth/audit-view.server';
import { AUDIT_PAGE_SIZE, parseAuditFilter } from '../../../src/auth/audit-filter';
import { readableAction, readableChanges, readableEntity } from '../../../src/auth/audit-readable';
import { countRu, ruDateTime } from '../../../src/lib/ru';
import { DateInput, Select, TableScroll, TextInput } from '../../ui/forms';
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
      // The territory or organisation by its name; the id stays beside it for whoever checks the entry.
      entityName: r.entityId ? (log.names.get(r.entityId) ?? null) : null,
      changes: readableChanges(r.before, r.after, r.entity, log.names),
      // The entry exactly as recorded, for whoever checks it; folded away under the readable changes.
      raw: r.before === null && r.after === null ? null : JSON.stringify({ было: r.before, стало: r.after }, null, 1),
      reason: r.reason,
    })),
  };
}

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
        Кто, когда и что изменил: было → стало. Журнал только для чтения: записи в нём нельзя изменить или удалить, это
        запрещено и самой базой данных.
      </p>
      {scoped ? <p>Показаны записи только о вашей территории и о территориях в её составе.</p> : null}
      <Form method="get" className="filters">
        <Select
          name="entity"
          id="f-entity"
          label="Объект"
          defaultValue={filter.entity ?? ''}
          placeholder="все"
          options={entities}
        />
        <TextInput name="actor" id="f-actor" label="Кто (имя или идентификатор)" defaultValue={filter.actor ?? ''} />
        <DateInput name="from" id="f-from" label="С даты" defaultValue={filter.from ?? ''} />
        <DateInput name="to" id="f-to" label="По дату" defaultValue={filter.to ?? ''} />
        <div>
          <button type="submit">Показать</button>
        </div>
      </Form>
      <p role="status">
        Найдено: {countRu(total, ['запись', 'записи', 'записей'])}. Страница {page} из {pages}, по {AUDIT_PAGE_SIZE} на
        странице.
      </p>
      {rows.length ? (
        <TableScroll label="Записи журнала изменений">
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
                  <td>{ruDateTime(r.at, { seconds: true })}</td>
                  <td>{r.actor}</td>
                  <td>{r.action}</td>
                  <td>
                    {r.entity}
                    {r.entityName ? <>: {r.entityName}</> : null}
                    {r.entityId ? (
                      <>
                        <br />
                        <small className="entity-id">{r.entityId}</small>
                      </>
                    ) : null}
                  </td>
                  <td>
                    {r.changes.length ? (
                      <ul className="changes">
                        {r.changes.map((c, i) => (
                          <li key={i}>
                            {c.from === '—' ? `${c.field}: ${c.to}` : `${c.field}: «${c.from}» → «${c.to}»`}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      '—'
                    )}
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
        </TableScroll>
      ) : (
        <p>Записей нет.</p>
      )}
      {pages > 1 ? (
        <nav aria-label="Страницы журнала" className="pager">
          {page > 1 ? (
            <a href={pageHref(filter, page - 1)} rel="prev">
              ← Новее
            </a>
          ) : null}
          {page < pages ? (
            <a href={pageHref(filter, page + 1)} rel="next">
              Старее →
            </a>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
