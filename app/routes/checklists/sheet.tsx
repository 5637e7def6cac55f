import { useEffect, useRef, useState, type RefObject } from 'react';
import { data, redirect, useActionData, useLoaderData } from 'react-router';
import { isChecklistKey } from '../../../src/checklists/definitions';
import { requireUser } from '../../server/guard';
import type { Route } from './+types/sheet';
import { openRowsForChecklist } from '../../../src/plans/control.server';
import { OpenPlanRows } from '../plans/open-rows';
import {
  attachPhotos,
  authorize,
  canEdit,
  loadSheet,
  parseItems,
  proposalsFor,
  ruDateTime,
  saveChecklist,
  toResponse,
  viewItems,
  type ViewItem,
} from './checklists.server';
import { countRu } from '../../../src/lib/ru';
import {
  Checkboxes,
  Csrf,
  describedBy,
  ErrorMessage,
  ErrorSummary,
  FileUpload,
  Hint,
  SuccessMessage,
  Textarea,
  TextInput,
  type FormResult,
} from '../../ui/forms';

export function meta({ data: d }: Route.MetaArgs) {
  return [
    {
      title: d
        ? `${d.checklist.indicator} ${d.checklist.title} — ${d.organisation.shortName} — НОКО`
        : 'Чек-лист — НОКО',
    },
  ];
}

async function sheetFor(
  context: Route.LoaderArgs['context'],
  request: Request,
  params: Route.LoaderArgs['params'],
  mode: 'view' | 'edit',
) {
  const user = requireUser(context, request);
  const ctx = await authorize(context, user, params.campaignId, params.orgId, mode);
  if (!isChecklistKey(params.checklist)) throw data('Такого чек-листа нет.', { status: 404 });
  const definition = ctx.definitions.find((d) => d.key === params.checklist);
  if (!definition) throw data('Такого чек-листа нет для организации этого типа.', { status: 404 });
  return { user, ctx, definition, key: params.checklist };
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { user, ctx, definition, key } = await sheetFor(context, request, params, 'view');
  const [sheet, editable, proposals] = await Promise.all([
    loadSheet(context.db, ctx, key),
    canEdit(context, user, ctx),
    proposalsFor(context, ctx),
  ]);
  const saved = new URL(request.url).searchParams.get('saved');
  return {
    campaign: { id: ctx.campaign.id, title: ctx.campaign.title },
    organisation: { id: ctx.organisation.id, shortName: ctx.organisation.shortName, website: ctx.organisation.website },
    checklist: { key: definition.key, indicator: definition.indicator, title: definition.title, rule: definition.rule },
    items: viewItems(sheet, editable ? proposals : {}),
    editable,
    saved: saved !== null && /^\d+$/.test(saved) ? Number(saved) : null,
    csrfToken: context.csrfToken,
    // plans room: open rows of the organisation's approved plans that answer this checklist.
    planRows: (await openRowsForChecklist(context.db, ctx.organisation.id, key)).map((r) => ({
      ...r,
      label: sheet.items.find((i) => i.id === r.itemKey)?.label ?? null,
    })),
  };
}

type State = { answer: string | null; note: string; link: string };
type Posted = State & { baseVersion: number; baseHash: string };
/** A refused sheet: the kit's result (`fieldErrors` keyed by each item's answer group id), and what was sent. */
type Invalid = FormResult & { kind: 'invalid'; values: Record<string, Posted> };
type ActionData =
  | Invalid
  | {
      kind: 'conflict';
      changed: number;
      conflicts: {
        itemId: string;
        label: string;
        mine: State;
        theirs: State & { version: number; by: string | null; at: string | null };
      }[];
    };

