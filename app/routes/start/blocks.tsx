// Lays out the start sections' blocks (src/start/types.ts): a heading, a lead line, a list of things to
// do and/or a table, and a link to the full page. No room-specific markup here.
import type { StartBlock, StartTone } from '../../../src/start/types';
import { TableScroll } from '../../ui/controls';

const toneLabel: Record<StartTone, string> = { overdue: 'Просрочено: ', warn: '', ok: '', info: '' };

export function StartBlocks({ blocks }: { blocks: StartBlock[] }) {
  if (blocks.length === 0) return <p>Сейчас для вас нет задач.</p>;
  return (
    <>
      {blocks.map((b) => {
        const nothing = !b.items?.length && !b.table?.rows.length;
        return (
          <section key={b.id} id={`start-${b.id}`} className="card start-block" aria-labelledby={`start-${b.id}-title`}>
            <h2 id={`start-${b.id}-title`}>{b.title}</h2>
            {b.lead ? <p>{b.lead}</p> : null}
            {b.table && b.table.rows.length ? (
              <TableScroll label={`Таблица: ${b.table.caption}`}>
                <table>
                  <caption className="visually-hidden">{b.table.caption}</caption>
                  <thead>
                    <tr>
                      {b.table.head.map((h, i) => (
                        <th key={i} scope="col" className={b.table!.numeric?.includes(i) ? 'num' : undefined}>
                          {h}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {b.table.rows.map((r, k) => (
                      <tr key={k} className={r.tone === 'overdue' ? 'overdue' : r.tone === 'warn' ? 'warn' : undefined}>
                        <th scope="row">{r.href ? <a href={r.href}>{r.cells[0]}</a> : r.cells[0]}</th>
                        {r.cells.slice(1).map((c, i) => (
                          <td key={i} className={b.table!.numeric?.includes(i + 1) ? 'num' : undefined}>
                            {c}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            ) : null}
            {b.items?.length && b.itemsTitle ? <h3>{b.itemsTitle}</h3> : null}
            {b.items?.length ? (
              <ul className="start-items">
                {b.items.map((it, k) => (
                  <li key={k} className={it.tone === 'overdue' ? 'overdue' : it.tone === 'warn' ? 'warn' : undefined}>
                    {it.tone ? toneLabel[it.tone] : ''}
                    {it.href ? <a href={it.href}>{it.text}</a> : it.text}
                    {it.detail ? (
                      <>
                        <br />
                        <span className="hint">{it.detail}</span>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : null}
            {nothing && b.empty ? <p>{b.empty}</p> : null}
            {b.more ? (
              <p>
                <a href={b.more.href}>{b.more.text}</a>
              </p>
            ) : null}
          </section>
        );
      })}
    </>
  );
}
