// The change log in Russian (issue 11 item 10): an action and an object people recognise, and what
// changed, field by field, from what to what — instead of `account.invite` and raw JSON. Pure: it reads
// the entry's before/after as recorded; unknown actions and fields are shown as they are, never dropped.
import { campaignStatusLabels } from '../campaigns/status';
import { stepStatusLabels } from '../campaigns/calendar';
import { fieldLabels as organisationFieldLabels } from '../registry/fields';
import { statusLabels as organisationStatusLabels, typeLabels } from '../registry/validation';
import { councilPositionLabels, roleLabels } from './labels';
import { countRu } from '../lib/ru';

export const actionLabels: Record<string, string> = {
  'account.create': 'создана учётная запись',
  'account.update': 'изменена учётная запись',
  'account.invite': 'выдана ссылка-приглашение',
  'account.reset-link': 'выдана ссылка для смены пароля',
  'account.setup': 'создан первый администратор',
  'account.password-set': 'задан пароль',
  'account.password-reset': 'пароль сменён по ссылке',
  'account.reactivate': 'учётная запись включена',
  'account.deactivate': 'учётная запись отключена',
  'account.locked': 'вход заблокирован после неверных паролей',
  'territory.create': 'создана территория',
  'organisation.create': 'добавлена организация',
  'organisation.update': 'изменена карточка организации',
  'campaign.create': 'создана кампания',
  'campaign.update': 'изменены настройки кампании',
  'campaign.list': 'изменён перечень организаций кампании',
  'campaign.step': 'изменён шаг календаря кампании',
  'campaign.councilDecision': 'записано решение совета о перечне',
  'campaign.operatorReport': 'записана дата отчёта оператора',
  'checklist.answer': 'изменён ответ чек-листа',
  'checklist.photo.add': 'добавлена фотография к чек-листу',
  'checklist.photo.remove': 'удалена фотография из чек-листа',
  'results.compute': 'рассчитаны результаты',
  'results.recompute': 'результаты пересчитаны',
  'results.correction': 'рассчитано исправление результатов',
  'results.approve': 'результаты утверждены советом',
  'results.publish': 'результаты опубликованы',
  'site_audit.start': 'запущена проверка сайтов',
  'survey.accessCodes.create': 'выданы коды доступа к анкете',
};

export const entityLabels: Record<string, string> = {
  user: 'учётная запись',
  territory: 'территория',
  organisation: 'организация',
  campaign: 'кампания',
  campaign_step: 'шаг календаря',
  checklist_answer: 'ответ чек-листа',
  result_version: 'версия результатов',
  site_audit_run: 'проверка сайтов',
  survey_response: 'анкета',
  survey_suggestion: 'предложение из анкеты',
};

const fieldNames: Record<string, string> = {
  ...organisationFieldLabels,
  email: 'Электронная почта',
  name: 'Имя',
  role: 'Роль',
  councilPosition: 'Должность в совете',
  territoryId: 'Территория',
  organisationId: 'Организация',
  organisationIds: 'Организации',
  active: 'Действует',
  passwordSet: 'Пароль задан',
  title: 'Название',
  year: 'Год',
  methodologyId: 'Методика',
  policies: 'Правила расчёта',
  operatorName: 'Оператор',
  operatorContract: 'Договор с оператором',
  operatorReportDate: 'Дата отчёта оператора',
  surveyOpensOn: 'Опрос открывается',
  surveyClosesOn: 'Опрос закрывается',
  councilDecisionNumber: 'Номер решения совета',
  councilDecisionDate: 'Дата решения совета',
  number: 'Номер решения',
  date: 'Дата',
  document: 'Документ',
  plannedOn: 'Плановая дата',
  doneOn: 'Дата выполнения',
  version: 'Версия',
  contentHash: 'Контрольная сумма',
  organisations: 'Организаций',
  decisionNumber: 'Номер решения совета',
  decisionDate: 'Дата решения совета',
  supersedes: 'Заменяет версии',
  answer: 'Ответ',
  note: 'Примечание',
  link: 'Ссылка',
  itemId: 'Пункт',
  checklist: 'Чек-лист',
  sha256: 'Файл (SHA-256)',
  mediaType: 'Тип файла',
  size: 'Размер, байт',
  reason: 'Основание',
  kind: 'Вид',
  parentId: 'Входит в',
  code: 'Код',
  count: 'Количество',
};

/** Never shown, even if an entry recorded it: secrets and their hashes. */
const HIDDEN = /password(?!Set)|token|secret/i;
/** Bookkeeping that says nothing to the reader. */
const NOISE = new Set(['id', 'createdAt', 'updatedAt', 'campaignId']);

const answerLabels: Record<string, string> = { yes: 'да', no: 'нет', na: 'не применяется' };

