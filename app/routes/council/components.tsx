// Components shared by the council pages (client-safe: labels and plain data only).
import type { ClockView } from '../../../src/council/clock';
import { ruDate, type ProtocolModel } from '../../../src/council/protocol';
import { pluralRu, quorumRuleLabels, tieRuleLabels } from '../../../src/council/voting';
import { memberRoles, quorumRules, tieRules, type ProposalAddressee } from '../../../src/council/enums';
import { addresseeLabels, criterionLabels, memberRoleLabels } from '../../../src/council/labels';
import { Form } from 'react-router';
import { Checkboxes, Csrf, DateInput, ErrorSummary, Radios, Select, SuccessMessage, TextInput } from '../../ui/forms';
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
      <Radios
        name="quorumRule"
        id="quorum"
        legend="Кворум (по положению о совете)"
        defaultValue={quorumRule}
        items={quorumRules.map((r) => ({ value: r, label: quorumRuleLabels[r] }))}
      />
      <Radios
        name="tieRule"
        id="tie"
        legend="Равенство голосов"
        defaultValue={tieRule}
        items={tieRules.map((r) => ({ value: r, label: tieRuleLabels[r] }))}
      />
      <Checkboxes
        name="absenteeVoting"
        legend="Заочное голосование"
        defaultValues={absenteeVoting ? ['on'] : []}
        items={[{ value: 'on', label: 'Положение допускает заочное голосование' }]}
      />
      <TextInput
        name="proposalThreshold"
        label="Порог для предложений по опросу, баллов"
        hint="Критерий, оценённый получателями услуг ниже порога, приносит типовое предложение (обычно 90)."
        type="number"
        min={0}
        max={100}
        step={1}
        defaultValue={proposalThreshold}
        required
      />
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
      <TextInput
        name="name"
        id="mb-name"
        label="Фамилия, имя, отчество"
        required
        maxLength={200}
        defaultValue={member?.name}
      />
      <Select
        name="role"
        id="mb-role"
        label="Роль"
        defaultValue={member?.role ?? 'member'}
        options={memberRoles.map((r) => ({ value: r, label: memberRoleLabels[r] }))}
      />
      <TextInput
        name="represents"
        id="mb-represents"
        label="Кого представляет"
        maxLength={500}
        defaultValue={member?.represents}
      />
      <DateInput name="termFrom" id="mb-termFrom" label="Полномочия с" required defaultValue={member?.termFrom} />
      <DateInput name="termTo" id="mb-termTo" label="Полномочия по" required defaultValue={member?.termTo} />
      <DateInput
        name="eligibilityDeclaredOn"
        id="mb-decl"
        label="Дата декларации"
        hint="Член совета подтверждает, что не является должностным лицом органа и работником образовательной организации."
        defaultValue={member?.eligibilityDeclaredOn ?? ''}
      />
      <TextInput
        name="email"
        id="mb-email"
        label="Электронная почта (для извещений)"
        type="email"
        maxLength={200}
        defaultValue={member?.email ?? ''}
      />
      <Select
        name="userId"
        id="mb-user"
        label="Учётная запись в НОКО"
        hint="Учётные записи совета создаёт администратор (роль «Общественный совет»)."
        defaultValue={member?.userId ?? ''}
        placeholder="— без учётной записи —"
        options={accounts.map((a) => ({ value: a.id, label: `${a.name} (${a.email})` }))}
      />
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
