import { Form, data } from 'react-router';
import { can } from '../../../src/auth/policy';
import { territoryScope } from '../../../src/auth/scope.server';
import {
  confirmImport,
  discardImport,
  formatIssues,
  MAX_IMPORT_BYTES,
  previewImport,
  type ImportIssue,
  type ImportPlan,
} from '../../../src/registry/import.server';
import { ImportPreview, type ImportPreviewData } from './import-preview';
import { createOrganisation, getTerritory, listOrganisations } from '../../../src/registry/organisations.server';
import {
  fieldLabels,
  organisationFields,
  parseRussianDate,
  RegistryError,
  validateOrganisation,
} from '../../../src/registry/fields';
import { statusLabels, typeLabels } from '../../../src/registry/validation';
import { megabytesRu } from '../../../src/files/sniff';
import { requireCan } from '../../server/guard';
import {
  Csrf,
  ErrorSummary,
  FileUpload,
  formKey,
  Select,
  SuccessMessage,
  TableScroll,
  TextInput,
} from '../../ui/forms';
import type { Route } from './+types/territory';

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: `${d?.territory.name ?? 'Территория'} — реестр — НОКО` }];
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const scope = await territoryScope(context.db, params.territoryId);
  const user = requireCan(context, request, 'registry.view', scope);
  const territory = (await getTerritory(context.db, params.territoryId))!;
  const orgs = await listOrganisations(context.db, [territory.id]);
  return {
    territory: { id: territory.id, name: territory.name, kind: territory.kind },
    organisations: orgs.map((o) => ({
      id: o.id,
      shortName: o.shortName,
      type: o.type,
      inn: o.inn,
      recipients: o.recipients,
      status: o.status,
    })),
    canEdit: can(user, 'registry.edit', scope!),
    csrfToken: context.csrfToken,
    maxMb: MAX_IMPORT_BYTES / 1024 / 1024,
  };
}

type ActionResult =
  | { ok: true; message: string; create?: true; at: number }
  | { ok: true; preview: ImportPreviewData }
  | { ok: false; message: string; issues: ImportIssue[]; report: string }
  | {
      ok: false;
      create: true;
      errors: string[];
      fieldErrors?: Partial<Record<string, string>>;
      values?: Record<string, string>;
    };

/** The fields of the «add by hand» form; their ids are `new-<field>`, which the error summary links to. */
const CREATE_FIELDS = ['fullName', 'shortName', 'type', 'inn', 'ogrn', 'kpp', 'recipients'] as const;

export async function action({ request, context, params }: Route.ActionArgs) {
  const user = requireCan(context, request, 'registry.edit', await territoryScope(context.db, params.territoryId));
  const form = await request.formData();
  if (form.get('intent') === 'create') {
    const raw: Record<string, string> = {};
    for (const f of organisationFields) raw[f] = String(form.get(f) ?? '');
    if (raw.lastAssessedOn) raw.lastAssessedOn = parseRussianDate(raw.lastAssessedOn) ?? raw.lastAssessedOn;
    const checked = validateOrganisation(raw);
    const values = Object.fromEntries(CREATE_FIELDS.map((f) => [f, raw[f] ?? '']));
    if (!checked.ok) {
      const errors = Object.entries(checked.errors).map(
        ([f, m]) => `${fieldLabels[f as keyof typeof fieldLabels]}: ${m}`,
      );
      return data<ActionResult>(
        { ok: false, create: true, errors, fieldErrors: checked.errors, values },
        { status: 400 },
      );
    }
    try {
      const o = await createOrganisation(context.db, params.territoryId, checked.value, {
        id: user.id,
        name: user.name,
      });
      return data<ActionResult>({
        ok: true,
        create: true,
        message: `Организация «${o.shortName}» добавлена.`,
        at: Date.now(),
      });
    } catch (err) {
      if (err instanceof RegistryError)
        return data<ActionResult>({ ok: false, create: true, errors: [err.message], values }, { status: 400 });
      throw err;
    }
  }
  const actor = { id: user.id, name: user.name };
  if (form.get('intent') === 'import-discard') {
    await discardImport(context.db, { draftId: String(form.get('draftId') ?? ''), actor });
    return data<ActionResult>({ ok: true, message: 'Загрузка отменена. Реестр не изменён.', at: Date.now() });
  }
  if (form.get('intent') === 'import-confirm') {
    const done = await confirmImport(context.db, {
      territoryId: params.territoryId,
      draftId: String(form.get('draftId') ?? ''),
      planHash: String(form.get('planHash') ?? ''),
      actor,
    });
    if (done.ok) {
      return data<ActionResult>({
        ok: true,
        message: `Изменения применены. Добавлено: ${done.created}, обновлено: ${done.updated}, без изменений: ${done.unchanged}.`,
        at: Date.now(),
      });
    }
    if (done.preview?.ok)
      return data<ActionResult>(
        {
          ok: true,
          preview: previewData(done.preview.plan, done.preview.draftId, done.preview.fileName, done.message),
        },
        { status: 409 },
      );
    return data<ActionResult>(
      { ok: false, message: done.message, issues: done.issues.slice(0, 500), report: formatIssues(done.issues) },
      { status: 409 },
    );
  }
  const file = form.get('file');
  if (!file || typeof file === 'string' || file.size === 0) {
    return data<ActionResult>(
      { ok: false, message: 'Выберите файл CSV или XLSX.', issues: [], report: '' },
      { status: 400 },
    );
  }
  if (file.size > MAX_IMPORT_BYTES) {
    // Refused on the declared size, before the bytes are read.
    return data<ActionResult>(
      {
        ok: false,
        message: `Файл слишком большой: ${megabytesRu(file.size)} при допустимых ${MAX_IMPORT_BYTES / 1024 / 1024} МБ. Разделите его на части.`,
        issues: [],
        report: '',
      },
      { status: 413 },
    );
  }
  // Step one: check the file and show what it would change; nothing is written until it is confirmed.
  const report = await previewImport(context.db, {
    territoryId: params.territoryId,
    bytes: new Uint8Array(await file.arrayBuffer()),
    fileName: file.name,
    actor,
  });
  if (!report.ok) {
    if (report.detail) context.logger.warn({ detail: report.detail, fileName: file.name }, 'registry file unreadable');
    return data<ActionResult>(
      { ok: false, message: report.message, issues: report.issues.slice(0, 500), report: formatIssues(report.issues) },
      { status: 422 },
    );
  }
  return data<ActionResult>({ ok: true, preview: previewData(report.plan, report.draftId, report.fileName) });
}

