// The citizens' voice block of a start page (rendered by app/routes/start/dashboard.tsx and the organisation's page).
import type { VoiceStartItem } from '../../../src/voice/start.server';

export function VoiceStartSection({ items }: { items: VoiceStartItem[] }) {
  return (
    <>
      <h2>Голос граждан</h2>
      {items.length === 0 ? (
        <p>Отзывов на модерации и просроченных ответов нет.</p>
      ) : (
        <ul>
          {items.map((i) => (
            <li key={i.href + i.text} className={i.overdue ? 'overdue' : undefined}>
              <a href={i.href}>{i.text}</a>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
