import { data, Form } from 'react-router';
import { can } from '../../../src/auth/policy';
import { organisationScope } from '../../../src/auth/scope.server';
import { todayIso } from '../../../src/campaigns/dates';
import { approvePlans, plansOfOrganisation } from '../../../src/plans/plans.server';
import { planStartItems } from '../../../src/plans/control.server';
import { adoptedProposalSource } from '../../../src/plans/proposals.server';
import { generatePlans } from '../../../src/plans/generate.server';
import { planStatusLabels, reportPeriodLabels, sectionTitles } from '../../../src/plans/model';
import { saveSettings } from '../../../src/plans/settings.server';
import type { PlanSection } from '../../../src/db/schema/plans';
import {
  Checkboxes,
  Csrf,
  DateInput,
  FormMessages,
  Select,
  TableScroll,
  TextInput,
  type FormResult,
} from '../../ui/forms';
import { requireCan } from '../../server/guard';
import { authorityDashboard } from './dashboard.server';
import { refusal, str, type ActionResult } from './glue.server';
import type { Route } from './+types/index';
import { DocumentLinks } from '../downloads/links';

export function meta(_: Route.MetaArgs) {
  return [{ title: 'Планы по устранению недостатков — НОКО' }];
}

const SECTIONS = ['I', 'II', 'III', 'IV', 'V'] as const;
const pageParam = (v: string | null) => Math.min(10_000, Math.max(1, Math.floor(Number(v)) || 1));
const percent = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(0)} %`);

export async function loader({ request, context }: Route.LoaderArgs) {
  // An organisation's representative sees the index of their own organisation's plans.
  const own =
    context.user?.role === 'organisation' && context.user.organisationId
      ? await organisationScope(context.db, context.user.organisationId)
      : {};
  const user = requireCan(context, request, 'plans.view', own);
  // «Просрочено» is decided against the Moscow day, as on the public plan page (decision 0087).
  const today = todayIso();
  const url = new URL(request.url);
  if (user.role === 'organisation') {
    const start = await planStartItems(context.db, user, today);
    const plans = user.organisationId ? await plansOfOrganisation(context.db, user.organisationId) : [];
    return {
      kind: 'organisation' as const,
      start,
      plans: plans.map((p) => ({ id: p.id, year: p.year, version: p.version, status: planStatusLabels[p.status] })),
    };
  }
  const sectionParam = url.searchParams.get('section');
  const filters = {
    section: (SECTIONS as readonly string[]).includes(sectionParam ?? '') ? (sectionParam as PlanSection) : null,
    funding: url.searchParams.get('funding') === '1',
    q: (url.searchParams.get('q') ?? '').slice(0, 100),
    page: pageParam(url.searchParams.get('page')),
    overduePage: pageParam(url.searchParams.get('op')),
  };
  // Shared by everyone of the same role and territory, from the cache while no stamp moved (decision 0089).
  const { start, campaigns, selected, part } = await authorityDashboard(
    context.db,
    user,
    { campaign: url.searchParams.get('campaign'), ...filters },
    today,
  );
  if (!selected || !part)
    return {
      kind: 'authority' as const,
      start,
      campaigns,
      selected: null,
      filters,
      canApprove: can(user, 'plans.approve'),
    };
  const { scope, ...shown } = part;
  return {
    kind: 'authority' as const,
    start,
    campaigns,
    selected,
    filters,
    csrfToken: context.csrfToken,
    canApprove: !!scope && can(user, 'plans.approve', scope),
    canVerify: !!scope && can(user, 'plans.verify', scope),
    ...shown,
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = requireCan(context, request, 'plans.approve');
  const form = await request.formData();
  const fields = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')) as Record<
    string,
    string
  >;
  const intent = str(form, 'intent');
  try {
    switch (intent) {
      case 'generate': {
        const r = await generatePlans(context.db, str(form, 'campaignId'), user, { proposals: adoptedProposalSource });
        return {
          ok: true,
          message: r.created
            ? `Составлено черновиков планов: ${r.created} (строк: ${r.rows}). Уже были: ${r.skipped}.`
            : `Новых планов нет: у всех организаций кампании планы уже составлены (${r.skipped}).`,
          intent,
        } satisfies DashboardResult;
      }
      case 'approve': {
        const ids = form.getAll('planId').filter((v): v is string => typeof v === 'string');
        const r = await approvePlans(context.db, ids, fields, user);
        return {
          ok: true,
          message: `Утверждено планов: ${r.plans} (${r.act.kind} № ${r.act.number}).`,
          intent,
        } satisfies DashboardResult;
      }
      case 'settings':
        await saveSettings(context.db, str(form, 'territoryId'), fields, user);
        return { ok: true, message: 'Настройки сроков сохранены.', intent } satisfies DashboardResult;
      default:
        return data<ActionResult>({ ok: false, message: 'Неизвестное действие.' }, { status: 400 });
    }
  } catch (err) {
    // The refusal answers beside the form that was sent.
    const r = refusal(err);
    return data<DashboardResult>({ ...r.data, intent }, r.init ?? undefined);
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

type PageFilters = {
  section: PlanSection | null;
  funding: boolean;
  q: string;
  page: number;
  overduePage: number;
};

/** The dashboard's address with the campaign and every filter kept, one page changed (links work without JS). */
function dashboardHref(campaignId: string, f: PageFilters, change: Partial<Pick<PageFilters, 'page' | 'overduePage'>>) {
  const params = new URLSearchParams({ campaign: campaignId });
  if (f.section) params.set('section', f.section);
  if (f.funding) params.set('funding', '1');
  if (f.q) params.set('q', f.q);
  const page = change.page ?? f.page;
  const overdue = change.overduePage ?? f.overduePage;
  if (page > 1) params.set('page', String(page));
  if (overdue > 1) params.set('op', String(overdue));
  return `?${params.toString()}`;
}

function Pager({
  label,
  page,
  hasNext,
  href,
  summary,
}: {
  label: string;
  page: number;
  hasNext: boolean;
  href: (page: number) => string;
  summary: string;
}) {
  if (page <= 1 && !hasNext) return null;
  return (
    <nav className="pager" aria-label={label}>
      <span>{summary}</span>
      {page > 1 ? <a href={href(page - 1)}>Предыдущая страница</a> : null}
      {hasNext ? <a href={href(page + 1)}>Следующая страница</a> : null}
    </nav>
  );
}

type DashboardResult = ActionResult & { intent?: string };

/** The action's answer in the kit's shape, so it shows at the top of the form that was sent. */
function formResult(r: DashboardResult | undefined): FormResult | undefined {
  if (!r) return undefined;
  return { intent: r.intent, errors: r.ok ? undefined : [r.message], message: r.ok ? r.message : undefined };
}

const FORM_INTENTS = ['generate', 'approve', 'settings'];

export default function PlansIndex({ loaderData: d, actionData }: Route.ComponentProps) {
  const raw = actionData as DashboardResult | undefined;
  const result = formResult(raw);
  // An answer that belongs to no form on this page (an unknown intent) shows at the top.
  const notice = raw && !FORM_INTENTS.includes(raw.intent ?? '') ? <FormMessages result={result} /> : null;
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
  const f = d.filters;
  return (
    <section>
      <h1>Планы по устранению недостатков</h1>
      {notice}
      <Start items={d.start} />
      {d.campaigns.length === 0 ? (
        <p>Ни у одной кампании нет утверждённых советом результатов: планы составляются по ним.</p>
      ) : (
        <Form method="get" className="filters">
          <Select
            name="campaign"
            label="Кампания"
            defaultValue={sel?.id}
            options={d.campaigns.map((c) => ({ value: c.id, label: `${c.title} (планов: ${c.plans})` }))}
          />
          <Select
            name="section"
            label="Раздел"
            defaultValue={f.section ?? ''}
            placeholder="все"
            options={SECTIONS.map((s) => ({ value: s, label: `${s}. ${sectionTitles[s]}` }))}
          />
          <Checkboxes
            name="funding"
            legend="Финансирование"
            items={[{ value: '1', label: 'только требующие финансирования' }]}
            defaultValues={f.funding ? ['1'] : []}
          />
          <TextInput name="q" label="Организация" defaultValue={f.q} />
          <div>
            <button type="submit">Показать</button>
          </div>
        </Form>
      )}
      {sel && d.canApprove && 'csrfToken' in d ? (
        <Form method="post">
          <FormMessages result={result} intent="generate" errorTitle="Планы не составлены" />
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
            <FormMessages result={result} intent="approve" errorTitle="Планы не утверждены" />
            <Csrf token={d.csrfToken!} />
            <TableScroll label="Организации и мероприятия">
              <table>
                <caption>{`Организации × мероприятия${f.section ? `, раздел ${f.section}` : ''}${f.funding ? ', требующие финансирования' : ''}`}</caption>
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
            </TableScroll>
            <Pager
              label="Страницы таблицы организаций"
              page={d.dash.page}
              hasNext={d.dash.page < d.dash.pages}
              href={(page) => dashboardHref(sel.id, f, { page })}
              summary={`Страница ${d.dash.page} из ${d.dash.pages} (по ${d.dash.pageSize}).`}
            />
            {d.canApprove && d.dash.rows.some((r) => r.status === 'agreed') ? (
              <fieldset>
                <legend>Утвердить отмеченные согласованные планы одним актом</legend>
                <ActFields />
              </fieldset>
            ) : null}
          </Form>

          {/* No count here: the totals above count every current plan's rows, this list only approved plans'. */}
          <h2 id="overdue">Просроченные мероприятия утверждённых планов</h2>
          {d.overdue.rows.length === 0 ? (
            <p>
              {f.overduePage > 1 ? 'На этой странице просроченных мероприятий нет.' : 'Просроченных мероприятий нет.'}
            </p>
          ) : (
            <TableScroll label="Просроченные мероприятия">
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
                  {d.overdue.rows.map((o) => (
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
            </TableScroll>
          )}
          <Pager
            label="Страницы просроченных мероприятий"
            page={f.overduePage}
            hasNext={d.overdue.more}
            href={(overduePage) => `${dashboardHref(sel.id, f, { overduePage })}#overdue`}
            summary={`Страница ${f.overduePage} (по ${d.overdue.pageSize}, сначала самые давние).`}
          />

          <h2 id="claimed">{`Ждут проверки (${d.claimed.more ? `первые ${d.claimed.rows.length}` : d.claimed.rows.length})`}</h2>
          {d.claimed.rows.length === 0 ? (
            <p>Заявленных выполненными мероприятий нет.</p>
          ) : (
            <ul>
              {d.claimed.rows.map((c) => (
                <li key={c.itemId}>
                  <a
                    href={`/plans/${c.planId}#row-${c.itemId}`}
                  >{`${c.organisation}: ${c.section}.${c.position}. ${c.measure}`}</a>
                  {c.site ? ' — можно проверить повторной проверкой сайта' : ''}
                </li>
              ))}
            </ul>
          )}
          {d.claimed.more ? (
            <p className="hint">{`Всего ждут проверки: ${d.dash.totals.claimed ?? 0}; показаны самые давние заявки, остальные — в планах организаций.`}</p>
          ) : null}

          <h2 id="reports">{`Сведения о ходе реализации на рассмотрении (${d.reports.more ? `первые ${d.reports.rows.length}` : d.reports.rows.length})`}</h2>
          {d.reports.rows.length === 0 ? (
            <p>Нет сведений, ждущих рассмотрения.</p>
          ) : (
            <ul>
              {d.reports.rows.map((r) => (
                <li key={r.reportId}>
                  <a
                    href={`/plans/${r.planId}#reports`}
                  >{`${r.organisation}: период до ${r.periodEnd}, срок ${r.due}, сданы ${r.submittedAt}`}</a>
                </li>
              ))}
            </ul>
          )}
          {d.reports.more ? (
            <p className="hint">Показаны сданные раньше других; остальные — в планах организаций.</p>
          ) : null}

          {d.resolved && d.resolved.previous > 0 ? (
            <>
              <h2>Недостатки прошлого цикла</h2>
              <p>{`По результатам этой кампании устранено ${d.resolved.gone} из ${d.resolved.previous} недостатков, включённых в планы прошлого цикла (${percent(d.resolved.gone / d.resolved.previous)}).`}</p>
              <TableScroll label="Устранённые недостатки прошлого цикла">
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
                    {d.resolved.rows.map((r) => (
                      <tr key={r.organisationId}>
                        <th scope="row">{r.organisation}</th>
                        <td className="num">{r.previous}</td>
                        <td className="num">{r.gone}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
              {d.resolved.organisations > d.resolved.rows.length ? (
                <p className="hint">{`Показаны первые ${d.resolved.rows.length} организаций из ${d.resolved.organisations}; полностью — в сводке о выполнении планов.`}</p>
              ) : null}
            </>
          ) : null}

          {d.canApprove && d.settings ? (
            <details open={raw?.intent === 'settings'}>
              <summary>Сроки подготовки, утверждения и отчётов (настройки территории)</summary>
              <Form method="post" className="stack narrow">
                <FormMessages result={result} intent="settings" errorTitle="Сроки не сохранены" />
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
                <Select
                  name="reportPeriod"
                  label="Сведения о ходе реализации"
                  defaultValue={d.settings.reportPeriod}
                  options={(['quarter', 'half', 'year'] as const).map((k) => ({
                    value: k,
                    label: reportPeriodLabels[k],
                  }))}
                />
                <TextInput
                  name="reportDays"
                  label="Сдавать на какой день после окончания периода"
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
      <TextInput name={`${prefix}Count`} label="Срок" type="number" min={1} max={366} defaultValue={rule.count} />
      <Select
        name={`${prefix}Kind`}
        label="Единица"
        defaultValue={rule.kind}
        options={[
          { value: 'months', label: 'месяцев' },
          { value: 'days', label: 'календарных дней' },
          { value: 'working_days', label: 'рабочих дней' },
        ]}
      />
    </fieldset>
  );
}

function ActFields() {
  return (
    <div className="stack">
      <input type="hidden" name="intent" value="approve" />
      <Select
        name="kind"
        id="m-kind"
        label="Вид акта"
        defaultValue="приказ"
        options={['приказ', 'постановление', 'распоряжение'].map((k) => ({ value: k, label: k }))}
      />
      <TextInput name="number" id="m-number" label="Номер" />
      <DateInput name="date" id="m-date" label="Дата" />
      <TextInput
        name="approverPost"
        id="m-post"
        label="Должность утверждающего"
        defaultValue="начальник управления образования"
      />
      <TextInput name="approverName" id="m-name" label="Фамилия и инициалы утверждающего" />
      <button type="submit">Утвердить отмеченные планы</button>
    </div>
  );
}
