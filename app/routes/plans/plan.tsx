import type { ReactNode } from 'react';
import { data, Form } from 'react-router';
import { auditSite } from '../../../src/site-audit/audit.server';
import {
  addEvidence,
  claimRow,
  closeRow,
  isSiteRow,
  rejectRow,
  reportsOf,
  reviewReport,
  setEvidencePublished,
  startRow,
  submitReport,
  verifyBySiteAudit,
  verifyRow,
  type Auditor,
  type SiteCheck,
} from '../../../src/plans/execution.server';
import { createAddressGuard } from '../../../src/site-audit/address-guard.server';
import {
  isOverdue,
  itemStatusLabels,
  plannedText,
  planStatusLabels,
  reportPeriods,
  sectionTitles,
  sourceLabels,
} from '../../../src/plans/model';
import {
  addRow,
  agreePlan,
  approvePlans,
  evidenceOf,
  fillResponsible,
  getAct,
  newVersion,
  planItemsOf,
  publishPlan,
  removeRow,
  returnPlan,
  submitPlan,
  updateRow,
} from '../../../src/plans/plans.server';
import { calendar, getSettings, planDeadlines, preliminaryNote } from '../../../src/plans/settings.server';
import { resultVersions } from '../../../src/db/schema/results';
import { organisations } from '../../../src/db/schema/registry';
import { eq } from 'drizzle-orm';
import {
  Csrf,
  DateInput,
  ErrorSummary,
  errorItems,
  FileUpload,
  formKey,
  Select,
  SuccessMessage,
  TableScroll,
  Textarea,
  TextInput,
} from '../../ui/forms';
import { FORBIDDEN_MESSAGE, requireCan, requireUser } from '../../server/guard';
import {
  evidenceFromForm,
  formRefusal,
  permissions,
  planFromUrl,
  ruDate,
  str,
  type PlanFormResult,
} from './glue.server';
import type { Route } from './+types/plan';
import { DocumentLinks } from '../downloads/links';
import { ruDate as ruDay } from '../../../src/lib/ru';

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: d ? `План ${d.plan.organisation} на ${d.plan.year} год — НОКО` : 'План — НОКО' }];
}

