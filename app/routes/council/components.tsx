// Components shared by the council pages (client-safe: labels and plain data only).
import type { ClockView } from '../../../src/council/clock';
import { ruDate, type ProtocolModel } from '../../../src/council/protocol';
import { pluralRu, quorumRuleLabels, tieRuleLabels } from '../../../src/council/voting';
import { memberRoles, quorumRules, tieRules, type ProposalAddressee } from '../../../src/council/enums';
import { addresseeLabels, criterionLabels, memberRoleLabels } from '../../../src/council/labels';
import { Form } from 'react-router';
import { Csrf, ErrorSummary, SuccessMessage } from '../../ui/forms';
import type { ActionResult } from './common.server';

/**
 * A section's answer where its form is: a success or the error summary, focused on arrival so the browser
 * brings it into view (a council page has a dozen forms; the answer must not appear elsewhere).
 */
export function Result({
  result,
  section,
  itemId,
}: {
  result: ActionResult | undefined;
  section: string;
  itemId?: string;
}) {
  if (!result || result.section !== section || (itemId && result.itemId !== itemId)) return null;
  const id = `${section}${itemId ? `-${itemId}` : ''}-result`;
  if (result.message) return <SuccessMessage id={id}>{result.message}</SuccessMessage>;
  return <ErrorSummary title="Не сохранено" items={result.errors ?? []} id={id} />;
}

export function ClockList({ clocks }: { clocks: ClockView[] }) {
  return (
    <ul className="clocks">
      {clocks.map((k) => (
        <li
          key={k.key}
          className={k.state === 'overdue' || k.state === 'missed' || k.state === 'day' ? 'overdue' : undefined}
        >
          <strong>{k.title}</strong>:{' '}
          {k.from ? (
            <>
              месяц со дня, следующего за событием «{k.startedBy}» ({ruDate(k.from)}); срок —{' '}
              <strong>{ruDate(k.due)}</strong>
              {k.moved ? ` (перенесён с ${ruDate(k.nominal)}: нерабочий день)` : ''}; {k.label}.
            </>
          ) : (
            <>отсчёт начнётся с события «{k.startedBy}».</>
          )}
          {k.state === 'week' || k.state === 'day' ? (
            <>
              {' '}
              <span className="warn-text">Внимание: срок близко.</span>
            </>
          ) : null}
          {k.calendar ? (
            <span className="hint">
              {' '}
              Расчёт: {k.rule}; {k.calendar}.
            </span>
          ) : null}
          {k.preliminary ? <span className="warn-text"> {k.preliminary}.</span> : null}
        </li>
      ))}
    </ul>
  );
}

export function SettingsFields({
  quorumRule = 'more_than_half',
  tieRule = 'presiding_decides',
  absenteeVoting = false,
  proposalThreshold = 90,
}: {
  quorumRule?: string;
  tieRule?: string;
  absenteeVoting?: boolean;
  proposalThreshold?: number;
}) {
  return (
    <>
      <fieldset>
        <legend>Кворум (по положению о совете)</legend>
        {quorumRules.map((r) => (
          <div key={r} className="choice">
            <input type="radio" id={`quorum-${r}`} name="quorumRule" value={r} defaultChecked={quorumRule === r} />
            <label htmlFor={`quorum-${r}`}>{quorumRuleLabels[r]}</label>
          </div>
        ))}
      </fieldset>
      <fieldset>
        <legend>Равенство голосов</legend>
        {tieRules.map((r) => (
          <div key={r} className="choice">
            <input type="radio" id={`tie-${r}`} name="tieRule" value={r} defaultChecked={tieRule === r} />
            <label htmlFor={`tie-${r}`}>{tieRuleLabels[r]}</label>
          </div>
        ))}
      </fieldset>
      <div className="choice">
        <input type="checkbox" id="absenteeVoting" name="absenteeVoting" defaultChecked={absenteeVoting} />
        <label htmlFor="absenteeVoting">Положение допускает заочное голосование</label>
      </div>
      <div className="field">
        <label htmlFor="proposalThreshold">Порог для предложений по опросу, баллов</label>
        <p className="hint" id="proposalThreshold-hint">
          Критерий, оценённый получателями услуг ниже порога, приносит типовое предложение (обычно 90).
        </p>
        <input
          id="proposalThreshold"
          name="proposalThreshold"
          type="number"
          min={0}
          max={100}
          step={1}
          defaultValue={proposalThreshold}
          aria-describedby="proposalThreshold-hint"
          required
        />
      </div>
    </>
  );
}

