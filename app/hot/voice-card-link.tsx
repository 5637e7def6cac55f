// The citizens' voice section of the official organisation card (app/hot/results/organisation-page.tsx). Static on purpose:
// the card is an immutable snapshot with an ETag, while reviews change daily, so they live on their own
// live page (/golos/o/<id>), linked here and clearly separated from the official assessment.
export function VoiceCardSection({ organisationId }: { organisationId: string }) {
  return (
    <>
      <h2>Мнения граждан</h2>
      <p>
        Отзывы родителей и обучающихся, ответы организации и результаты постоянной анкеты за 12 месяцев:{' '}
        <a href={`/golos/o/${organisationId}`}>страница мнений граждан</a>. Они собираются круглый год и не входят в
        официальную оценку.
      </p>
    </>
  );
}
