import { data, redirect } from 'react-router';
import { can } from '../../../src/auth/policy';
import { countdownRu, formatRu, todayIso } from '../../../src/campaigns/dates';
import { monthlyResults } from '../../../src/voice/results.server';
import { activeBlocks, replyDeadlines } from '../../../src/voice/reviews.server';
import { settingsInput, updateSettings, voiceLinksOfTerritory } from '../../../src/voice/settings.server';
import { Checkboxes, Csrf, FormMessages, Radios, TextInput, type FieldErrors, type FormResult } from '../../ui/forms';
import type { Route } from './+types/territory';
import { publicBase, voiceTerritory } from './voice.server';
import { TableScroll } from '../../ui/controls';

export function meta({ data: d }: Route.MetaArgs) {
  return [{ title: `Голос граждан: ${d?.territory.name ?? 'территория'} — НОКО` }];
}

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { user, territory, chain, settings } = await voiceTerritory(context, request, params.territoryId, 'voice.view');
  const [links, months, deadlines, blocks] = await Promise.all([
    voiceLinksOfTerritory(context.db, territory.id),
    monthlyResults(context.db, settings.streamId),
    replyDeadlines(context.db, { territoryIds: [territory.id] }),
    activeBlocks(context.db, territory.id),
  ]);
  const thisMonth = todayIso().slice(0, 7);
  const yearAgo = `${Number(thisMonth.slice(0, 4)) - 1}-${thisMonth.slice(5)}`;
  const base = publicBase(context, request);
  return {
    territory: { id: territory.id, name: territory.name },
    settings: {
      moderator: settings.moderator,
      appealsUrl: settings.appealsUrl ?? '',
      replyDays: settings.replyDays,
      minSample: settings.minSample,
      questionnaireOpen: settings.questionnaireOpen,
      reviewsOpen: settings.reviewsOpen,
    },
    canEdit: can(user, 'voice.settings', { territoryIds: chain }),
    canModerate: can(user, 'voice.moderate', { territoryIds: chain }),
    base,
    organisations: links.map((l) => {
      const own = months.filter((m) => m.organisationId === l.organisationId);
      return {
        id: l.organisationId,
        name: l.organisationShortName,
        code: l.code,
        url: `${base}/golos/${l.code}`,
        thisMonth: own.find((m) => m.month === thisMonth)?.valid ?? 0,
        year: own.filter((m) => m.month > yearAgo).reduce((a, m) => a + m.valid, 0),
        quarantined: own.reduce((a, m) => a + m.quarantined, 0),
      };
    }),
    overdue: deadlines
      .filter((d) => d.daysLeft < 0)
      .map((d) => ({ ...d, dueOn: formatRu(d.dueOn), label: countdownRu(d.daysLeft) })),
    blocks: blocks.map((b) => ({ id: b.id, until: formatRu(todayIso(b.until)), reason: b.reason })),
    saved: new URL(request.url).searchParams.get('saved') === '1',
    csrfToken: context.csrfToken,
  };
}

const SETTINGS_FIELDS: readonly string[] = ['moderator', 'appealsUrl', 'replyDays', 'minSample'];

export async function action({ request, context, params }: Route.ActionArgs) {
  const { user, territory } = await voiceTerritory(context, request, params.territoryId, 'voice.settings');
  const form = await request.formData();
  const text = (name: string) => (typeof form.get(name) === 'string' ? String(form.get(name)) : '');
  const parsed = settingsInput.safeParse({
    moderator: text('moderator'),
    appealsUrl: text('appealsUrl'),
    replyDays: text('replyDays'),
    minSample: text('minSample'),
    questionnaireOpen: form.get('questionnaireOpen') === 'yes',
    reviewsOpen: form.get('reviewsOpen') === 'yes',
  });
  if (!parsed.success) {
    // Each rule belongs to one field (its id is the field's name), so the summary links to it.
    const fieldErrors: FieldErrors = {};
    const errors: string[] = [];
    for (const issue of parsed.error.issues) {
      const id = String(issue.path[0] ?? '');
      if (!SETTINGS_FIELDS.includes(id)) errors.push(issue.message);
      else fieldErrors[id] = fieldErrors[id] ? `${fieldErrors[id]} ${issue.message}` : issue.message;
    }
    return data<FormResult>({ errors, fieldErrors }, { status: 400 });
  }
  await updateSettings(context.db, territory.id, parsed.data, { id: user.id, name: user.name });
  return redirect(`/voice/t/${territory.id}?saved=1`);
}

