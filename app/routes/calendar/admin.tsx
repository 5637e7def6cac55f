import { data, Form } from 'react-router';
import { calendarYears, importCalendarFile, MAX_CALENDAR_FILE_BYTES } from '../../../src/calendar/store.server';
import { recomputePreliminaryDeadlines } from '../../../src/campaigns/events.server';
import { formatRu } from '../../../src/campaigns/dates';
import { requireCan } from '../../server/guard';
import { Csrf, FileUpload, FormMessages, formKey, type FormResult } from '../../ui/forms';
import type { Route } from './+types/admin';
import { TableScroll } from '../../ui/controls';

export function meta(_: Route.MetaArgs) {
  return [{ title: 'Производственный календарь — НОКО' }];
}

export async function loader({ request, context }: Route.LoaderArgs) {
  requireCan(context, request, 'calendar.manage');
  const years = await calendarYears(context.db);
  const thisYear = Number(new Date().toISOString().slice(0, 4));
  return {
    csrfToken: context.csrfToken,
    years: years.map((y) => ({
      year: y.year,
      source: y.source,
      days: y.days,
      loadedAt: y.loadedAt.toISOString().slice(0, 10),
      loadedBy: y.loadedBy,
    })),
    // The years deadlines are about to touch: this one and the next.
    missing: [thisYear, thisYear + 1].filter((y) => !years.some((r) => r.year === y)),
  };
}

type ActionResult = FormResult;

/** The file problems belong to the file field, so the summary links to it. */
const fileError = (text: string, status: number) => data<ActionResult>({ fieldErrors: { file: text } }, { status });

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireCan(context, request, 'calendar.manage');
  const form = await request.formData();
  const file = form.get('file');
  if (!file || typeof file === 'string' || file.size === 0)
    return fileError('Выберите CSV-файл производственного календаря.', 400);
  if (file.size > MAX_CALENDAR_FILE_BYTES)
    return fileError(
      `Файл больше ${MAX_CALENDAR_FILE_BYTES / 1024} КБ — это не файл производственного календаря.`,
      413,
    );
  const actor = { id: user.id, name: user.name };
  let recomputed = 0;
  const r = await importCalendarFile(context.db, {
    bytes: new Uint8Array(await file.arrayBuffer()),
    fileName: file.name,
    replace: form.get('replace') === 'yes',
    actor,
    onLoaded: async (tx, years) => {
      recomputed = await recomputePreliminaryDeadlines(tx, years, actor);
    },
  });
  if (!r.ok)
    return data<ActionResult>({ errors: ['Календарь не загружен, ничего не изменено.', ...r.errors] }, { status: 400 });
  const verb = r.replaced.length ? `загружен (заменены: ${r.replaced.join(', ')})` : 'загружен';
  return data<ActionResult>({
    at: Date.now(),
    message: `Календарь на ${r.years.join(', ')} год ${verb}: ${r.days} особых дней. Пересчитано предварительных сроков: ${recomputed}.`,
  });
}

export default function CalendarAdmin({ loaderData, actionData }: Route.ComponentProps) {
  const { years, missing, csrfToken } = loaderData;
  const result = actionData as ActionResult | undefined;
  return (
    <section>
      <h1>Производственный календарь</h1>
      <p>
        По нему считаются сроки (ст. 191–193 ГК РФ): окончание срока, выпавшее на выходной или праздник, переносится на
        ближайший рабочий день. Для года без календаря используются выходные и праздники по ст. 112 ТК РФ, а сроки
        помечаются как предварительные.
      </p>
      {missing.length ? (
        <p className="notice" role="note">
          {missing.map((y) => `Календарь на ${y} год не загружен — сроки в нём предварительные.`).join(' ')}
        </p>
      ) : null}

      <h2 id="load">Загрузить год</h2>
      <Form method="post" encType="multipart/form-data" className="stack" key={formKey(result)}>
        <FormMessages result={result} errorTitle="Календарь не загружен" />
        <Csrf token={csrfToken} />
        <FileUpload
          name="file"
          label="CSV-файл (UTF-8) с заголовком date,kind,moved_from,holiday"
          hint="Одна строка — один особый день: дата ГГГГ-ММ-ДД; вид day-off (нерабочий), shortened (сокращённый) или working-weekend (рабочая суббота); откуда перенесён выходной; название праздника. Файл загружается целиком или не загружается совсем."
          error={result?.fieldErrors?.file}
          accept=".csv,text/csv"
          required
        />
        {/* One yes/no box needs no group legend: the kit's choice layout, its own label. */}
        <div className="field choice">
          <input type="checkbox" id="replace" name="replace" value="yes" />
          <label htmlFor="replace">Заменить загруженные годы (если постановление изменили)</label>
        </div>
        <p>
          <button type="submit">Загрузить календарь</button>
        </p>
      </Form>

      <h2 id="years">Загруженные годы</h2>
      <TableScroll label="Таблица: загруженные годы">
        <table>
          <caption className="visually-hidden">Загруженные годы производственного календаря</caption>
          <thead>
            <tr>
              <th scope="col">Год</th>
              <th scope="col">Источник</th>
              <th scope="col">Особых дней</th>
              <th scope="col">Загружен</th>
            </tr>
          </thead>
          <tbody>
            {years.map((y) => (
              <tr key={y.year}>
                <th scope="row">{y.year}</th>
                <td>{y.source}</td>
                <td>{y.days}</td>
                <td>{`${formatRu(y.loadedAt)}, ${y.loadedBy ?? '—'}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