function previewData(plan: ImportPlan, draftId: string | null, fileName: string, notice?: string): ImportPreviewData {
  return {
    draftId,
    planHash: plan.hash,
    fileName,
    created: plan.created,
    updated: plan.updated,
    unchanged: plan.unchanged,
    rows: plan.rows.flatMap((r) =>
      r.outcome === 'unchanged'
        ? []
        : [
            {
              line: r.line,
              inn: r.inn,
              name: r.name,
              outcome: r.outcome,
              changes: r.changes.map(({ label, from, to }) => ({ label, from, to })),
            },
          ],
    ),
    ...(notice ? { notice } : {}),
  };
}

export default function TerritoryRegistry({ loaderData, actionData }: Route.ComponentProps) {
  const { territory, organisations, canEdit, csrfToken, maxMb } = loaderData;
  const result = actionData as ActionResult | undefined;
  // Which form the answer belongs to: the manual «add» form, or the file import (preview, confirm, discard).
  const createResult = result && 'create' in result ? result : undefined;
  const importResult = result && !('create' in result) ? result : undefined;
  const created = createResult?.ok ? createResult : undefined;
  const refused = createResult && !createResult.ok ? createResult : undefined;
  const createError = (f: (typeof CREATE_FIELDS)[number]) => refused?.fieldErrors?.[f];
  const createValue = (f: (typeof CREATE_FIELDS)[number]) => refused?.values?.[f] ?? (f === 'type' ? undefined : '');
  return (
    <section>
      <p>
        <a href="/registry">← Все территории</a>
      </p>
      <h1>{territory.name}</h1>

      <h2>Организации ({organisations.length})</h2>
      <p>
        Выгрузить: <a href={`/registry/${territory.id}/export/xlsx`}>XLSX</a> ·{' '}
        <a href={`/registry/${territory.id}/export/csv`}>CSV</a>
      </p>
      {organisations.length === 0 ? (
        <p>В реестре этой территории пока нет организаций.</p>
      ) : (
        <TableScroll label={`Организации территории ${territory.name}`}>
          <table>
            <caption className="visually-hidden">Организации территории {territory.name}</caption>
            <thead>
              <tr>
                <th scope="col">Организация</th>
                <th scope="col">Тип</th>
                <th scope="col">ИНН</th>
                <th scope="col" className="num">
                  Получателей услуг
                </th>
                <th scope="col">Статус</th>
              </tr>
            </thead>
            <tbody>
              {organisations.map((o) => (
                <tr key={o.id}>
                  <td>
                    <a href={`/registry/org/${o.id}`}>{o.shortName}</a>
                  </td>
                  <td>{typeLabels[o.type]}</td>
                  <td>{o.inn}</td>
                  <td className="num">{o.recipients ?? '—'}</td>
                  <td>{statusLabels[o.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}

      {canEdit ? (
        <>
          <h2 id="import">Загрузка из файла</h2>
          <p>
            Файл XLSX или CSV (UTF-8 или Windows-1251, разделитель — точка с запятой или запятая), не больше {maxMb} МБ.
            Заголовки столбцов — как в шаблоне: <a href="/registry/template/xlsx">шаблон XLSX</a> ·{' '}
            <a href="/registry/template/csv">шаблон CSV</a>. Файл загружается целиком или не загружается совсем: если
            хотя бы одна строка с ошибкой, реестр не меняется. Организации с уже известным ИНН обновляются, а не
            дублируются. Пустая ячейка ничего не меняет; чтобы стереть значение, напишите в ячейке «очистить». Перед
            записью вы увидите все изменения по каждой организации и подтвердите их.
          </p>
          {importResult?.ok && 'preview' in importResult ? (
            <ImportPreview preview={importResult.preview} csrfToken={csrfToken} />
          ) : null}
          <Form
            method="post"
            encType="multipart/form-data"
            className="stack"
            key={importResult?.ok && 'at' in importResult ? `done-${importResult.at}` : 'import'}
          >
            {importResult?.ok && 'message' in importResult ? (
              <SuccessMessage id="import-ok">{importResult.message}</SuccessMessage>
            ) : null}
            {importResult && !importResult.ok ? (
              <ErrorSummary
                title="Файл не загружен"
                items={[{ text: importResult.message, field: 'file' }]}
                id="import-errors"
              >
                {importResult.issues.length ? (
                  <TableScroll label="Ошибки по строкам">
                    <table>
                      <caption>Ошибки по строкам</caption>
                      <thead>
                        <tr>
                          <th scope="col">Строка</th>
                          <th scope="col">Столбец</th>
                          <th scope="col">Что не так</th>
                        </tr>
                      </thead>
                      <tbody>
                        {importResult.issues.map((i, n) => (
                          <tr key={n}>
                            <td className="num">{i.line}</td>
                            <td>{i.column ?? '—'}</td>
                            <td>{i.message}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </TableScroll>
                ) : null}
              </ErrorSummary>
            ) : null}
            <Csrf token={csrfToken} />
            <FileUpload
              name="file"
              label="Файл с организациями"
              accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              required
            />
            <p>
              <button type="submit">Проверить файл</button>
            </p>
          </Form>
          <h2 id="create">Добавить организацию вручную</h2>
          <Form
            method="post"
            className="stack"
            key={formKey(created ? { message: created.message, at: created.at } : undefined)}
          >
            {created ? <SuccessMessage id="create-ok">{created.message}</SuccessMessage> : null}
            {refused ? (
              <ErrorSummary
                title="Организация не добавлена"
                id="create-errors"
                items={
                  refused.fieldErrors
                    ? Object.entries(refused.fieldErrors).map(([f, m]) => ({
                        text: `${fieldLabels[f as keyof typeof fieldLabels]}: ${m}`,
                        field: (CREATE_FIELDS as readonly string[]).includes(f) ? `new-${f}` : undefined,
                      }))
                    : refused.errors
                }
              />
            ) : null}
            <Csrf token={csrfToken} />
            <input type="hidden" name="intent" value="create" />
            <TextInput
              name="fullName"
              id="new-fullName"
              label={fieldLabels.fullName}
              required
              maxLength={1000}
              defaultValue={createValue('fullName')}
              error={createError('fullName')}
            />
            <TextInput
              name="shortName"
              id="new-shortName"
              label={fieldLabels.shortName}
              required
              maxLength={300}
              defaultValue={createValue('shortName')}
              error={createError('shortName')}
            />
            <Select
              name="type"
              id="new-type"
              label={fieldLabels.type}
              defaultValue={createValue('type')}
              error={createError('type')}
              options={Object.entries(typeLabels).map(([k, v]) => ({ value: k, label: v }))}
            />
            <TextInput
              name="inn"
              id="new-inn"
              label={fieldLabels.inn}
              required
              inputMode="numeric"
              maxLength={12}
              defaultValue={createValue('inn')}
              error={createError('inn')}
            />
            <TextInput
              name="ogrn"
              id="new-ogrn"
              label={fieldLabels.ogrn}
              inputMode="numeric"
              maxLength={15}
              defaultValue={createValue('ogrn')}
              error={createError('ogrn')}
            />
            <TextInput
              name="kpp"
              id="new-kpp"
              label={fieldLabels.kpp}
              maxLength={9}
              defaultValue={createValue('kpp')}
              error={createError('kpp')}
            />
            <TextInput
              name="recipients"
              id="new-recipients"
              label={fieldLabels.recipients}
              inputMode="numeric"
              defaultValue={createValue('recipients')}
              error={createError('recipients')}
            />
            <p className="hint">Адрес, сайт, руководителя и учредителя можно заполнить потом в карточке.</p>
            <p>
              <button type="submit" className="secondary">
                Добавить
              </button>
            </p>
          </Form>
        </>
      ) : null}
    </section>
  );
}
