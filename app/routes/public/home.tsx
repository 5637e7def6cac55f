import type { Route } from './+types/home';
import { voiceStartItems } from '../../../src/voice/start.server';
import { VoiceStartSection } from '../voice/start-section';

export function meta(_: Route.MetaArgs) {
  return [{ title: 'НОКО — независимая оценка качества образования' }];
}

// An organisation's representative has no /dashboard: its citizens' voice deadlines are shown here.
export async function loader({ context }: Route.LoaderArgs) {
  const user = context.user;
  return { voice: user?.role === 'organisation' ? await voiceStartItems(context.db, user, undefined) : null };
}

export default function Home({ loaderData }: Route.ComponentProps) {
  return (
    <section>
      <h1>Независимая оценка качества условий образовательной деятельности</h1>
      {loaderData?.voice ? <VoiceStartSection items={loaderData.voice} /> : null}
      <p>
        НОКО ведёт весь цикл оценки: общественный совет утверждает перечень организаций, оператор собирает данные
        (сайты, стенды, посещения, анонимный опрос), система рассчитывает официальные баллы, результаты публикуются, а
        планы по устранению недостатков выполняются и проверяются.
      </p>
      <h2>Родителям и обучающимся</h2>
      <ul>
        <li>
          <a href="/rezultaty">Результаты независимой оценки</a> — баллы, рейтинг и пояснение каждой цифры.
        </li>
        <li>Анкета получателя услуг открывается по ссылке или QR-коду, которые размещает ваша организация.</li>
        <li>
          <a href="/golos">Мнение круглый год</a> — постоянная анкета и отзывы об организациях (не входят в официальную
          оценку).
        </li>
      </ul>
      <h2>Сотрудникам</h2>
      <p>
        <a href="/login">Войдите</a>, чтобы работать с реестром, кампаниями, опросом и результатами.
      </p>
    </section>
  );
}
