import type { DataGaps } from '../../../src/results/gaps';

/** «Чего не хватает»: organisations and indicators without data, small samples — before anyone approves. */
export function DataGapsSection({ gaps, minN }: { gaps: DataGaps; minN: number }) {
  if (!gaps.any) {
    return (
      <>
        <h2 id="gaps">Полнота данных</h2>
        <p>Данные полные: у всех организаций есть все показатели, выборки опроса не меньше требуемых.</p>
      </>
    );
  }
  return (
    <>
      <h2 id="gaps">Чего не хватает</h2>
      <div className="notice warn" role="note">
        <ul>
          {gaps.summary.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <p>
          Показатель без данных показывается как «нет данных» и не считается нулём. Утвердить и опубликовать такую
          версию можно только с отдельным подтверждением — оно записывается в журнал.
        </p>
      </div>
      <div className="table-scroll" role="region" aria-label="Организации с неполными данными" tabIndex={0}>
        <table>
          <caption>Организации с неполными данными</caption>
          <thead>
            <tr>
              <th scope="col">Организация</th>
              <th scope="col">Показатели без данных</th>
              <th scope="col">Итог</th>
              <th scope="col">Опрос</th>
            </tr>
          </thead>
          <tbody>
            {gaps.organisations.map((o) => (
              <tr key={o.id}>
                <th scope="row">{o.name}</th>
                <td>
                  {o.indicators.length ? (
                    <ul>
                      {o.indicators.map((i) => (
                        <li key={i.id}>{`${i.id}: ${i.reasons.join('; ')}`}</li>
                      ))}
                    </ul>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{o.noTotal ? 'не рассчитан' : 'есть'}</td>
                <td>
                  {o.sample
                    ? `выборка меньше требуемой: ${o.sample.received} из ${o.sample.target}`
                    : `анкет: ${o.respondents}`}
                  {o.belowMinimum ? `; меньше ${minN} — показатели по опросу не публикуются` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** The checkbox that approval and publication of an incomplete version require. */
export function ConfirmGaps({ gaps, action }: { gaps: DataGaps; action: 'approve' | 'publish' }) {
  if (!gaps.any) return null;
  const verb = action === 'approve' ? 'утверждаю' : 'публикую';
  return (
    <div className="field choice">
      <input type="checkbox" id={`confirm-gaps-${action}`} name="confirmGaps" value="yes" required />
      <label
        htmlFor={`confirm-gaps-${action}`}
      >{`Я видел(а) список «Чего не хватает» и ${verb} версию с неполными данными`}</label>
    </div>
  );
}