const SECTIONS = ['I', 'II', 'III', 'IV', 'V'] as const;

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { plan, scope } = await planFromUrl(context, params.planId);
  const user = requireCan(context, request, 'plans.view', scope);
  if (!plan || !scope) throw data('Не найдено.', { status: 404 });
  const today = new Date().toISOString().slice(0, 10);
  const [items, act, settings, reports] = await Promise.all([
    planItemsOf(context.db, plan.id),
    getAct(context.db, plan.actId),
    getSettings(context.db, plan.territoryId),
    reportsOf(context.db, plan.id),
  ]);
  const evidence = await evidenceOf(
    context.db,
    items.map((i) => i.id),
  );
  const [org] = await context.db
    .select({ name: organisations.shortName, fullName: organisations.fullName, website: organisations.website })
    .from(organisations)
    .where(eq(organisations.id, plan.organisationId));
  const [version] = await context.db
    .select({
      version: resultVersions.version,
      decisionDate: resultVersions.decisionDate,
      decisionNumber: resultVersions.decisionNumber,
    })
    .from(resultVersions)
    .where(eq(resultVersions.id, plan.resultVersionId));
  const deadlines = planDeadlines(settings, version?.decisionDate ?? today, act?.date ?? null);
  const periods = [plan.year, plan.year + 1]
    .flatMap((y) => reportPeriods(calendar(), y, settings.reportPeriod, settings.reportDays))
    .filter((p) => p.start <= today);
  const may = permissions(user, scope);
  const editable = may.edit && (plan.status === 'draft' || plan.status === 'returned');
  const executing = plan.status === 'approved' || plan.status === 'published';
  return {
    csrfToken: context.csrfToken,
    today,
    may,
    editable,
    executing,
    plan: {
      id: plan.id,
      organisation: org?.name ?? '',
      organisationFullName: org?.fullName ?? '',
      website: org?.website ?? null,
      year: plan.year,
      version: plan.version,
      status: plan.status,
      statusLabel: planStatusLabels[plan.status],
      generated: plan.generated,
      returnComment: plan.returnComment,
      previousId: plan.previousId,
      campaignId: plan.campaignId,
      resultVersion: version
        ? `версия ${version.version}${version.decisionNumber ? `, решение совета № ${version.decisionNumber} от ${ruDate(version.decisionDate)}` : ''}`
        : '',
      act: act
        ? `${act.kind} от ${ruDate(act.date)} № ${act.number}; утвердил: ${act.approverPost} ${act.approverName}`
        : null,
      siteUrl: plan.siteUrl,
      busGovOn: plan.busGovOn ? ruDate(plan.busGovOn) : null,
      publicHref: executing ? `/plany/${plan.id}` : null,
    },
    deadlines: [
      {
        title: 'Отправить план на согласование',
        due: ruDate(deadlines.draft.due),
        rule: deadlines.rules.draft,
        note: preliminaryNote(deadlines.draft),
        late: deadlines.draft.due < today && (plan.status === 'draft' || plan.status === 'returned'),
      },
      {
        title: 'Утвердить план',
        due: ruDate(deadlines.approval.due),
        rule: deadlines.rules.approval,
        note: preliminaryNote(deadlines.approval),
        late: deadlines.approval.due < today && !executing && plan.status !== 'superseded',
      },
      ...(deadlines.publication
        ? [
            {
              title: 'Опубликовать план',
              due: ruDate(deadlines.publication.due),
              rule: deadlines.rules.publication,
              note: preliminaryNote(deadlines.publication),
              late: deadlines.publication.due < today && plan.status === 'approved',
            },
          ]
        : []),
    ],
    missingResponsible: items.filter((i) => !i.responsibleName.trim()).length,
    sections: SECTIONS.map((s) => ({
      number: s,
      title: sectionTitles[s],
      rows: items
        .filter((i) => i.section === s)
        .map((i) => ({
          id: i.id,
          section: i.section,
          position: i.position,
          shortfall: i.shortfall,
          measure: i.measure,
          indicator: i.indicator,
          source: sourceLabels[i.source],
          own: i.source === 'own',
          plannedKind: i.plannedKind,
          plannedDate: i.plannedDate ?? '',
          periodicNote: i.periodicNote ?? '',
          planned: plannedText(i),
          responsibleName: i.responsibleName,
          responsiblePost: i.responsiblePost,
          needsFunding: i.needsFunding,
          status: i.status,
          statusLabel: itemStatusLabels[i.status],
          overdue: isOverdue(i, today),
          implemented: i.implemented,
          actualDate: i.actualDate ? ruDate(i.actualDate) : null,
          verified: i.verifiedAt
            ? `${i.verifiedBy ?? ''}, ${ruDate(i.verifiedAt)}${i.verificationNote ? `: ${i.verificationNote}` : ''}`
            : null,
          rejectedReason: i.rejectedReason,
          cancelReason: i.cancelReason,
          cancelAgreedBy: i.cancelAgreedBy,
          siteRow: isSiteRow(i),
          siteCheck: (i.siteCheck as SiteCheck | null) ?? null,
          carriedTo: i.carriedToId,
          carriedFrom: i.carriedFromId,
          fixedYes: i.fixedYes,
          fixedNo: i.fixedNo,
          evidence: evidence
            .filter((e) => e.itemId === i.id)
            .map((e) => ({
              id: e.id,
              kind: e.kind,
              url: e.url,
              mediaType: e.mediaType,
              published: e.published,
              by: e.uploadedBy,
              at: ruDate(e.uploadedAt),
            })),
        })),
    })),
    periods: periods.map((p) => ({
      ...p,
      dueRu: ruDate(p.due),
      ended: p.end < today,
      report: reports.find((r) => r.periodEnd === p.end && r.status !== 'returned')?.status ?? null,
    })),
    reports: reports.map((r) => ({
      id: r.id,
      period: `${ruDate(r.periodStart)}–${ruDate(r.periodEnd)}`,
      due: ruDate(r.dueDate),
      submitted: `${ruDate(r.submittedAt)}, ${r.submittedBy ?? ''}`,
      late: r.submittedAt.toISOString().slice(0, 10) > r.dueDate,
      status: r.status,
      comment: r.reviewComment,
      rows: (r.rows as unknown[]).length,
    })),
  };
}

