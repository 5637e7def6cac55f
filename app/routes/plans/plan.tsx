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
import { Csrf } from '../../ui/forms';
import { FORBIDDEN_MESSAGE, requireCan, requireUser } from '../../server/guard';
import { evidenceFromForm, permissions, planFromUrl, refusal, ruDate, str, type ActionResult } from './glue.server';
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
  const ok = (message: string): ActionResult => ({ ok: true, message, itemId });
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
        return ok(`Создана редакция ${next.version}: /plans/${next.id}`);
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
        return {
          ok: check.present,
          message: check.present
            ? `Повторная проверка сайта: ${check.detail}. Выполнение подтверждено.`
            : `Повторная проверка сайта: ${check.detail}.`,
          itemId,
        };
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
        return data<ActionResult>({ ok: false, message: 'Неизвестное действие.', itemId }, { status: 400 });
    }
  } catch (err) {
    return refusal(err, itemId);
  }
}

type Row = Route.ComponentProps['loaderData']['sections'][number]['rows'][number];

function RowFields({ row, prefix }: { row?: Row; prefix: string }) {
  return (
    <div className="stack">
      <label htmlFor={`${prefix}-section`}>Раздел плана</label>
      <select id={`${prefix}-section`} name="section" defaultValue={row?.section ?? 'I'}>
        {SECTIONS.map((s) => (
          <option key={s} value={s}>{`${s}. ${sectionTitles[s]}`}</option>
        ))}
      </select>
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

function PlanRow({ row, d }: { row: Row; d: Route.ComponentProps['loaderData'] }) {
  const csrf = d.csrfToken;
  const open = row.status === 'planned' || row.status === 'in_progress' || row.status === 'claimed';
  const hidden = (intent: string) => (
    <>
      <Csrf token={csrf} />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="itemId" value={row.id} />
    </>
  );
  const f = (k: string) => `${k}-${row.id}`;
  return (
    <article className={`plan-row${row.overdue ? ' overdue' : ''}`} id={`row-${row.id}`} aria-labelledby={f('h')}>
      <h4 id={f('h')}>{`${row.position}. ${row.shortfall}`}</h4>
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

      {d.editable ? (
        <details>
          <summary>Изменить строку</summary>
          <Form method="post">
            {hidden('row.update')}
            <RowFields row={row} prefix={`e-${row.id}`} />
            <button type="submit">Сохранить строку</button>
          </Form>
          {row.own ? (
            <Form method="post">
              {hidden('row.remove')}
              <button type="submit" className="secondary">
                Удалить строку
              </button>
            </Form>
          ) : null}
        </details>
      ) : null}

      {d.executing && d.may.edit && row.status === 'planned' ? (
        <Form method="post">
          {hidden('row.start')}
          <button type="submit" className="secondary">
            Начать выполнение
          </button>
        </Form>
      ) : null}
      {d.executing && d.may.edit && (row.status === 'planned' || row.status === 'in_progress') ? (
        <details>
          <summary>Отметить выполненным</summary>
          <Form method="post" encType="multipart/form-data" className="stack">
            {hidden('row.claim')}
            <label htmlFor={f('implemented')}>Реализованные меры (графа 5.1)</label>
            <textarea id={f('implemented')} name="implemented" rows={3} required defaultValue={row.implemented ?? ''} />
            <label htmlFor={f('actualDate')}>Фактический срок (графа 5.2)</label>
            <input id={f('actualDate')} name="actualDate" type="date" required defaultValue={d.today} max={d.today} />
            <label htmlFor={f('files')}>Фотографии или документ PDF (до 5 файлов по 10 МБ)</label>
            <input
              id={f('files')}
              name="files"
              type="file"
              multiple
              accept="image/jpeg,image/png,image/heic,application/pdf"
            />
            <label htmlFor={f('link')}>или ссылка на подтверждение</label>
            <input id={f('link')} name="link" type="url" inputMode="url" placeholder="https://" />
            <button type="submit">Заявить выполнение</button>
          </Form>
        </details>
      ) : null}
      {d.executing && d.may.edit && row.status === 'claimed' ? (
        <details>
          <summary>Добавить подтверждение</summary>
          <Form method="post" encType="multipart/form-data" className="stack">
            {hidden('row.evidence')}
            <label htmlFor={f('more')}>Файлы</label>
            <input
              id={f('more')}
              name="files"
              type="file"
              multiple
              accept="image/jpeg,image/png,image/heic,application/pdf"
            />
            <label htmlFor={f('morelink')}>Ссылка</label>
            <input id={f('morelink')} name="link" type="url" placeholder="https://" />
            <button type="submit">Добавить</button>
          </Form>
        </details>
      ) : null}
      {d.executing && d.may.verify && row.status === 'claimed' ? (
        <div className="plan-verify">
          <Form method="post" className="stack">
            {hidden('row.verify')}
            <label htmlFor={f('note')}>Отметка проверяющего (необязательно)</label>
            <input id={f('note')} name="note" />
            <button type="submit">Подтвердить выполнение</button>
          </Form>
          <Form method="post" className="stack">
            {hidden('row.reject')}
            <label htmlFor={f('reason')}>Почему подтверждение не принято</label>
            <input id={f('reason')} name="reason" required />
            <button type="submit" className="secondary">
              Не принять подтверждение
            </button>
          </Form>
        </div>
      ) : null}
      {d.executing && d.may.verify && open && row.siteRow ? (
        <Form method="post">
          {hidden('row.site')}
          <button
            type="submit"
            className="secondary"
          >{`Проверить сайт повторно${d.plan.website ? ` (${d.plan.website})` : ''}`}</button>
        </Form>
      ) : null}
      {d.executing && d.may.approve && open ? (
        <details>
          <summary>Отменить или перенести</summary>
          <Form method="post" className="stack">
            {hidden('row.cancel')}
            <label htmlFor={f('cancel')}>Причина отмены</label>
            <input id={f('cancel')} name="reason" required />
            <button type="submit" className="secondary">
              Отменить мероприятие
            </button>
          </Form>
          <Form method="post" className="stack">
            {hidden('row.carry')}
            <label htmlFor={f('carry')}>Причина переноса в следующий цикл</label>
            <input id={f('carry')} name="reason" required />
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
      <label htmlFor={id('shortfall')}>Недостаток (графа 1)</label>
      <textarea id={id('shortfall')} name="shortfall" rows={2} defaultValue={row?.shortfall ?? ''} required />
      <label htmlFor={id('measure')}>Мероприятие по устранению (графа 2)</label>
      <textarea id={id('measure')} name="measure" rows={3} defaultValue={row?.measure ?? ''} required />
      <label htmlFor={id('plannedKind')}>Вид срока (графа 3)</label>
      <select id={id('plannedKind')} name="plannedKind" defaultValue={row?.plannedKind ?? 'date'}>
        <option value="date">к дате</option>
        <option value="periodic">периодически (с ближайшей датой)</option>
        <option value="permanent">постоянно</option>
      </select>
      <label htmlFor={id('plannedDate')}>Плановый срок</label>
      <input id={id('plannedDate')} name="plannedDate" type="date" defaultValue={row?.plannedDate ?? ''} />
      <label htmlFor={id('periodicNote')}>Периодичность (для периодических)</label>
      <input
        id={id('periodicNote')}
        name="periodicNote"
        defaultValue={row?.periodicNote ?? ''}
        placeholder="ежеквартально"
      />
      <label htmlFor={id('responsibleName')}>Ответственный: фамилия, имя, отчество (графа 4)</label>
      <input
        id={id('responsibleName')}
        name="responsibleName"
        defaultValue={row?.responsibleName ?? ''}
        autoComplete="name"
        required
      />
      <label htmlFor={id('responsiblePost')}>Должность ответственного</label>
      <input id={id('responsiblePost')} name="responsiblePost" defaultValue={row?.responsiblePost ?? ''} required />
      <label className="inline" htmlFor={id('funding')}>
        <input
          id={id('funding')}
          type="checkbox"
          name="needsFunding"
          value="on"
          defaultChecked={row?.needsFunding ?? false}
        />{' '}
        Нужно финансирование
      </label>
    </>
  );
}

export default function PlanPage({ loaderData: d, actionData }: Route.ComponentProps) {
  const result = actionData as ActionResult | undefined;
  const p = d.plan;
  const csrf = d.csrfToken;
  const total = d.sections.reduce((n, s) => n + s.rows.length, 0);
  return (
    <section className="plan-page">
      <p>
        <a href="/plans">← Все планы</a>
      </p>
      <h1>{`План по устранению недостатков: ${p.organisation}, ${p.year} год`}</h1>
      {result ? (
        <p role={result.ok ? 'status' : 'alert'} className={result.ok ? 'notice' : 'error'}>
          {result.message.includes('/plans/') ? (
            <>
              {result.message.split(': /plans/')[0]}:{' '}
              <a href={`/plans/${result.message.split(': /plans/')[1]}`}>открыть новую редакцию</a>
            </>
          ) : (
            result.message
          )}
          {result.itemId ? (
            <>
              {' '}
              <a href={`#row-${result.itemId}`}>К строке</a>
            </>
          ) : null}
        </p>
      ) : null}
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
        <form method="get" action={`/downloads/${p.campaignId}/plan/pdf`} className="inline-form">
          <input type="hidden" name="plan" value={p.id} />
          <label htmlFor="as-of">Сведения о ходе реализации по состоянию на</label>{' '}
          <input id="as-of" name="asOf" type="date" required defaultValue={d.today} />{' '}
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
          <Csrf token={csrf} />
          <input type="hidden" name="intent" value="fillResponsible" />
          <h2>Ответственный исполнитель</h2>
          <p>{`В ${d.missingResponsible} строках не указан ответственный. Впишите человека сразу во все такие строки (должности уже указаны; потом их можно поправить в каждой строке).`}</p>
          <label htmlFor="fill-name">Фамилия, имя, отчество</label>
          <input id="fill-name" name="responsibleName" required autoComplete="name" />
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
            s.rows.map((r) => <PlanRow key={r.id} row={r} d={d} />)
          )}
        </section>
      ))}

      {d.editable ? (
        <>
          <details>
            <summary>Добавить свою строку</summary>
            <Form method="post">
              <Csrf token={csrf} />
              <input type="hidden" name="intent" value="row.add" />
              <RowFields prefix="new" />
              <button type="submit">Добавить строку</button>
            </Form>
          </details>
          <Form method="post">
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
              <Csrf token={csrf} />
              <input type="hidden" name="intent" value="agree" />
              <button type="submit">Согласовать</button>
            </Form>
          ) : null}
          <Form method="post" className="stack narrow">
            <Csrf token={csrf} />
            <input type="hidden" name="intent" value="return" />
            <label htmlFor="return-comment">Замечания (что доработать)</label>
            <textarea id="return-comment" name="comment" rows={3} required />
            <button type="submit" className="secondary">
              Вернуть на доработку
            </button>
          </Form>
        </>
      ) : null}
      {d.may.approve && p.status === 'agreed' ? <ActForm csrf={csrf} /> : null}
      {d.may.approve && (p.status === 'approved' || p.status === 'published') ? (
        <Form method="post" className="stack narrow">
          <Csrf token={csrf} />
          <input type="hidden" name="intent" value="publish" />
          <h2>Публикация</h2>
          <label htmlFor="site-url">Адрес плана на сайте организации</label>
          <input id="site-url" name="siteUrl" type="url" defaultValue={p.siteUrl ?? ''} placeholder="https://" />
          <label htmlFor="bus-gov">Дата размещения на bus.gov.ru</label>
          <input id="bus-gov" name="busGovOn" type="date" />
          <button type="submit">Сохранить отметку о публикации</button>
        </Form>
      ) : null}
      {d.may.edit && (p.status === 'approved' || p.status === 'published') ? (
        <details>
          <summary>Изменить утверждённый план (новая редакция)</summary>
          <Form method="post" className="stack narrow">
            <Csrf token={csrf} />
            <input type="hidden" name="intent" value="newVersion" />
            <label htmlFor="nv-reason">Причина изменения</label>
            <textarea id="nv-reason" name="reason" rows={2} required />
            <button type="submit" className="secondary">
              Создать новую редакцию
            </button>
          </Form>
        </details>
      ) : null}

      {d.executing ? (
        <>
          <h2 id="reports">Сведения о ходе реализации</h2>
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
            <div className="table-scroll" role="region" aria-label="Сданные сведения" tabIndex={0}>
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
                              <Form method="post" className="inline-form">
                                <Csrf token={csrf} />
                                <input type="hidden" name="intent" value="report.return" />
                                <input type="hidden" name="reportId" value={r.id} />
                                <label htmlFor={`rc-${r.id}`}>Что исправить</label>
                                <input id={`rc-${r.id}`} name="comment" required />
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
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

export function ActForm({ csrf, planIds }: { csrf: string; planIds?: string[] }) {
  return (
    <Form method="post" className="stack narrow">
      <Csrf token={csrf} />
      <input type="hidden" name="intent" value="approve" />
      {planIds?.map((id) => (
        <input key={id} type="hidden" name="planId" value={id} />
      ))}
      <h2>Утверждение</h2>
      <label htmlFor="act-kind">Вид акта</label>
      <select id="act-kind" name="kind" defaultValue="приказ">
        <option value="приказ">приказ</option>
        <option value="постановление">постановление</option>
        <option value="распоряжение">распоряжение</option>
      </select>
      <label htmlFor="act-number">Номер</label>
      <input id="act-number" name="number" required />
      <label htmlFor="act-date">Дата</label>
      <input id="act-date" name="date" type="date" required />
      <label htmlFor="act-post">Должность утверждающего</label>
      <input id="act-post" name="approverPost" required defaultValue="начальник управления образования" />
      <label htmlFor="act-name">Фамилия и инициалы утверждающего</label>
      <input id="act-name" name="approverName" required />
      <button type="submit">Утвердить</button>
    </Form>
  );
}