export function MemberForm({
  csrfToken,
  accounts,
  member,
}: {
  csrfToken: string;
  accounts: { id: string; name: string; email: string }[];
  member?: {
    name: string;
    role: string;
    represents: string;
    termFrom: string;
    termTo: string;
    eligibilityDeclaredOn: string | null;
    email: string | null;
    userId: string | null;
  };
}) {
  return (
    <Form method="post" className="stack">
      <Csrf token={csrfToken} />
      <input type="hidden" name="intent" value="member" />
      <div className="field">
        <label htmlFor="mb-name">Фамилия, имя, отчество</label>
        <input id="mb-name" name="name" required maxLength={200} defaultValue={member?.name} />
      </div>
      <div className="field">
        <label htmlFor="mb-role">Роль</label>
        <select id="mb-role" name="role" defaultValue={member?.role ?? 'member'}>
          {memberRoles.map((r) => (
            <option key={r} value={r}>
              {memberRoleLabels[r]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="mb-represents">Кого представляет</label>
        <input id="mb-represents" name="represents" maxLength={500} defaultValue={member?.represents} />
      </div>
      <div className="field">
        <label htmlFor="mb-termFrom">Полномочия с</label>
        <input id="mb-termFrom" name="termFrom" type="date" required defaultValue={member?.termFrom} />
      </div>
      <div className="field">
        <label htmlFor="mb-termTo">Полномочия по</label>
        <input id="mb-termTo" name="termTo" type="date" required defaultValue={member?.termTo} />
      </div>
      <div className="field">
        <label htmlFor="mb-decl">Дата декларации</label>
        <p className="hint" id="mb-decl-hint">
          Член совета подтверждает, что не является должностным лицом органа и работником образовательной организации.
        </p>
        <input
          id="mb-decl"
          name="eligibilityDeclaredOn"
          type="date"
          aria-describedby="mb-decl-hint"
          defaultValue={member?.eligibilityDeclaredOn ?? ''}
        />
      </div>
      <div className="field">
        <label htmlFor="mb-email">Электронная почта (для извещений)</label>
        <input id="mb-email" name="email" type="email" maxLength={200} defaultValue={member?.email ?? ''} />
      </div>
      <div className="field">
        <label htmlFor="mb-user">Учётная запись в НОКО</label>
        <p className="hint" id="mb-user-hint">
          Учётные записи совета создаёт администратор (роль «Общественный совет»).
        </p>
        <select id="mb-user" name="userId" aria-describedby="mb-user-hint" defaultValue={member?.userId ?? ''}>
          <option value="">— без учётной записи —</option>
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name} ({a.email})
            </option>
          ))}
        </select>
      </div>
      <p>
        <button type="submit">{member ? 'Сохранить' : 'Добавить'}</button>
      </p>
    </Form>
  );
}