/** The server-side re-audit never reaches internal addresses (decision 0016), like the background runs. */
function siteAuditorFor(allowNetworks: readonly string[]): Auditor {
  const addressGuard = createAddressGuard(allowNetworks);
  // Presence of the sections and channels is what a row answers: linked documents are not fetched.
  return (url, orgType) =>
    auditSite(url, { orgType, politenessDelayMs: 100, totalTimeoutMs: 60_000, checkDocuments: false, addressGuard });
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { plan, scope } = await planFromUrl(context, params.planId);
  const user = requireUser(context, request);
  if (!plan || !scope) throw data(FORBIDDEN_MESSAGE, { status: user.role === 'admin' ? 404 : 403 });
  const may = permissions(user, scope);
  if (!may.edit && !may.approve && !may.verify) throw data(FORBIDDEN_MESSAGE, { status: 403 });
  const form = await request.formData();
  const intent = str(form, 'intent');
  const itemId = str(form, 'itemId') || null;
  const fields = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')) as Record<
    string,
    string
  >;
  const db = context.db;
  const ok = (message: string): PlanFormResult => ({ intent, itemId, message, at: Date.now() });
  try {
    switch (intent) {
      case 'row.update':
        await updateRow(db, plan.id, itemId ?? '', fields, user);
        return ok('Строка сохранена.');
      case 'row.add':
        await addRow(db, plan.id, fields, user);
        return ok('Строка добавлена.');
      case 'row.remove':
        await removeRow(db, plan.id, itemId ?? '', user);
        return ok('Строка удалена.');
      case 'fillResponsible': {
        const n = await fillResponsible(db, plan.id, str(form, 'responsibleName'), user);
        return ok(`Ответственный указан в строках без исполнителя: ${n}.`);
      }
      case 'submit':
        await submitPlan(db, plan.id, user);
        return ok('План отправлен на согласование.');
      case 'return':
        await returnPlan(db, plan.id, str(form, 'comment'), user);
        return ok('План возвращён на доработку с замечаниями.');
      case 'agree':
        await agreePlan(db, plan.id, user);
        return ok('План согласован. Утвердите его актом (можно сразу несколько планов на странице «Планы»).');
      case 'approve':
        await approvePlans(db, [plan.id], fields, user);
        return ok('План утверждён.');
      case 'publish':
        await publishPlan(db, plan.id, { siteUrl: str(form, 'siteUrl'), busGovOn: str(form, 'busGovOn') }, user);
        return ok('Отметка о публикации сохранена.');
      case 'newVersion': {
        const next = await newVersion(db, plan.id, str(form, 'reason'), user);
        return { ...ok(`Создана редакция ${next.version}`), next: next.id };
      }
      case 'row.start':
        await startRow(db, plan.id, itemId ?? '', user);
        return ok('Мероприятие отмечено как выполняемое.');
      case 'row.claim': {
        const evidence = await evidenceFromForm(context, form);
        await claimRow(
          db,
          plan.id,
          itemId ?? '',
          { implemented: str(form, 'implemented'), actualDate: str(form, 'actualDate'), evidence },
          user,
        );
        return ok('Выполнение заявлено: мероприятие ждёт проверки.');
      }
      case 'row.evidence': {
        const evidence = await evidenceFromForm(context, form);
        await addEvidence(db, plan.id, itemId ?? '', evidence, user);
        return ok('Подтверждение добавлено.');
      }
      case 'row.verify':
        await verifyRow(db, plan.id, itemId ?? '', str(form, 'note'), user);
        return ok('Выполнение подтверждено.');
      case 'row.reject':
        await rejectRow(db, plan.id, itemId ?? '', str(form, 'reason'), user);
        return ok('Подтверждение не принято: мероприятие возвращено в работу.');
      case 'row.cancel':
        await closeRow(db, plan.id, itemId ?? '', 'cancelled', str(form, 'reason'), user);
        return ok('Мероприятие отменено.');
      case 'row.carry':
        await closeRow(db, plan.id, itemId ?? '', 'carried_over', str(form, 'reason'), user);
        return ok('Мероприятие будет перенесено в план следующего цикла.');
      case 'row.site': {
        const { check } = await verifyBySiteAudit(
          db,
          plan.id,
          itemId ?? '',
          user,
          siteAuditorFor(context.config.siteAuditAllowNetworks ?? []),
        );
        return check.present
          ? ok(`Повторная проверка сайта: ${check.detail}. Выполнение подтверждено.`)
          : ({ intent, itemId, errors: [`Повторная проверка сайта: ${check.detail}.`] } satisfies PlanFormResult);
      }
      case 'evidence.publish':
        await setEvidencePublished(
          db,
          plan.id,
          Number(str(form, 'evidenceId')) || 0,
          str(form, 'published') === '1',
          user,
        );
        return ok(
          str(form, 'published') === '1'
            ? 'Фотография показана на публичной странице плана.'
            : 'Фотография скрыта с публичной страницы.',
        );
      case 'report.submit':
        await submitReport(db, plan.id, str(form, 'periodEnd'), user);
        return ok('Сведения о ходе реализации сданы.');
      case 'report.accept':
      case 'report.return':
        await reviewReport(
          db,
          str(form, 'reportId'),
          intent === 'report.accept' ? 'accepted' : 'returned',
          str(form, 'comment'),
          user,
        );
        return ok(intent === 'report.accept' ? 'Сведения приняты.' : 'Сведения возвращены организации.');
      default:
        return data<PlanFormResult>({ intent, itemId, errors: ['Неизвестное действие.'] }, { status: 400 });
    }
  } catch (err) {
    return formRefusal(err, intent, itemId);
  }
}

type PageData = Route.ComponentProps['loaderData'];
type Row = PageData['sections'][number]['rows'][number];

/** Which of a row's forms are on the page: the same conditions render them and place the answers. */
function rowForms(row: Row, d: PageData) {
  const open = row.status === 'planned' || row.status === 'in_progress' || row.status === 'claimed';
  const run = d.executing && d.may.edit;
  const verify = d.executing && d.may.verify;
  return {
    'row.update': d.editable,
    'row.remove': d.editable && row.own,
    'row.start': run && row.status === 'planned',
    'row.claim': run && (row.status === 'planned' || row.status === 'in_progress'),
    'row.evidence': run && row.status === 'claimed',
    'row.verify': verify && row.status === 'claimed',
    'row.reject': verify && row.status === 'claimed',
    'row.site': verify && open && row.siteRow,
    'row.cancel': d.executing && d.may.approve && open,
    'row.carry': d.executing && d.may.approve && open,
  } as Record<string, boolean>;
}

