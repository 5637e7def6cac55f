// What a registry file will change, shown before anything is written (issue 11 item 5): every new
// organisation and every changed field «было → станет», organisation by organisation, with the
// administrator's confirmation (a plain form: works without JavaScript).
import { Form } from 'react-router';
import { Csrf } from '../../ui/forms';
import { TableScroll } from '../../ui/controls';

export type PreviewRow = {
  line: number;
  inn: string;
  name: string;
  outcome: 'created' | 'updated';
  changes: { label: string; from: string; to: string }[];
};
export type ImportPreviewData = {
  draftId: string | null;
  planHash: string;
  fileName: string;
  created: number;
  updated: number;
  unchanged: number;
  rows: PreviewRow[];
  notice?: string;
};

const EMPTY = 'пусто';

export function ImportPreview({ preview, csrfToken }: { preview: ImportPreviewData; csrfToken: string }) {
  const nothing = preview.created + preview.updated === 0;
  return (
    <section className="card" aria-labelledby="import-preview-title" id="import-preview">
      <h2 id="import-preview-title" tabIndex={-1}>
        Проверка файла «{preview.fileName}»: что изменится
      </h2>
      {preview.notice ? (
        <p className="notice warn" role="alert">
          {preview.notice}
        </p>
      ) : null}
      <p role="status">
        Добавится организаций: {preview.created}; изменится: {preview.updated}; без изменений: {preview.unchanged}.
        {nothing
          ? ' Файл совпадает с реестром — подтверждать нечего.'
          : ' Реестр ещё не изменён: проверьте список и подтвердите.'}
      </p>
      {preview.rows.map((r) => (
        <div key={r.inn} className="import-change">
          <h3>
            {`${r.outcome === 'created' ? 'Новая организация' : 'Изменится'}: ${r.name} `}
            <span className="hint">{`(ИНН ${r.inn}, строка ${r.line})`}</span>
          </h3>
          <TableScroll label={`Таблица: ${r.name}`}>
            <table>
              <caption className="visually-hidden">
                {r.outcome === 'created' ? `Сведения новой организации ${r.name}` : `Изменения в карточке ${r.name}`}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Поле</th>
                  {r.outcome === 'updated' ? <th scope="col">Было</th> : null}
                  <th scope="col">{r.outcome === 'updated' ? 'Станет' : 'Значение'}</th>
                </tr>
              </thead>
              <tbody>
                {r.changes.map((c) => (
                  <tr key={c.label}>
                    <th scope="row">{c.label}</th>
                    {r.outcome === 'updated' ? <td>{c.from || <em>{EMPTY}</em>}</td> : null}
                    <td>{c.to || <em>{EMPTY}</em>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </div>
      ))}
      {preview.draftId && !nothing ? (
        <div className="actions">
          <Form method="post">
            <Csrf token={csrfToken} />
            <input type="hidden" name="intent" value="import-confirm" />
            <input type="hidden" name="draftId" value={preview.draftId} />
            <input type="hidden" name="planHash" value={preview.planHash} />
            <button type="submit">Применить изменения</button>
          </Form>
          <Form method="post">
            <Csrf token={csrfToken} />
            <input type="hidden" name="intent" value="import-discard" />
            <input type="hidden" name="draftId" value={preview.draftId} />
            <button type="submit" className="secondary">
              Отменить загрузку
            </button>
          </Form>
        </div>
      ) : null}
    </section>
  );
}
