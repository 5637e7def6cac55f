// The start page: what the signed-in person has to do now. Every room contributes its sections
// (src/start/sections.server.ts); this page only lays out the blocks they return.
import { todayIso, formatRu } from '../../../src/campaigns/dates';
import { startBlocks } from '../../../src/start/sections.server';
import { StartBlocks } from './blocks';
import { requireCan } from '../../server/guard';
import type { Route } from './+types/dashboard';

export function meta(_: Route.MetaArgs) {
  return [{ title: 'Мои задачи — НОКО' }];
}

const roleTitles: Record<string, string> = {
  admin: 'администратор',
  authority: 'орган управления образованием',
  council: 'общественный совет',
  operator: 'оператор',
  organisation: 'представитель организации',
};

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = requireCan(context, request, 'start.view');
  const today = todayIso();
  const { blocks, failed } = await startBlocks({ db: context.db, user, today });
  if (failed.length) context.logger.error({ sections: failed, userId: user.id }, 'start page sections failed');
  return { today, blocks, failed: failed.length, who: `${user.name}, ${roleTitles[user.role] ?? user.role}` };
}

export default function Dashboard({ loaderData }: Route.ComponentProps) {
  const { today, blocks, failed, who } = loaderData;
  return (
    <section className="start">
      <h1>Мои задачи</h1>
      <p>
        {who}. На {formatRu(today)}.
      </p>
      {failed ? (
        <p className="notice warn" role="alert">
          Часть разделов не загрузилась. Обновите страницу; если не поможет — сообщите администратору.
        </p>
      ) : null}
      <StartBlocks blocks={blocks} />
    </section>
  );
}