/** The plan's own forms on the page. */
function planForms(d: PageData) {
  const p = d.plan;
  const done = p.status === 'approved' || p.status === 'published';
  return {
    fillResponsible: d.editable && d.missingResponsible > 0,
    'row.add': d.editable,
    submit: d.editable,
    agree: d.may.approve && p.status === 'submitted',
    return: d.may.approve && (p.status === 'submitted' || p.status === 'agreed'),
    approve: d.may.approve && p.status === 'agreed',
    publish: d.may.approve && done,
    newVersion: d.may.edit && done,
  } as Record<string, boolean>;
}

/**
 * Where the answer stands: at the top of the form that was sent, or — when that form is gone after it (a
 * claimed row loses its claim form, a removed row its card) — at the top of its row, its section or the page.
 */
function placeOf(result: PlanFormResult | undefined, d: PageData): string {
  if (!result) return '';
  const intent = result.intent ?? '';
  if (result.itemId) {
    const row = d.sections.flatMap((s) => s.rows).find((r) => r.id === result.itemId);
    if (row) return rowForms(row, d)[intent] ? `${intent}:${row.id}` : `row:${row.id}`;
    return 'page';
  }
  if (intent.startsWith('report.') && d.executing) return 'reports';
  return planForms(d)[intent] ? intent : 'page';
}

/** The answer, focused on arrival; a new version's answer links to it. */
function Answer({ result, show }: { result: PlanFormResult | undefined; show: boolean }) {
  if (!result || !show) return null;
  const items = errorItems(result.errors, result.fieldErrors);
  if (items.length) return <ErrorSummary title="Не выполнено" items={items} id="plan-result-errors" />;
  if (!result.message) return null;
  return (
    <SuccessMessage id="plan-result-ok">
      {result.next ? (
        <p>
          {`${result.message}: `}
          <a href={`/plans/${result.next}`}>открыть новую редакцию</a>
        </p>
      ) : (
        result.message
      )}
    </SuccessMessage>
  );
}

/** The page's answer and where it stands, passed down to the rows and forms. */
type Answered = { result: PlanFormResult | undefined; place: string };

/** A form's key: it changes after this form's success, so React empties it as the fresh page does. */
const keyOf = (a: Answered, place: string) => (a.place === place ? formKey(a.result) : 'form');

function RowFields({ row, prefix }: { row?: Row; prefix: string }) {
  return (
    <div className="stack">
      <Select
        name="section"
        id={`${prefix}-section`}
        label="Раздел плана"
        defaultValue={row?.section ?? 'I'}
        options={SECTIONS.map((s) => ({ value: s, label: `${s}. ${sectionTitles[s]}` }))}
      />
      <RowFieldsBody row={row} prefix={prefix} />
    </div>
  );
}