export async function action({ request, context, params }: Route.ActionArgs) {
  const { user, ctx, definition, key } = await sheetFor(context, request, params, 'edit');
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw data('Не удалось прочитать отправленную форму. Попробуйте ещё раз.', { status: 400 });
  }
  const items = parseItems(form, definition);
  await attachPhotos(form, items);
  let result;
  try {
    result = await saveChecklist(context.db, context.config.dataDir, user, ctx, key, items);
  } catch (err) {
    throw toResponse(err);
  }
  if (result.status === 'saved') {
    return redirect(
      `/campaigns/${ctx.campaign.id}/org/${ctx.organisation.id}/checklists/${key}?saved=${result.changed + result.photosAdded + result.photosRemoved}`,
    );
  }
  if (result.status === 'invalid') {
    // The versions the expert started from travel back too: re-sending after a fix must not skip a conflict.
    const values: Record<string, Posted> = {};
    for (const i of items)
      values[i.itemId] = {
        answer: i.answer,
        note: i.note,
        link: i.link,
        baseVersion: i.baseVersion,
        baseHash: i.baseHash,
      };
    const fieldErrors = Object.fromEntries(
      Object.entries(result.errors).map(([itemId, errs]) => [answerId(itemId), errs.join(' ')]),
    );
    return data<ActionData>({ kind: 'invalid', errors: result.formErrors, fieldErrors, values }, { status: 400 });
  }
  return data<ActionData>(
    {
      kind: 'conflict',
      changed: result.changed,
      conflicts: result.conflicts.map((c) => ({
        itemId: c.itemId,
        label: c.label,
        mine: c.mine,
        theirs: {
          answer: c.theirs.answer,
          note: c.theirs.note,
          link: c.theirs.link,
          version: c.theirs.version,
          by: c.theirs.recordedByName,
          at: ruDateTime(c.theirs.recordedAt),
        },
      })),
    },
    { status: 409 },
  );
}

const ANSWERS = [
  { value: 'yes', label: 'Да' },
  { value: 'no', label: 'Нет' },
  { value: 'na', label: 'Не применимо' },
] as const;

const answerLabel = (a: string | null) => ANSWERS.find((x) => x.value === a)?.label ?? 'не отмечено';

function items(n: number): string {
  return countRu(n, ['пункт', 'пункта', 'пунктов']);
}

const DRAFT_SAVED = 'Черновик сохранён на устройстве, будет отправлен при подключении';

function photoUrl(campaignId: string, orgId: string, sha: string) {
  return `/campaigns/${campaignId}/org/${orgId}/checklists/photos/${sha}`;
}