function isoDate(v: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(v);
  if (!m) return null;
  return `${m[3]}.${m[2]}.${m[1]}${m[4] ? ` ${m[4]}:${m[5]}` : ''}`;
}

/** Status words differ by object: a result version's «draft» is not a campaign's «подготовка». */
const statusByEntity: Record<string, Record<string, string>> = {
  result_version: { draft: 'черновик', approved: 'утверждена', published: 'опубликована' },
  campaign: campaignStatusLabels,
  campaign_step: stepStatusLabels,
  organisation: organisationStatusLabels,
};

/** Names of the territories and organisations an entry refers to by id (see auditNames). */
export type AuditNames = ReadonlyMap<string, string>;

/** One value as a person reads it (`entity` picks the status vocabulary, `names` turns ids into names). */
export function readableValue(field: string, v: unknown, entity = '', names?: AuditNames): string {
  if (v === null || v === undefined || v === '') return 'пусто';
  if (typeof v === 'string' && names?.has(v)) return names.get(v)!;
  if (typeof v === 'boolean') return v ? 'да' : 'нет';
  if (typeof v === 'number') return String(v).replace('.', ',');
  if (typeof v === 'string') {
    if (field === 'role') return roleLabels[v as keyof typeof roleLabels] ?? v;
    if (field === 'councilPosition') return councilPositionLabels[v as keyof typeof councilPositionLabels] ?? v;
    if (field === 'type') return typeLabels[v as keyof typeof typeLabels] ?? v;
    if (field === 'answer') return answerLabels[v] ?? v;
    if (field === 'status') {
      return (
        statusByEntity[entity]?.[v] ??
        campaignStatusLabels[v as keyof typeof campaignStatusLabels] ??
        stepStatusLabels[v as keyof typeof stepStatusLabels] ??
        organisationStatusLabels[v as keyof typeof organisationStatusLabels] ??
        ({ draft: 'черновик', approved: 'утверждена', published: 'опубликована' } as Record<string, string>)[v] ??
        v
      );
    }
    return isoDate(v) ?? v;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return 'пусто';
    if (v.every((x) => typeof x !== 'object' || x === null))
      return v.map((x) => readableValue(field, x, entity, names)).join(', ');
    return countRu(v.length, ['запись', 'записи', 'записей']);
  }
  if (typeof v === 'object') {
    const parts = Object.entries(v as Record<string, unknown>)
      .filter(([k]) => !HIDDEN.test(k) && !NOISE.has(k))
      .map(([k, x]) => `${fieldNames[k] ?? k}: ${readableValue(k, x, entity, names)}`);
    return parts.length ? parts.join('; ') : 'пусто';
  }
  return String(v);
}

export type ReadableChange = { field: string; from: string; to: string };

/**
 * Field by field, what the entry changed: for an update the fields whose values differ, for a creation
 * every field set, for a removal every field it had.
 */
export function readableChanges(before: unknown, after: unknown, entity = '', names?: AuditNames): ReadableChange[] {
  const obj = (x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : null);
  const b = obj(before);
  const a = obj(after);
  if (!b && !a) {
    if (before === null && after === null) return [];
    return [
      {
        field: 'Значение',
        from: readableValue('', before, entity, names),
        to: readableValue('', after, entity, names),
      },
    ];
  }
  // A list replaced as a whole (the campaign's organisations): say how many before and after.
  if (Array.isArray(before) || Array.isArray(after)) {
    return [
      {
        field: 'Записей',
        from: Array.isArray(before) ? String(before.length) : 'пусто',
        to: Array.isArray(after) ? String(after.length) : 'пусто',
      },
    ];
  }
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])].filter(
    (k) => !HIDDEN.test(k) && !NOISE.has(k),
  );
  const out: ReadableChange[] = [];
  for (const k of keys) {
    const from = b ? b[k] : undefined;
    const to = a ? a[k] : undefined;
    if (b && a && JSON.stringify(from ?? null) === JSON.stringify(to ?? null)) continue;
    if (!b && (to === null || to === undefined || to === '')) continue;
    // A field absent from one side was not recorded there: only what was recorded is compared.
    if (b && a && !(k in a)) continue;
    const change = {
      field: fieldNames[k] ?? k,
      from: b ? readableValue(k, from, entity, names) : '—',
      to: a ? readableValue(k, to, entity, names) : '—',
    };
    // Recorded differently but read the same (an empty list and nothing): not a change anyone made.
    if (change.from === change.to) continue;
    out.push(change);
  }
  return out;
}

export function readableAction(action: string): string {
  return actionLabels[action] ?? action;
}

export function readableEntity(entity: string): string {
  return entityLabels[entity] ?? entity;
}