function Evidence({ row, planId, may, csrf }: { row: Row; planId: string; may: { edit: boolean }; csrf: string }) {
  if (!row.evidence.length) return null;
  return (
    <ul className="plan-evidence">
      {row.evidence.map((e) => (
        <li key={e.id}>
          {e.kind === 'link' ? (
            <a href={e.url ?? '#'} rel="noopener noreferrer nofollow">{`Ссылка: ${e.url}`}</a>
          ) : (
            <a href={`/plans/${planId}/evidence/${e.id}`}>{e.kind === 'photo' ? 'Фотография' : 'Документ PDF'}</a>
          )}
          {` — ${e.by ?? ''}, ${e.at}`}
          {e.kind === 'photo' ? (e.published ? ' (показана публично)' : ' (не публикуется)') : null}
          {e.kind === 'photo' && may.edit ? (
            <Form method="post" className="inline-form">
              <Csrf token={csrf} />
              <input type="hidden" name="intent" value="evidence.publish" />
              {/* The row, so the answer stands in this row's card. */}
              <input type="hidden" name="itemId" value={row.id} />
              <input type="hidden" name="evidenceId" value={e.id} />
              <input type="hidden" name="published" value={e.published ? '0' : '1'} />
              <button type="submit" className="secondary">
                {e.published ? 'Скрыть с публичной страницы' : 'Показать на публичной странице'}
              </button>
            </Form>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

const EVIDENCE_ACCEPT = 'image/jpeg,image/png,image/heic,application/pdf';

function PlanRow({ row, d, answered }: { row: Row; d: PageData; answered: Answered }) {
  const csrf = d.csrfToken;
  const forms = rowForms(row, d);
  const at = (intent: string) => `${intent}:${row.id}`;
  const here = (intent: string) => answered.place === at(intent);
  const answer = (intent: string) => <Answer result={answered.result} show={here(intent)} />;
  // A form inside a closed <details> would hide its answer: the details of the form that was sent opens.
  const openIf = (...intents: string[]) => (intents.some(here) ? true : undefined);
  const hidden = (intent: string) => (
    <>
      {answer(intent)}
      <Csrf token={csrf} />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="itemId" value={row.id} />
    </>
  );
  const f = (k: string) => `${k}-${row.id}`;
  return (
    <article className={`plan-row${row.overdue ? ' overdue' : ''}`} id={`row-${row.id}`} aria-labelledby={f('h')}>
      <h4 id={f('h')}>{`${row.position}. ${row.shortfall}`}</h4>
      <Answer result={answered.result} show={answered.place === `row:${row.id}`} />
      <dl className="card">
        <div>
          <dt>Мероприятие</dt>
          <dd>{row.measure}</dd>
        </div>
        <div>
          <dt>Срок</dt>
          <dd>
            {row.planned || 'не указан'}
            {row.overdue ? ' — просрочено' : ''}
          </dd>
        </div>
        <div>
          <dt>Ответственный</dt>
          <dd>
            {row.responsibleName
              ? `${row.responsibleName}, ${row.responsiblePost}`
              : `не указан (${row.responsiblePost})`}
          </dd>
        </div>
        <div>
          <dt>Состояние</dt>
          <dd>
            {row.statusLabel}
            {row.needsFunding ? '; нужно финансирование' : ''}
          </dd>
        </div>
        <div>
          <dt>Источник</dt>
          <dd>{`${row.source}${row.indicator ? `, показатель ${row.indicator}` : ''}`}</dd>
        </div>
        {row.implemented ? (
          <div>
            <dt>Реализованные меры</dt>
            <dd>{`${row.implemented}${row.actualDate ? ` (${row.actualDate})` : ''}`}</dd>
          </div>
        ) : null}
        {row.verified && row.status === 'verified' ? (
          <div>
            <dt>Проверено</dt>
            <dd>{row.verified}</dd>
          </div>
        ) : null}
        {row.rejectedReason && row.status !== 'verified' ? (
          <div>
            <dt>Подтверждение не принято</dt>
            <dd className="warn-text">{row.rejectedReason}</dd>
          </div>
        ) : null}
        {row.cancelReason ? (
          <div>
            <dt>{row.status === 'cancelled' ? 'Отменено' : 'Перенесено'}</dt>
            <dd>{`${row.cancelReason} (согласовал: ${row.cancelAgreedBy ?? ''})`}</dd>
          </div>
        ) : null}
        {row.siteCheck ? (
          <div>
            <dt>Повторная проверка сайта</dt>
            <dd>{`${ruDateIso(row.siteCheck.at)}: ${row.siteCheck.present ? 'есть' : 'нет'} — ${row.siteCheck.detail}`}</dd>
          </div>
        ) : null}
        {d.executing ? (
          <div>
            <dt>Устранено? (мнение граждан)</dt>
            <dd>{`да — ${row.fixedYes}, нет — ${row.fixedNo}`}</dd>
          </div>
        ) : null}
      </dl>
      <Evidence row={row} planId={d.plan.id} may={d.may} csrf={csrf} />

      {forms['row.update'] ? (
        <details open={openIf('row.update', 'row.remove')}>
          <summary>Изменить строку</summary>
          <Form method="post" key={keyOf(answered, at('row.update'))}>
            {hidden('row.update')}
            <RowFields row={row} prefix={`e-${row.id}`} />
            <button type="submit">Сохранить строку</button>
          </Form>
          {forms['row.remove'] ? (
            <Form method="post">
              {hidden('row.remove')}
              <button type="submit" className="secondary">
                Удалить строку
              </button>
            </Form>
          ) : null}
        </details>
      ) : null}

      {forms['row.start'] ? (
        <Form method="post">
          {hidden('row.start')}
          <button type="submit" className="secondary">
            Начать выполнение
          </button>
        </Form>
      ) : null}
      {forms['row.claim'] ? (
        <details open={openIf('row.claim')}>
          <summary>Отметить выполненным</summary>
          <Form method="post" encType="multipart/form-data" className="stack">
            {hidden('row.claim')}
            <Textarea
              name="implemented"
              id={f('implemented')}
              label="Реализованные меры (графа 5.1)"
              rows={3}
              required
              defaultValue={row.implemented ?? ''}
            />
            <DateInput
              name="actualDate"
              id={f('actualDate')}
              label="Фактический срок (графа 5.2)"
              required
              defaultValue={d.today}
              max={d.today}
            />
            <FileUpload
              name="files"
              id={f('files')}
              label="Фотографии или документ PDF (до 5 файлов по 10 МБ)"
              multiple
              accept={EVIDENCE_ACCEPT}
            />
            <TextInput
              name="link"
              id={f('link')}
              label="или ссылка на подтверждение"
              type="url"
              inputMode="url"
              placeholder="https://"
            />
            <button type="submit">Заявить выполнение</button>
          </Form>
        </details>
      ) : null}
      {forms['row.evidence'] ? (
        <details open={openIf('row.evidence')}>
          <summary>Добавить подтверждение</summary>
          <Form method="post" encType="multipart/form-data" className="stack" key={keyOf(answered, at('row.evidence'))}>
            {hidden('row.evidence')}
            <FileUpload name="files" id={f('more')} label="Файлы" multiple accept={EVIDENCE_ACCEPT} />
            <TextInput name="link" id={f('morelink')} label="Ссылка" type="url" placeholder="https://" />
            <button type="submit">Добавить</button>
          </Form>
        </details>
      ) : null}
      {forms['row.verify'] ? (
        <div className="plan-verify">
          <Form method="post" className="stack">
            {hidden('row.verify')}
            <TextInput name="note" id={f('note')} label="Отметка проверяющего (необязательно)" />
            <button type="submit">Подтвердить выполнение</button>
          </Form>
          <Form method="post" className="stack">
            {hidden('row.reject')}
            <TextInput name="reason" id={f('reason')} label="Почему подтверждение не принято" required />
            <button type="submit" className="secondary">
              Не принять подтверждение
            </button>
          </Form>
        </div>
      ) : null}
      {forms['row.site'] ? (
        <Form method="post">
          {hidden('row.site')}
          <button
            type="submit"
            className="secondary"
          >{`Проверить сайт повторно${d.plan.website ? ` (${d.plan.website})` : ''}`}</button>
        </Form>
      ) : null}
      {forms['row.cancel'] ? (
        <details open={openIf('row.cancel', 'row.carry')}>
          <summary>Отменить или перенести</summary>
          <Form method="post" className="stack">
            {hidden('row.cancel')}
            <TextInput name="reason" id={f('cancel')} label="Причина отмены" required />
            <button type="submit" className="secondary">
              Отменить мероприятие
            </button>
          </Form>
          <Form method="post" className="stack">
            {hidden('row.carry')}
            <TextInput name="reason" id={f('carry')} label="Причина переноса в следующий цикл" required />
            <button type="submit" className="secondary">
              Перенести в план следующего цикла
            </button>
          </Form>
        </details>
      ) : null}
    </article>
  );
}

const ruDateIso = ruDay;

function RowFieldsBody({ row, prefix }: { row?: Row; prefix: string }) {
  const id = (k: string) => `${prefix}-${k}`;
  return (
    <>
      <Textarea
        name="shortfall"
        id={id('shortfall')}
        label="Недостаток (графа 1)"
        rows={2}
        defaultValue={row?.shortfall ?? ''}
        required
      />
      <Textarea
        name="measure"
        id={id('measure')}
        label="Мероприятие по устранению (графа 2)"
        rows={3}
        defaultValue={row?.measure ?? ''}
        required
      />
      <Select
        name="plannedKind"
        id={id('plannedKind')}
        label="Вид срока (графа 3)"
        defaultValue={row?.plannedKind ?? 'date'}
        options={[
          { value: 'date', label: 'к дате' },
          { value: 'periodic', label: 'периодически (с ближайшей датой)' },
          { value: 'permanent', label: 'постоянно' },
        ]}
      />
      <DateInput
        name="plannedDate"
        id={id('plannedDate')}
        label="Плановый срок"
        defaultValue={row?.plannedDate ?? ''}
      />
      <TextInput
        name="periodicNote"
        id={id('periodicNote')}
        label="Периодичность (для периодических)"
        defaultValue={row?.periodicNote ?? ''}
        placeholder="ежеквартально"
      />
      <TextInput
        name="responsibleName"
        id={id('responsibleName')}
        label="Ответственный: фамилия, имя, отчество (графа 4)"
        defaultValue={row?.responsibleName ?? ''}
        autoComplete="name"
        required
      />
      <TextInput
        name="responsiblePost"
        id={id('responsiblePost')}
        label="Должность ответственного"
        defaultValue={row?.responsiblePost ?? ''}
        required
      />
      {/* One yes/no box needs no group legend: the kit's choice layout with its own label. */}
      <div className="field choice">
        <input
          id={id('funding')}
          type="checkbox"
          name="needsFunding"
          value="on"
          defaultChecked={row?.needsFunding ?? false}
        />
        <label htmlFor={id('funding')}>Нужно финансирование</label>
      </div>
    </>
  );
}

export default function PlanPage({ loaderData: d, actionData }: Route.ComponentProps) {
  const result = actionData as PlanFormResult | undefined;
  const answered: Answered = { result, place: placeOf(result, d) };
  const answer = (place: string) => <Answer result={result} show={answered.place === place} />;
  const p = d.plan;
  const csrf = d.csrfToken;
  const total = d.sections.reduce((n, s) => n + s.rows.length, 0);
  return (
    <section className="plan-page">
      <p>
        <a href="/plans">← Все планы</a>
      </p>
      <h1>{`План по устранению недостатков: ${p.organisation}, ${p.year} год`}</h1>
      {answer('page')}
      <dl className="card">
        <div>
          <dt>Состояние</dt>
          <dd>{`${p.statusLabel}, редакция ${p.version}${p.generated ? ' (составлен автоматически, ещё не правился)' : ''}`}</dd>
        </div>
        <div>
          <dt>Основание</dt>
          <dd>{`Результаты оценки: ${p.resultVersion}`}</dd>
        </div>
        {p.act ? (
          <div>
            <dt>Утверждён</dt>
            <dd>{p.act}</dd>
          </div>
        ) : null}
        {p.siteUrl || p.busGovOn ? (
          <div>
            <dt>Опубликован</dt>
            <dd>
              {[p.siteUrl ? `на сайте: ${p.siteUrl}` : null, p.busGovOn ? `на bus.gov.ru ${p.busGovOn}` : null]
                .filter(Boolean)
                .join('; ')}
            </dd>
          </div>
        ) : null}
        {p.publicHref ? (
          <div>
            <dt>Публичная страница</dt>
            <dd>
              <a href={p.publicHref}>{p.publicHref}</a>
            </dd>
          </div>
        ) : null}
        {p.previousId ? (
          <div>
            <dt>Прежняя редакция</dt>
            <dd>
              <a href={`/plans/${p.previousId}`}>открыть (только чтение)</a>
            </dd>
          </div>
        ) : null}
      </dl>
      <DocumentLinks
        campaignId={p.campaignId}
        items={[
          { kind: 'plan', title: 'План по форме постановления № 457', formats: ['docx', 'pdf'], query: { plan: p.id } },
          ...(d.executing
            ? [
                {
                  kind: 'plan',
                  title: `Сведения о ходе реализации по состоянию на ${d.today.split('-').reverse().join('.')}`,
                  formats: ['docx', 'pdf'] as const,
                  query: { plan: p.id, asOf: d.today },
                },
              ]
            : []),
          ...d.reports.map((r) => ({
            kind: 'plan',
            title: `Сданные сведения за ${r.period}`,
            formats: ['docx', 'pdf'] as const,
            query: { plan: p.id, report: r.id },
          })),
        ]}
      />
      {d.executing ? (
        <form method="get" action={`/downloads/${p.campaignId}/plan/pdf`} className="stack narrow">
          <input type="hidden" name="plan" value={p.id} />
          <DateInput
            name="asOf"
            id="as-of"
            label="Сведения о ходе реализации по состоянию на"
            required
            defaultValue={d.today}
          />
          <button type="submit">Скачать PDF</button>
        </form>
      ) : null}
      {p.status === 'returned' && p.returnComment ? (
        <p className="notice warn" role="note">{`Замечания органа управления: ${p.returnComment}`}</p>
      ) : null}
      {p.status === 'superseded' ? (
        <p className="notice">Эта редакция заменена новой и доступна только для чтения.</p>
      ) : null}

      <h2>Сроки</h2>
      <ul className="clocks">
        {d.deadlines.map((k) => (
          <li key={k.title} className={k.late ? 'overdue' : undefined}>
            <strong>{k.title}</strong>
            {` — до ${k.due}${k.late ? ' (срок прошёл)' : ''}. `}
            <span className="hint">
              {k.rule}
              {k.note ? `; ${k.note}` : ''}
            </span>
          </li>
        ))}
      </ul>

      {d.editable && d.missingResponsible > 0 ? (
        <Form method="post" className="stack narrow">
          <h2>Ответственный исполнитель</h2>
          {answer('fillResponsible')}
          <Csrf token={csrf} />
          <input type="hidden" name="intent" value="fillResponsible" />
          <p>{`В ${d.missingResponsible} строках не указан ответственный. Впишите человека сразу во все такие строки (должности уже указаны; потом их можно поправить в каждой строке).`}</p>
          <TextInput
            name="responsibleName"
            id="fill-name"
            label="Фамилия, имя, отчество"
            required
            autoComplete="name"
          />
          <button type="submit">Указать во всех строках без исполнителя</button>
        </Form>
      ) : null}

      <h2>{`Мероприятия (${total})`}</h2>
      {d.sections.map((s) => (
        <section key={s.number} aria-labelledby={`sec-${s.number}`}>
          <h3 id={`sec-${s.number}`}>{`${s.number}. ${s.title}`}</h3>
          {s.rows.length === 0 ? (
            <p className="muted">Недостатков в этом разделе нет.</p>
          ) : (
            s.rows.map((r) => <PlanRow key={r.id} row={r} d={d} answered={answered} />)
          )}
        </section>
      ))}

      {d.editable ? (
        <>
          <details open={answered.place === 'row.add' ? true : undefined}>
            <summary>Добавить свою строку</summary>
            <Form method="post" key={keyOf(answered, 'row.add')}>
              {answer('row.add')}
              <Csrf token={csrf} />
              <input type="hidden" name="intent" value="row.add" />
              <RowFields prefix="new" />
              <button type="submit">Добавить строку</button>
            </Form>
          </details>
          <Form method="post">
            {answer('submit')}
            <Csrf token={csrf} />
            <input type="hidden" name="intent" value="submit" />
            <button type="submit">Отправить на согласование</button>
          </Form>
        </>
      ) : null}

      {d.may.approve && (p.status === 'submitted' || p.status === 'agreed') ? (
        <>
          <h2>Согласование</h2>
          {p.status === 'submitted' ? (
            <Form method="post">
              {answer('agree')}
              <Csrf token={csrf} />
              <input type="hidden" name="intent" value="agree" />
              <button type="submit">Согласовать</button>
            </Form>
          ) : null}
          <Form method="post" className="stack narrow">
            {answer('return')}
            <Csrf token={csrf} />
            <input type="hidden" name="intent" value="return" />
            <Textarea name="comment" id="return-comment" label="Замечания (что доработать)" rows={3} required />
            <button type="submit" className="secondary">
              Вернуть на доработку
            </button>
          </Form>
        </>
      ) : null}
      {d.may.approve && p.status === 'agreed' ? <ActForm csrf={csrf} answer={answer('approve')} /> : null}
      {d.may.approve && (p.status === 'approved' || p.status === 'published') ? (
        <Form method="post" className="stack narrow" key={keyOf(answered, 'publish')}>
          <h2>Публикация</h2>
          {answer('publish')}
          <Csrf token={csrf} />
          <input type="hidden" name="intent" value="publish" />
          <TextInput
            name="siteUrl"
            id="site-url"
            label="Адрес плана на сайте организации"
            type="url"
            defaultValue={p.siteUrl ?? ''}
            placeholder="https://"
          />
          <DateInput name="busGovOn" id="bus-gov" label="Дата размещения на bus.gov.ru" />
          <button type="submit">Сохранить отметку о публикации</button>
        </Form>
      ) : null}
      {d.may.edit && (p.status === 'approved' || p.status === 'published') ? (
        <details open={answered.place === 'newVersion' ? true : undefined}>
          <summary>Изменить утверждённый план (новая редакция)</summary>
          <Form method="post" className="stack narrow" key={keyOf(answered, 'newVersion')}>
            {answer('newVersion')}
            <Csrf token={csrf} />
            <input type="hidden" name="intent" value="newVersion" />
            <Textarea name="reason" id="nv-reason" label="Причина изменения" rows={2} required />
            <button type="submit" className="secondary">
              Создать новую редакцию
            </button>
          </Form>
        </details>
      ) : null}

      {d.executing ? (
        <>
          <h2 id="reports">Сведения о ходе реализации</h2>
          {answer('reports')}
          {d.periods.length === 0 ? (
            <p>Отчётные периоды ещё не начались.</p>
          ) : (
            <ul>
              {d.periods.map((per) => (
                <li key={per.end}>
                  {`${per.label}: сдать до ${per.dueRu}. `}
                  {per.report ? (
                    `Сданы (${per.report === 'accepted' ? 'приняты' : 'на рассмотрении'}).`
                  ) : per.ended && d.may.edit ? (
                    <Form method="post" className="inline-form">
                      <Csrf token={csrf} />
                      <input type="hidden" name="intent" value="report.submit" />
                      <input type="hidden" name="periodEnd" value={per.end} />
                      <button type="submit">{`Сдать сведения за ${per.label}`}</button>
                    </Form>
                  ) : per.ended ? (
                    'Не сданы.'
                  ) : (
                    'Период ещё идёт.'
                  )}
                </li>
              ))}
            </ul>
          )}
          {d.reports.length ? (
            <TableScroll label="Сданные сведения">
              <table>
                <caption>Сданные сведения</caption>
                <thead>
                  <tr>
                    <th scope="col">Период</th>
                    <th scope="col">Срок</th>
                    <th scope="col">Сданы</th>
                    <th scope="col">Строк</th>
                    <th scope="col">Рассмотрение</th>
                  </tr>
                </thead>
                <tbody>
                  {d.reports.map((r) => (
                    <tr key={r.id}>
                      <th scope="row">{r.period}</th>
                      <td>{r.due}</td>
                      <td>{`${r.submitted}${r.late ? ' (с опозданием)' : ''}`}</td>
                      <td className="num">{r.rows}</td>
                      <td>
                        {r.status === 'submitted' ? (
                          d.may.approve ? (
                            <>
                              <Form method="post" className="inline-form">
                                <Csrf token={csrf} />
                                <input type="hidden" name="intent" value="report.accept" />
                                <input type="hidden" name="reportId" value={r.id} />
                                <button type="submit">Принять</button>
                              </Form>
                              <Form method="post">
                                <Csrf token={csrf} />
                                <input type="hidden" name="intent" value="report.return" />
                                <input type="hidden" name="reportId" value={r.id} />
                                <TextInput name="comment" id={`rc-${r.id}`} label="Что исправить" required />
                                <button type="submit" className="secondary">
                                  Вернуть
                                </button>
                              </Form>
                            </>
                          ) : (
                            'на рассмотрении'
                          )
                        ) : r.status === 'accepted' ? (
                          'приняты'
                        ) : (
                          `возвращены: ${r.comment ?? ''}`
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

/** The act that approves one plan (here) or several (`planIds`); `answer` is the approval's answer. */
export function ActForm({ csrf, planIds, answer }: { csrf: string; planIds?: string[]; answer?: ReactNode }) {
  return (
    <Form method="post" className="stack narrow">
      <h2>Утверждение</h2>
      {answer}
      <Csrf token={csrf} />
      <input type="hidden" name="intent" value="approve" />
      {planIds?.map((id) => (
        <input key={id} type="hidden" name="planId" value={id} />
      ))}
      <Select
        name="kind"
        id="act-kind"
        label="Вид акта"
        defaultValue="приказ"
        options={['приказ', 'постановление', 'распоряжение'].map((k) => ({ value: k, label: k }))}
      />
      <TextInput name="number" id="act-number" label="Номер" required />
      <DateInput name="date" id="act-date" label="Дата" required />
      <TextInput
        name="approverPost"
        id="act-post"
        label="Должность утверждающего"
        required
        defaultValue="начальник управления образования"
      />
      <TextInput name="approverName" id="act-name" label="Фамилия и инициалы утверждающего" required />
      <button type="submit">Утвердить</button>
    </Form>
  );
}