/** The protocol as a document: the same markup on the staff page, the public page and in print. */
export function ProtocolView({ p, scanHref }: { p: ProtocolModel; scanHref?: string | null }) {
  return (
    <article className="protocol">
      <p className="protocol-council">{p.councilName}</p>
      <h1>{p.title}</h1>
      <p>
        заседания совета от {p.date}
        {p.place ? `, ${p.place}` : ''} ({p.format})
      </p>
      <p>
        <strong>Председательствующий:</strong> {p.presiding ?? '—'}
      </p>
      <p>
        <strong>Секретарь:</strong> {p.secretary ?? '—'}
      </p>
      <p>
        <strong>Присутствовали:</strong> {p.presentLine} членов совета{p.present.length ? ': ' : ''}
        {p.present.map((m) => m.name + (m.represents ? ` (${m.represents})` : '')).join(', ')}.
      </p>
      {p.invitees.length ? (
        <p>
          <strong>Приглашённые:</strong> {p.invitees.map((i) => (i.post ? `${i.name} — ${i.post}` : i.name)).join('; ')}
          .
        </p>
      ) : null}
      <p>
        {p.quorum.has ? 'Кворум имеется.' : 'Кворум отсутствует.'}{' '}
        <span className="hint">
          ({p.quorum.statement}; {p.tieRule}.)
        </span>
      </p>
      <h2>ПОВЕСТКА ДНЯ</h2>
      <ol>
        {p.agenda.map((a, i) => (
          <li key={i}>{a}</li>
        ))}
      </ol>
      {p.items.map((it) => (
        <section key={it.number} className="protocol-item">
          <h3>
            {it.number}. {it.title}
          </h3>
          <p>
            <strong>СЛУШАЛИ:</strong> {it.heard.length ? it.heard.join(' ') : '—'}
          </p>
          {it.spoke.length ? (
            <p>
              <strong>ВЫСТУПИЛИ:</strong> {it.spoke.join(' ')}
            </p>
          ) : null}
          <p>
            <strong>РЕШИЛИ{it.decisionNumber ? ` (решение № ${it.decisionNumber})` : ''}:</strong>
          </p>
          {it.decided.length ? (
            <ol>
              {it.decided.map((d, i) => (
                <li key={i}>{d}</li>
              ))}
            </ol>
          ) : (
            <p>—</p>
          )}
          {it.votes ? (
            <p>
              Голосовали: «за» — {it.votes.for}, «против» — {it.votes.against}, «воздержались» — {it.votes.abstained}.{' '}
              {it.outcome ? `${it.outcome}.` : ''}
            </p>
          ) : (
            <p>Голосование не проводилось.</p>
          )}
        </section>
      ))}
      <table className="signatures">
        <caption className="visually-hidden">Подписи</caption>
        <tbody>
          {p.signatures.map((s) => (
            <tr key={s.role}>
              <th scope="row">{s.role}</th>
              <td>______________</td>
              <td>{s.name}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.annexes.length ? (
        <>
          <h2>Приложения</h2>
          <ol>
            {p.annexes.map((a, i) => (
              <li key={i}>{a.href ? <a href={a.href}>{a.title}</a> : a.title}</li>
            ))}
          </ol>
        </>
      ) : null}
      {scanHref ? (
        <p className="no-print">
          <a href={scanHref}>Скан подписанного протокола</a>
        </p>
      ) : null}
    </article>
  );
}

type PublicProposal = {
  id: string;
  organisationName: string | null;
  addressee: ProposalAddressee;
  criterion: string;
  indicator: string | null;
  text: string;
  needsFunding: boolean;
  decisionNumber: string;
  decisionDate: string;
};

/** Adopted proposals, optionally grouped by organisation (public council page). */
export function ProposalsList({ proposals, grouped = false }: { proposals: PublicProposal[]; grouped?: boolean }) {
  const groups = new Map<string, PublicProposal[]>();
  for (const p of proposals) {
    const key = grouped ? (p.organisationName ?? 'Всем организациям и учредителю') : '';
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const items = (list: PublicProposal[]) => (
    <ul className="proposals">
      {list.map((p) => (
        <li key={p.id}>
          {p.text}{' '}
          <span className="hint">
            ({criterionLabels[p.criterion] ?? p.criterion}
            {p.indicator ? `, показатель ${p.indicator}` : ''}; {addresseeLabels[p.addressee]}
            {p.needsFunding ? '; требует средств' : ''})
          </span>
        </li>
      ))}
    </ul>
  );
  if (!grouped) return items(proposals);
  // A territory's campaign brings hundreds of proposals: one closed group per organisation keeps the page
  // readable; the organisation's public card lists its own in full.
  return (
    <>
      {[...groups].map(([name, list]) => (
        <details key={name}>
          <summary>{`${name}: ${list.length} ${pluralRu(list.length, ['предложение', 'предложения', 'предложений'])}`}</summary>
          {items(list)}
        </details>
      ))}
    </>
  );
}

/** The council room's items on the start and deadlines page. */
export function CouncilStartItems({
  items,
}: {
  items: { key: string; level: 'info' | 'warning' | 'overdue'; text: string; href: string }[];
}) {
  if (items.length === 0) return null;
  return (
    <>
      <h2 id="council">Совет и орган: решения и встречи</h2>
      <ul className="clocks">
        {items.map((i) => (
          <li key={i.key} className={i.level === 'overdue' ? 'overdue' : undefined}>
            {i.level === 'warning' ? <span className="warn-text">Внимание: </span> : null}
            <a href={i.href}>{i.text}</a>
          </li>
        ))}
      </ul>
    </>
  );
}