export default function VoiceTerritory({ loaderData, actionData }: Route.ComponentProps) {
  const { territory, settings, organisations, overdue, blocks, canEdit, canModerate, saved, csrfToken, base } =
    loaderData;
  const error = (id: string) => actionData?.fieldErrors?.[id] ?? undefined;
  return (
    <section>
      <h1>Голос граждан: {territory.name}</h1>
      <p>
        <a href={`/golos/t/${territory.id}`}>Публичная страница территории</a> ·{' '}
        <a href="/golos/pravila">Правила модерации</a> · Открытые данные:{' '}
        <a href={`/golos/t/${territory.id}/otzyvy.csv`}>CSV</a>,{' '}
        <a href={`/golos/t/${territory.id}/otzyvy.json`}>JSON</a>
        {canModerate ? (
          <>
            {' '}
            ·{' '}
            <a href={`/voice/t/${territory.id}/moderation`}>
              <strong>Модерация</strong>
            </a>
          </>
        ) : null}
      </p>
      <p>
        Ответы на постоянную анкету хранятся отдельно от кампаний и не входят в официальные баллы; учесть их можно
        только отдельным решением общественного совета.
      </p>

      <h2>Организации</h2>
      <p>
        Код для сайта органа управления (выбор организации):{' '}
        <code>{`<iframe src="${base}/golos/t/${territory.id}/vstavka" title="Анкета о качестве условий: ${territory.name}" width="100%" height="1400" style="border:0"></iframe>`}</code>
      </p>
      <TableScroll label="Таблица: постоянная анкета по организациям">
        <table>
          <caption>Постоянная анкета по организациям (действительные ответы)</caption>
          <thead>
            <tr>
              <th scope="col">Организация</th>
              <th scope="col">В этом месяце</th>
              <th scope="col">За 12 месяцев</th>
              <th scope="col">На проверке</th>
              <th scope="col">Материалы</th>
            </tr>
          </thead>
          <tbody>
            {organisations.map((o) => (
              <tr key={o.id}>
                <td>
                  <a href={`/voice/org/${o.id}`}>{o.name}</a>
                </td>
                <td>{o.thisMonth}</td>
                <td>{o.year}</td>
                <td>{o.quarantined}</td>
                <td>
                  <a href={o.url}>ссылка</a>, <a href={`/golos/${o.code}/plakat.pdf`}>плакат (PDF)</a>,{' '}
                  <a href={`/golos/${o.code}/qr.png`}>QR (PNG)</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>

      <h2>Просроченные ответы организаций ({overdue.length})</h2>
      {overdue.length === 0 ? (
        <p>Просроченных ответов нет.</p>
      ) : (
        <ul>
          {overdue.map((d) => (
            <li key={d.reviewId}>
              <a href={`/voice/org/${d.organisationId}#review-${d.reviewId}`}>{d.organisationName}</a>: срок {d.dueOn},{' '}
              {d.label} — «{d.excerpt}»
            </li>
          ))}
        </ul>
      )}

      <h2>Заблокированные сети ({blocks.length})</h2>
      {blocks.length === 0 ? (
        <p>Блокировок нет.</p>
      ) : (
        <ul>
          {blocks.map((b) => (
            <li key={b.id}>
              до {b.until}: {b.reason}
            </li>
          ))}
        </ul>
      )}

      <h2>Настройки</h2>
      {canEdit ? (
        <form method="post">
          <FormMessages
            result={actionData ?? (saved ? { message: 'Настройки сохранены.' } : undefined)}
            errorTitle="Настройки не сохранены"
          />
          <Csrf token={csrfToken} />
          <Radios
            name="moderator"
            legend="Кто модерирует отзывы об организациях"
            defaultValue={settings.moderator}
            error={error('moderator')}
            items={[
              { value: 'authority', label: 'орган управления образованием' },
              {
                value: 'organisation',
                label: 'сама организация (орган может модерировать тоже; ответы организаций всегда модерирует орган)',
              },
            ]}
          />
          <TextInput
            name="appealsUrl"
            label="Адрес канала обращений граждан (59-ФЗ)"
            hint="Показывается в каждой форме отзыва для тех, кому нужен ответ по существу."
            type="url"
            defaultValue={settings.appealsUrl}
            error={error('appealsUrl')}
          />
          <TextInput
            name="replyDays"
            label="Срок публичного ответа организации, календарных дней"
            inputMode="numeric"
            defaultValue={settings.replyDays}
            error={error('replyDays')}
          />
          <TextInput
            name="minSample"
            label="Минимум ответов за 12 месяцев для публикации результатов анкеты"
            inputMode="numeric"
            defaultValue={settings.minSample}
            error={error('minSample')}
          />
          <Checkboxes
            name="questionnaireOpen"
            legend="Постоянная анкета"
            defaultValues={settings.questionnaireOpen ? ['yes'] : []}
            items={[{ value: 'yes', label: 'Постоянная анкета открыта' }]}
          />
          <Checkboxes
            name="reviewsOpen"
            legend="Отзывы"
            defaultValues={settings.reviewsOpen ? ['yes'] : []}
            items={[{ value: 'yes', label: 'Приём отзывов открыт' }]}
          />
          <button type="submit">Сохранить настройки</button>
        </form>
      ) : (
        <ul>
          <li>Модерация: {settings.moderator === 'authority' ? 'орган управления образованием' : 'организация'}</li>
          <li>Срок ответа: {settings.replyDays} дн.</li>
          <li>Минимум ответов для публикации: {settings.minSample}</li>
          <li>Канал обращений: {settings.appealsUrl || 'не указан'}</li>
        </ul>
      )}
    </section>
  );
}
