import { data, Form } from 'react-router';
import { can } from '../../../src/auth/policy';
import { organisationScope, territoryScope } from '../../../src/auth/scope.server';
import { approvePlans, plansOfOrganisation } from '../../../src/plans/plans.server';
import {
  campaignsReadyForPlans,
  claimedRows,
  overdueRows,
  pendingReports,
  planStartItems,
  resolvedShortfalls,
  territoryDashboard,
  visibleTerritories,
} from '../../../src/plans/control.server';
import { adoptedProposalSource } from '../../../src/plans/proposals.server';
import { generatePlans } from '../../../src/plans/generate.server';
import { planStatusLabels, reportPeriodLabels, sectionTitles } from '../../../src/plans/model';
import { getSettings, saveSettings } from '../../../src/plans/settings.server';
import type { PlanSection } from '../../../src/db/schema/plans';
import { Csrf } from '../../ui/forms';
import { requireCan } from '../../server/guard';
import { refusal, ruDate, str, type ActionResult } from './glue.server';
import type { Route } from './+types/index';
import { DocumentLinks } from '../downloads/links';

export function meta(_: Route.MetaArgs) {
  return [{ title: 'Планы по устранению недостатков — НОКО' }];
}

const SECTIONS = ['I', 'II', 'III', 'IV', 'V'] as const;
const percent = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(0)} %`);

export async function loader({ request, context }: Route.LoaderArgs) {
  // An organisation's representative sees the index of their own organisation's plans.
  const own =
    context.user?.role === 'organisation' && context.user.organisationId
      ? await organisationScope(context.db, context.user.organisationId)
      : {};
  const user = requireCan(context, request, 'plans.view', own);
  const today = new Date().toISOString().slice(0, 10);
  const url = new URL(request.url);
  const start = await planStartItems(context.db, user, today);
  if (user.role === 'organisation') {
    const plans = user.organisationId ? await plansOfOrganisation(context.db, user.organisationId) : [];
    return {
      kind: 'organisation' as const,
      start,
      plans: plans.map((p) => ({ id: p.id, year: p.year, version: p.version, status: planStatusLabels[p.status] })),
    };
  }
  const territories = await visibleTerritories(context.db, user);
  const campaigns = await campaignsReadyForPlans(context.db, territories);
  const selected =
    campaigns.find((c) => c.id === url.searchParams.get('campaign')) ??
    campaigns.find((c) => c.plans > 0) ??
    campaigns[0] ??
    null;
  const sectionParam = url.searchParams.get('section');
  const filters = {
    section: (SECTIONS as readonly string[]).includes(sectionParam ?? '') ? (sectionParam as PlanSection) : null,
    funding: url.searchParams.get('funding') === '1',
    q: (url.searchParams.get('q') ?? '').slice(0, 100),
    page: Math.min(10_000, Math.max(1, Number(url.searchParams.get('page')) || 1)),
  };
  if (!selected)
    return {
      kind: 'authority' as const,
      start,
      campaigns,
      selected: null,
      filters,
      canApprove: can(user, 'plans.approve'),
    };
  const scope = await territoryScope(context.db, selected.territoryId);
  const [dash, overdue, claimed, reports, resolved, settings] = await Promise.all([
    territoryDashboard(context.db, selected.id, territories, filters, today),
    overdueRows(context.db, selected.id, territories, today, filters, 100),
    claimedRows(context.db, selected.id, territories),
    pendingReports(context.db, selected.id, territories),
    resolvedShortfalls(context.db, selected.id, territories),
    getSettings(context.db, selected.territoryId),
  ]);
  return {
    kind: 'authority' as const,
    start,
    campaigns,
    selected,
    filters,
    csrfToken: context.csrfToken,
    canApprove: !!scope && can(user, 'plans.approve', scope),
    canVerify: !!scope && can(user, 'plans.verify', scope),
    dash,
    overdue: overdue.map((o) => ({ ...o, plannedDate: ruDate(o.plannedDate) })),
    claimed,
    reports: reports.map((r) => ({
      ...r,
      periodEnd: ruDate(r.periodEnd),
      due: ruDate(r.due),
      submittedAt: ruDate(r.submittedAt),
    })),
    resolved,
    settings,
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireCan(context, request, 'plans.approve');
  const form = await request.formData();
  const fields = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')) as Record<
    string,
    string
  >;
  try {
    switch (str(form, 'intent')) {
      case 'generate': {
        const r = await generatePlans(context.db, str(form, 'campaignId'), user, { proposals: adoptedProposalSource });
        return {
          ok: true,
          message: r.created
            ? `Составлено черновиков планов: ${r.created} (строк: ${r.rows}). Уже были: ${r.skipped}.`
            : `Новых планов нет: у всех организаций кампании планы уже составлены (${r.skipped}).`,
        } satisfies ActionResult;
      }
      case 'approve': {
        const ids = form.getAll('planId').filter((v): v is string => typeof v === 'string');
        const r = await approvePlans(context.db, ids, fields, user);
        return {
          ok: true,
          message: `Утверждено планов: ${r.plans} (${r.act.kind} № ${r.act.number}).`,
        } satisfies ActionResult;
      }
      case 'settings':
        await saveSettings(context.db, str(form, 'territoryId'), fields, user);
        return { ok: true, message: 'Настройки сроков сохранены.' } satisfies ActionResult;
      default:
        return data<ActionResult>({ ok: false, message: 'Неизвестное действие.' }, { status: 400 });
    }
  } catch (err) {
    return refusal(err);
  }
}

function Start({ items }: { items: { text: string; href: string; urgent: boolean }[] }) {
  if (!items.length) return null;
  return (
    <ul className="clocks">
      {items.map((i) => (
        <li key={i.text} className={i.urgent ? 'overdue' : undefined}>
          <a href={i.href}>{i.text}</a>
        </li>
      ))}
    </ul>
  );
}

export default function PlansIndex({ loaderData: d, actionData }: Route.ComponentProps) {
  const result = actionData as ActionResult | undefined;
  const notice = result ? (
    <p role={result.ok ? 'status' : 'alert'} className={result.ok ? 'notice' : 'error'}>
      {result.message}
    </p>
  ) : null;
  if (d.kind === 'organisation') {
    return (
      <section>
        <h1>Планы по устранению недостатков</h1>
        {notice}
        <Start items={d.start} />
        {d.plans.length === 0 ? (
          <p>Планов пока нет: их составляет орган управления образованием после утверждения результатов оценки.</p>
        ) : (
          <ul>
            {d.plans.map((p) => (
              <li key={p.id}>
                <a href={`/plans/${p.id}`}>{`План на ${p.year} год, редакция ${p.version}`}</a>
                {` — ${p.status}`}
              </li>
            ))}
          </ul>
        )}
      </section>
    );
  }
  const sel = d.selected;
  return (
    <section>
      <h1>Планы по устранению недостатков</h1>
      {notice}
      <Start items={d.start} />
      {d.campaigns.length === 0 ? (
        <p>Ни у одной кампании нет утверждённых советом результатов: планы составляются по ним.</p>
      ) : (
        <Form method="get" className="filters">
          <label htmlFor="campaign">Кампания</label>
          <select id="campaign" name="campaign" defaultValue={sel?.id}>
            {d.campaigns.map((c) => (
              <option key={c.id} value={c.id}>{`${c.title} (планов: ${c.plans})`}</option>
            ))}
          </select>
          <label htmlFor="section">Раздел</label>
          <select id="section" name="section" defaultValue={d.filters.section ?? ''}>
            <option value="">все</option>
            {SECTIONS.map((s) => (
              <option key={s} value={s}>{`${s}. ${sectionTitles[s]}`}</option>
            ))}
          </select>
          <label className="inline" htmlFor="funding">
            <input id="funding" type="checkbox" name="funding" value="1" defaultChecked={d.filters.funding} /> только
            требующие финансирования
          </label>
          <label htmlFor="q">Организация</label>
          <input id="q" name="q" defaultValue={d.filters.q} />
          <button type="submit">Показать</button>
        </Form>
      )}
      {sel && d.canApprove && 'csrfToken' in d ? (
        <Form method="post">
          <Csrf token={d.csrfToken!} />
          <input type="hidden" name="intent" value="generate" />
          <input type="hidden" name="campaignId" value={sel.id} />
          <button type="submit">
            {sel.plans
              ? 'Составить планы для организаций без плана'
              : 'Составить черновики планов по утверждённым результатам'}
          </button>
          <span className="hint">
            {' Строки составляются из предложений совета и недостатков утверждённой версии результатов.'}
          </span>
        </Form>
      ) : null}
      {sel && 'dash' in d && d.dash ? (
        <>
          <h2>{`Исполнение: ${sel.title}`}</h2>
          <DocumentLinks
            campaignId={sel.id}
            level={3}
            items={[
              { kind: 'plans', title: 'Сводка о выполнении планов по организациям', formats: ['xlsx'] },
              { kind: 'plans', title: 'Все утверждённые планы одним документом', formats: ['docx', 'pdf'] },
            ]}
          />
          <p>{`Планов: ${d.dash.totals.plans ?? 0}, утверждено: ${d.dash.totals.approved ?? 0}, ждут согласования: ${d.dash.totals.awaiting ?? 0}. Мероприятий: ${d.dash.totals.total ?? 0}, выполнено и проверено: ${d.dash.totals.done ?? 0} (${percent(d.dash.totals.share)}), просрочено: ${d.dash.totals.overdue ?? 0}, перенесено: ${d.dash.totals.carried ?? 0}.`}</p>
          <Form method="post">
            <Csrf token={d.csrfToken!} />
            <div className="table-scroll" role="region" aria-label="Организации и мероприятия" tabIndex={0}>
              <table>
                <caption>{`Организации × мероприятия${d.filters.section ? `, раздел ${d.filters.section}` : ''}${d.filters.funding ? ', требующие финансирования' : ''}`}</caption>
                <thead>
                  <tr>
                    {d.canApprove ? <th scope="col">Утвердить</th> : null}
                    <th scope="col">Организация</th>
                    <th scope="col">План</th>
                    <th scope="col" className="num">
                      Всего
                    </th>
                    <th scope="col" className="num">
                      Выполнено
                    </th>
                    <th scope="col" className="num">
                      Просрочено
                    </th>
                    <th scope="col" className="num">
                      Ждут проверки
                    </th>
                    <th scope="col" className="num">
                      Перенесено
                    </th>
                    <th scope="col" className="num">
                      Доля выполненных
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.dash.rows.map((r) => (
                    <tr key={r.planId} className={r.overdue ? 'overdue' : undefined}>
                      {d.canApprove ? (
                        <td>
                          {r.status === 'agreed' ? (
                            <input
                              type="checkbox"
                              name="planId"
                              value={r.planId}
                              aria-label={`Утвердить план: ${r.organisation}`}
                            />
                          ) : null}
                        </td>
                      ) : null}
                      <th scope="row">
                        <a href={`/plans/${r.planId}`}>{r.organisation}</a>
                      </th>
                      <td>{`${r.statusLabel}${r.version > 1 ? `, ред. ${r.version}` : ''}`}</td>
                      <td className="num">{r.total}</td>
                      <td className="num">{r.done}</td>
                      <td className="num">{r.overdue}</td>
                      <td className="num">{r.claimed}</td>
                      <td className="num">{r.carried}</td>
                      <td className="num">{percent(r.share)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {d.dash.pages > 1 ? (
              <p className="pager">
                {`Страница ${d.dash.page} из ${d.dash.pages} (по ${d.dash.pageSize}). `}
                {d.dash.page > 1 ? (
                  <a
                    href={`?campaign=${sel.id}&section=${d.filters.section ?? ''}&funding=${d.filters.funding ? 1 : ''}&q=${encodeURIComponent(d.filters.q)}&page=${d.dash.page - 1}`}
                  >
                    Предыдущая
                  </a>
                ) : null}{' '}
                {d.dash.page < d.dash.pages ? (
                  <a
                    href={`?campaign=${sel.id}&section=${d.filters.section ?? ''}&funding=${d.filters.funding ? 1 : ''}&q=${encodeURIComponent(d.filters.q)}&page=${d.dash.page + 1}`}
                  >
                    Следующая
                  </a>
                ) : null}
              </p>
            ) : null}
            {d.canApprove && d.dash.rows.some((r) => r.status === 'agreed') ? (
              <fieldset>
                <legend>Утвердить отмеченные согласованные планы одним актом</legend>
                <ActFields />
              </fieldset>
            ) : null}
          </Form>

          <h2 id="overdue">{`Просроченные мероприятия (${d.overdue.length}${d.overdue.length === 100 ? '+' : ''})`}</h2>
          {d.overdue.length === 0 ? (
            <p>Просроченных мероприятий нет.</p>
          ) : (
            <div className="table-scroll" role="region" aria-label="Просроченные мероприятия" tabIndex={0}>
              <table>
                <caption className="visually-hidden">Просроченные мероприятия и ответственные</caption>
                <thead>
                  <tr>
                    <th scope="col">Организация</th>
                    <th scope="col">Мероприятие</th>
                    <th scope="col">Срок</th>
                    <th scope="col">Ответственный</th>
                  </tr>
                </thead>
                <tbody>
                  {d.overdue.map((o) => (
                    <tr key={o.itemId}>
                      <th scope="row">
                        <a href={`/plans/${o.planId}#row-${o.itemId}`}>{o.organisation}</a>
                      </th>
                      <td>{`${o.section}.${o.position}. ${o.measure}${o.needsFunding ? ' (нужно финансирование)' : ''}`}</td>
                      <td>{o.plannedDate}</td>
                      <td>{o.responsible}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          <h2 id="claimed">{`Ждут проверки (${d.claimed.length})`}</h2>
          {d.claimed.length === 0 ? (
            <p>Заявленных выполненными мероприятий нет.</p>
          ) : (
            <ul>
              {d.claimed.map((c) => (
                <li key={c.itemId}>
                  <a
                    href={`/plans/${c.planId}#row-${c.itemId}`}
                  >{`${c.organisation}: ${c.section}.${c.position}. ${c.measure}`}</a>
                  {c.site ? ' — можно проверить повторной проверкой сайта' : ''}
                </li>
              ))}
            </ul>
          )}

          <h2 id="reports">{`Сведения о ходе реализации на рассмотрении (${d.reports.length})`}</h2>
          {d.reports.length === 0 ? (
            <p>Нет сведений, ждущих рассмотрения.</p>
          ) : (
            <ul>
              {d.reports.map((r) => (
                <li key={r.reportId}>
                  <a
                    href={`/plans/${r.planId}#reports`}
                  >{`${r.organisation}: период до ${r.periodEnd}, срок ${r.due}, сданы ${r.submittedAt}`}</a>
                </li>
              ))}
            </ul>
          )}

          {d.resolved && d.resolved.previous > 0 ? (
            <>
              <h2>Недостатки прошлого цикла</h2>
              <p>{`По результатам этой кампании устранено ${d.resolved.gone} из ${d.resolved.previous} недостатков, включённых в планы прошлого цикла (${percent(d.resolved.gone / d.resolved.previous)}).`}</p>
              <div
                className="table-scroll"
                role="region"
                aria-label="Устранённые недостатки прошлого цикла"
                tabIndex={0}
              >
                <table>
                  <caption className="visually-hidden">Устранённые недостатки прошлого цикла по организациям</caption>
                  <thead>
                    <tr>
                      <th scope="col">Организация</th>
                      <th scope="col" className="num">
                        Было в плане
                      </th>
                      <th scope="col" className="num">
                        Устранено
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.resolved.rows.slice(0, 200).map((r) => (
                      <tr key={r.organisationId}>
                        <th scope="row">{r.organisation}</th>
                        <td className="num">{r.previous}</td>
                        <td className="num">{r.gone}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : null}

          {d.canApprove && d.settings ? (
            <details>
              <summary>Сроки подготовки, утверждения и отчётов (настройки территории)</summary>
              <Form method="post" className="stack narrow">
                <Csrf token={d.csrfToken!} />
                <input type="hidden" name="intent" value="settings" />
                <input type="hidden" name="territoryId" value={sel.territoryId} />
                <RuleFields
                  prefix="draft"
                  label="Подготовка плана — после решения совета"
                  rule={d.settings.draftRule}
                />
                <RuleFields
                  prefix="approval"
                  label="Утверждение — после срока подготовки"
                  rule={d.settings.approvalRule}
                />
                <RuleFields
                  prefix="publication"
                  label="Публикация — после утверждения"
                  rule={d.settings.publicationRule}
                />
                <label htmlFor="reportPeriod">Сведения о ходе реализации</label>
                <select id="reportPeriod" name="reportPeriod" defaultValue={d.settings.reportPeriod}>
                  {(['quarter', 'half', 'year'] as const).map((k) => (
                    <option key={k} value={k}>
                      {reportPeriodLabels[k]}
                    </option>
                  ))}
                </select>
                <label htmlFor="reportDays">Сдавать на какой день после окончания периода</label>
                <input
                  id="reportDays"
                  name="reportDays"
                  type="number"
                  min={1}
                  max={60}
                  defaultValue={d.settings.reportDays}
                />
                <button type="submit">Сохранить сроки</button>
              </Form>
            </details>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function RuleFields({ prefix, label, rule }: { prefix: string; label: string; rule: { kind: string; count: number } }) {
  return (
    <fieldset>
      <legend>{label}</legend>
      <label htmlFor={`${prefix}Count`}>Срок</label>
      <input id={`${prefix}Count`} name={`${prefix}Count`} type="number" min={1} max={366} defaultValue={rule.count} />
      <label htmlFor={`${prefix}Kind`}>Единица</label>
      <select id={`${prefix}Kind`} name={`${prefix}Kind`} defaultValue={rule.kind}>
        <option value="months">месяцев</option>
        <option value="days">календарных дней</option>
        <option value="working_days">рабочих дней</option>
      </select>
    </fieldset>
  );
}

function ActFields() {
  return (
    <div className="stack">
      <input type="hidden" name="intent" value="approve" />
      <label htmlFor="m-kind">Вид акта</label>
      <select id="m-kind" name="kind" defaultValue="приказ">
        <option value="приказ">приказ</option>
        <option value="постановление">постановление</option>
        <option value="распоряжение">распоряжение</option>
      </select>
      <label htmlFor="m-number">Номер</label>
      <input id="m-number" name="number" />
      <label htmlFor="m-date">Дата</label>
      <input id="m-date" name="date" type="date" />
      <label htmlFor="m-post">Должность утверждающего</label>
      <input id="m-post" name="approverPost" defaultValue="начальник управления образования" />
      <label htmlFor="m-name">Фамилия и инициалы утверждающего</label>
      <input id="m-name" name="approverName" />
      <button type="submit">Утвердить отмеченные планы</button>
    </div>
  );
}