function fieldId(itemId: string, part: string) {
  return `${part}-${itemId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** An item's answer group: its first radio carries the id, so the error summary's link lands on it. */
const answerId = (itemId: string) => fieldId(itemId, 'a');

export default function ChecklistSheet() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const base = `/campaigns/${d.campaign.id}/org/${d.organisation.id}/checklists`;
  if (result?.kind === 'conflict') return <ConflictView d={d} result={result} base={base} />;
  const invalid = result?.kind === 'invalid' ? result : null;
  const answered = d.items.filter((i) => i.answer).length;
  return (
    <section className="checklist">
      <p className="crumbs">
        <a href={base}>{`← Все чек-листы: ${d.organisation.shortName}`}</a>
      </p>
      <h1>{`${d.checklist.indicator}. ${d.checklist.title}`}</h1>
      <p className="hint">{`${d.organisation.shortName} · ${d.campaign.title}. Правило: ${d.checklist.rule}.`}</p>
      <p>{`Отмечено ${answered} из ${items(d.items.length)}.`}</p>
      <OpenPlanRows rows={d.planRows} />
      {d.editable ? <EditForm d={d} invalid={invalid} base={base} /> : <ReadOnly d={d} />}
    </section>
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function Evidence({ d, item }: { d: LoaderData; item: ViewItem }) {
  return (
    <>
      {item.note && <p className="cl-note">Примечание: {item.note}</p>}
      {item.link && (
        <p className="cl-link">
          Ссылка:{' '}
          <a href={item.link} rel="noopener noreferrer nofollow" target="_blank">
            {item.link}
          </a>
        </p>
      )}
      {item.photos.length > 0 && (
        <ul className="cl-photos">
          {item.photos.map((p, n) => (
            <li key={p.sha256}>
              {p.mediaType === 'image/heic' ? (
                <a href={photoUrl(d.campaign.id, d.organisation.id, p.sha256)}>
                  Фото {n + 1} (HEIC, {Math.ceil(p.size / 1024)} КБ)
                </a>
              ) : (
                <a href={photoUrl(d.campaign.id, d.organisation.id, p.sha256)}>
                  <img
                    src={photoUrl(d.campaign.id, d.organisation.id, p.sha256)}
                    alt={`Фото ${n + 1} к пункту «${item.label}»`}
                    width={96}
                    height={96}
                    loading="lazy"
                  />
                </a>
              )}
            </li>
          ))}
        </ul>
      )}
      {item.recordedAt && <p className="hint">{`Записал(а): ${item.recordedBy ?? '—'}, ${item.recordedAt}`}</p>}
    </>
  );
}

/** «Сохранено.» after the redirect that follows a save; focused, so it is read out. */
function Saved({ d }: { d: LoaderData }) {
  return d.saved !== null ? <SuccessMessage id="sheet-saved">Сохранено.</SuccessMessage> : null;
}

/** The refusal at the top of the form: general problems, then each item's, linked to its answers. */
function Refused({ d, invalid }: { d: LoaderData; invalid: Invalid }) {
  const items = [
    ...(invalid.errors ?? []),
    ...d.items.flatMap((i) => {
      const text = invalid.fieldErrors?.[answerId(i.id)];
      return text ? [{ text: `${i.label}: ${text}`, field: answerId(i.id) }] : [];
    }),
  ];
  return (
    <ErrorSummary title="Ничего не сохранено: исправьте ошибки" items={items} id="sheet-errors">
      {Object.keys(invalid.fieldErrors ?? {}).length > 0 && <p>Выбранные фотографии нужно выбрать заново.</p>}
    </ErrorSummary>
  );
}

function ReadOnly({ d }: { d: LoaderData }) {
  return (
    <>
      <Saved d={d} />
      <p className="notice">
        Просмотр: заполнять чек-листы могут эксперты оператора, пока результаты кампании не утверждены.
      </p>
      <ol className="cl-items">
        {d.items.map((item) => (
          <li key={item.id} className="cl-item" id={fieldId(item.id, 'item')}>
            <p className="cl-label">{item.label}</p>
            <p>
              <strong>Ответ: {answerLabel(item.answer)}</strong>
            </p>
            <Evidence d={d} item={item} />
          </li>
        ))}
      </ol>
    </>
  );
}

function EditForm({ d, invalid, base }: { d: LoaderData; invalid: Invalid | null; base: string }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [status, setStatus] = useState('');
  useOfflineDraft(formRef, `noko-draft:${base}/${d.checklist.key}`, d.saved !== null || !!invalid, setStatus);
  return (
    <form ref={formRef} method="post" encType="multipart/form-data" className="cl-form" noValidate>
      <Saved d={d} />
      {invalid && <Refused d={d} invalid={invalid} />}
      <Csrf token={d.csrfToken} />
      <ol className="cl-items">
        {d.items.map((item) => {
          const posted = invalid?.values[item.id];
          const gid = answerId(item.id);
          const errs = invalid?.fieldErrors?.[gid];
          const proposal = item.proposal && !item.answer ? fieldId(item.id, 'proposal') : undefined;
          const current = posted ?? {
            answer: item.answer ?? item.proposal?.answer ?? null,
            note: item.note,
            link: item.link,
          };
          const evidenceOpen = !!(item.note || item.link || item.photos.length || errs);
          return (
            <li key={item.id} className={errs ? 'cl-item field-error' : 'cl-item'} id={fieldId(item.id, 'item')}>
              {/* The answers are large touch cards (the label around its radio), not the kit's Radios: its ids instead. */}
              <fieldset aria-describedby={describedBy(gid, errs, item.source, proposal)}>
                <legend className="cl-label">{item.label}</legend>
                {item.source && <Hint id={gid}>{item.source}</Hint>}
                {errs && <ErrorMessage id={gid}>{errs}</ErrorMessage>}
                {item.proposal && proposal && (
                  <p className="hint cl-proposal" id={proposal}>
                    {`Предложение (${item.proposal.source}): ${item.proposal.hint}.`}
                  </p>
                )}
                <input type="hidden" name={`v.${item.id}`} defaultValue={String(posted?.baseVersion ?? item.version)} />
                <input type="hidden" name={`h.${item.id}`} defaultValue={posted?.baseHash ?? item.hash} />
                <div className="cl-answers">
                  {ANSWERS.map((a, n) => (
                    <label key={a.value} className={`cl-answer cl-${a.value}`}>
                      <input
                        id={n === 0 ? gid : undefined}
                        type="radio"
                        name={`a.${item.id}`}
                        value={a.value}
                        defaultChecked={current.answer === a.value}
                      />
                      <span>{a.label}</span>
                    </label>
                  ))}
                </div>
                <details className="cl-evidence" open={evidenceOpen}>
                  <summary>Примечание, ссылка, фото{item.photos.length ? ` (${item.photos.length})` : ''}</summary>
                  <Textarea
                    name={`n.${item.id}`}
                    id={fieldId(item.id, 'n')}
                    label="Примечание"
                    rows={2}
                    defaultValue={current.note}
                    maxLength={2000}
                  />
                  <TextInput
                    name={`l.${item.id}`}
                    id={fieldId(item.id, 'l')}
                    label="Ссылка (http:// или https://)"
                    type="url"
                    inputMode="url"
                    defaultValue={current.link}
                    placeholder="https://"
                  />
                  <FileUpload
                    name={`p.${item.id}`}
                    id={fieldId(item.id, 'p')}
                    label="Фотографии (JPEG, PNG или HEIC, до 10 МБ каждая)"
                    multiple
                    accept="image/jpeg,image/png,image/heic,.heic,.heif"
                  />
                  <Evidence d={d} item={{ ...item, note: '', link: '' }} />
                  {item.photos.length > 0 && (
                    <Checkboxes
                      name={`rm.${item.id}`}
                      id={fieldId(item.id, 'rm')}
                      legend="Убрать фото"
                      inline
                      items={item.photos.map((p, n) => ({ value: p.sha256, label: `фото ${n + 1}` }))}
                    />
                  )}
                </details>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <div className="cl-submit">
        <p role="status" aria-live="polite" className="cl-draft">
          {status}
        </p>
        <button type="submit">Сохранить</button>
      </div>
    </form>
  );
}

type Draft = { fields: [string, string][]; pending: boolean; at: number };

/**
 * Keeps unsent answers in localStorage. Offline, a submit is held back and sent by itself on the `online`
 * event; a page reopened with a pending draft restores it (with the versions it was based on, so a stale
 * draft ends in a conflict page rather than an overwrite) and sends it. Photos chosen stay in the page's
 * file inputs, so they go with it unless the page was closed meanwhile.
 */
function useOfflineDraft(
  formRef: RefObject<HTMLFormElement | null>,
  key: string,
  settled: boolean,
  setStatus: (s: string) => void,
) {
  useEffect(() => {
    const form = formRef.current;
    if (!form || typeof localStorage === 'undefined') return;
    const read = (): Draft | null => {
      try {
        return JSON.parse(localStorage.getItem(key) ?? 'null') as Draft | null;
      } catch {
        return null;
      }
    };
    const write = (pending: boolean) => {
      const fields: [string, string][] = [];
      for (const el of Array.from(form.elements)) {
        if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) || !el.name || el.name === '_csrf')
          continue;
        if (
          el instanceof HTMLInputElement &&
          (el.type === 'file' || ((el.type === 'radio' || el.type === 'checkbox') && !el.checked))
        )
          continue;
        fields.push([el.name, el.value]);
      }
      try {
        localStorage.setItem(key, JSON.stringify({ fields, pending, at: Date.now() } satisfies Draft));
      } catch {
        // storage full or disabled: the plain form still works
      }
    };
    const restore = (draft: Draft) => {
      const values = new Map<string, string[]>();
      for (const [n, v] of draft.fields) values.set(n, [...(values.get(n) ?? []), v]);
      for (const el of Array.from(form.elements)) {
        if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) || !el.name || el.name === '_csrf')
          continue;
        if (el instanceof HTMLInputElement && el.type === 'file') continue;
        const vs = values.get(el.name);
        if (el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox'))
          el.checked = !!vs?.includes(el.value);
        else if (vs?.[0] !== undefined) el.value = vs[0];
      }
    };
    const send = () => {
      const draft = read();
      if (!draft?.pending) return;
      write(false);
      setStatus('Подключение восстановлено, отправляем черновик…');
      form.requestSubmit();
    };

    if (settled) {
      localStorage.removeItem(key);
      const url = new URL(window.location.href);
      if (url.searchParams.has('saved')) {
        url.searchParams.delete('saved');
        window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
      }
    } else {
      const draft = read();
      if (draft) {
        restore(draft);
        if (draft.pending && navigator.onLine) send();
        else
          setStatus(
            draft.pending ? DRAFT_SAVED : 'Восстановлены несохранённые ответы с этого устройства. Нажмите «Сохранить».',
          );
      }
    }

    const onChange = () => write(read()?.pending ?? false);
    const onSubmit = (e: SubmitEvent) => {
      if (navigator.onLine) {
        write(false);
        return;
      }
      e.preventDefault();
      write(true);
      setStatus(DRAFT_SAVED);
    };
    const onOffline = () => setStatus('Нет подключения к интернету. Ответы сохраняются на этом устройстве.');
    form.addEventListener('input', onChange);
    form.addEventListener('change', onChange);
    form.addEventListener('submit', onSubmit);
    window.addEventListener('online', send);
    window.addEventListener('offline', onOffline);
    return () => {
      form.removeEventListener('input', onChange);
      form.removeEventListener('change', onChange);
      form.removeEventListener('submit', onSubmit);
      window.removeEventListener('online', send);
      window.removeEventListener('offline', onOffline);
    };
  }, [formRef, key, settled, setStatus]);
}

function StateText({ s }: { s: State }) {
  return (
    <>
      <strong>{answerLabel(s.answer)}</strong>
      {s.note && (
        <>
          <br />
          Примечание: {s.note}
        </>
      )}
      {s.link && (
        <>
          <br />
          Ссылка: {s.link}
        </>
      )}
    </>
  );
}

function ConflictView({
  d,
  result,
  base,
}: {
  d: LoaderData;
  result: Extract<ActionData, { kind: 'conflict' }>;
  base: string;
}) {
  return (
    <section className="checklist">
      <p className="crumbs">
        <a href={`${base}/${d.checklist.key}`}>← Вернуться к чек-листу без изменений</a>
      </p>
      <h1>Ответы изменил другой эксперт</h1>
      <p className="notice" role="alert">
        Пока вы заполняли чек-лист «{d.checklist.indicator}. {d.checklist.title}», другой эксперт сохранил другие ответы
        на {items(result.conflicts.length)}. Ваши остальные изменения сохранены ({result.changed}). Выберите, какой
        вариант оставить.
      </p>
      <form method="post" encType="multipart/form-data" className="cl-form">
        <Csrf token={d.csrfToken} />
        <input type="hidden" name="intent" value="resolve" />
        <ol className="cl-items">
          {result.conflicts.map((c) => (
            <li key={c.itemId} className="cl-item">
              <fieldset>
                <legend className="cl-label">{c.label}</legend>
                <input type="hidden" name={`v.${c.itemId}`} value={String(c.theirs.version)} />
                <input type="hidden" name={`h.${c.itemId}`} value="conflict" />
                <input type="hidden" name={`a.${c.itemId}`} value={c.mine.answer ?? ''} />
                <input type="hidden" name={`n.${c.itemId}`} value={c.mine.note} />
                <input type="hidden" name={`l.${c.itemId}`} value={c.mine.link} />
                <label className="cl-choice">
                  <input type="radio" name={`choice.${c.itemId}`} value="theirs" defaultChecked />
                  <span>
                    Оставить сохранённое ({c.theirs.by ?? 'другой эксперт'}
                    {c.theirs.at ? `, ${c.theirs.at}` : ''}): <StateText s={c.theirs} />
                  </span>
                </label>
                <label className="cl-choice">
                  <input type="radio" name={`choice.${c.itemId}`} value="mine" />
                  <span>
                    Записать мой вариант: <StateText s={c.mine} />
                  </span>
                </label>
              </fieldset>
            </li>
          ))}
        </ol>
        <div className="cl-submit">
          <button type="submit">Сохранить выбор</button>
        </div>
      </form>
    </section>
  );
}
