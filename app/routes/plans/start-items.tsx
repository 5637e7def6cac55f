// The plans room's block on start pages: what is due, overdue or waiting, from planStartItems().
export function PlanStartItems({ items }: { items: { text: string; href: string; urgent: boolean }[] }) {
  return (
    <>
      <h2>Планы по устранению недостатков</h2>
      {items.length === 0 ? (
        <p>
          По планам ничего не ждёт вашего решения. <a href="/plans">Все планы</a>
        </p>
      ) : (
        <ul className="clocks">
          {items.map((i) => (
            <li key={i.text} className={i.urgent ? 'overdue' : undefined}>
              <a href={i.href}>{i.text}</a>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
