import { data, redirect } from 'react-router';
import { councilAccounts, listMembers, updateMember } from '../../../src/council/council.server';
import { MemberForm, Result } from './components';
import { actorOf, councilFor, formReader, postedForm, refusal, type ActionResult } from './common.server';
import type { Route } from './+types/member';

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: `${d?.member.name ?? 'Член совета'} — НОКО` }];
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { council } = await councilFor(context, request, params.councilId, 'council.manage');
  const member = (await listMembers(context.db, council.id)).find((m) => m.id === params.memberId);
  if (!member) throw data('Член совета не найден.', { status: 404 });
  return {
    council: { id: council.id, name: council.name },
    member: { ...member, createdAt: member.createdAt.toISOString() },
    accounts: await councilAccounts(context.db, council.territoryId),
    csrfToken: context.csrfToken,
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { council, user } = await councilFor(context, request, params.councilId, 'council.manage');
  const f = formReader(await postedForm(request));
  try {
    await updateMember(
      context.db,
      council.id,
      params.memberId,
      {
        name: f.text('name'),
        role: f.text('role'),
        represents: f.text('represents'),
        termFrom: f.text('termFrom'),
        termTo: f.text('termTo'),
        eligibilityDeclaredOn: f.opt('eligibilityDeclaredOn'),
        email: f.opt('email'),
        userId: f.opt('userId'),
      },
      actorOf(user),
    );
  } catch (err) {
    return refusal('member', err);
  }
  return redirect(`/council/${council.id}#members`);
}

export default function MemberPage({ loaderData, actionData }: Route.ComponentProps) {
  const { council, member, accounts, csrfToken } = loaderData;
  return (
    <section>
      <p>
        <a href={`/council/${council.id}#members`}>← {council.name}</a>
      </p>
      <h1>{member.name}</h1>
      <Result result={actionData as ActionResult | undefined} section="member" />
      <MemberForm csrfToken={csrfToken} accounts={accounts} member={member} />
    </section>
  );
}
