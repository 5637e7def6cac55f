// A document that uses every block of the model, shared by the renderer tests.
import { criteriaChartSvg } from '../../src/reports/charts.server';
import { b, h, ol, p, ul, type Document } from '../../src/documents/model';

export function sampleDocument(rows = 40): Document {
  const body = Array.from({ length: rows }, (_, n) => ({
    cells: [String(n + 1), `Организация № ${n + 1}`, `${(90 - n / 10).toFixed(2).replace('.', ',')}`, `${n % 7}`, 'да'],
  }));
  return {
    title: 'Проба документа',
    footerText: 'НОКО · проба',
    sections: [
      {
        orientation: 'portrait',
        blocks: [
          {
            kind: 'approval',
            title: 'УТВЕРЖДАЮ',
            lines: ['Министр образования', 'И. И. Иванов'],
            date: '«___» ____________ 2026 г.',
          },
          h(1, 'Аналитический отчёт о проверке'),
          p(['Текст абзаца с ', b('полужирным'), ' словом, числом 87,45 и датой 01.12.2026. '.repeat(3)]),
          ol(['Первый пункт', 'Второй пункт']),
          ul(['тире один', 'тире два']),
          {
            kind: 'chart',
            title: 'Рисунок 1. Средние значения критериев',
            svg: criteriaChartSvg(
              [
                { label: 'К1', value: 91.2 },
                { label: 'К2', value: 77.5 },
                { label: 'К3', value: 64.25 },
              ],
              { title: 'Средние значения критериев' },
            ),
            width: 420,
            height: 225,
            table: {
              kind: 'table',
              columns: [{ width: 3 }, { width: 1, align: 'right' }],
              header: [{ cells: ['Критерий', 'Баллы'] }],
              body: [{ cells: ['К1', '91,20'] }, { cells: ['К2', '77,50'] }, { cells: ['К3', '64,25'] }],
            },
          },
          {
            kind: 'signatures',
            rows: [
              { role: 'Председатель', name: 'А. А. Петров' },
              { role: 'Секретарь', name: 'Б. Б. Сидорова' },
            ],
            date: '01.12.2026',
          },
        ],
      },
      {
        orientation: 'landscape',
        blocks: [
          h(2, 'Приложение. Широкая таблица'),
          {
            kind: 'table',
            caption: 'Таблица 1. Значения',
            columns: [
              { width: 1 },
              { width: 8 },
              { width: 2, align: 'right' },
              { width: 2, align: 'right' },
              { width: 2 },
            ],
            header: [
              {
                cells: [
                  { content: '№', rowSpan: 2 },
                  { content: 'Организация', rowSpan: 2 },
                  { content: 'Показатели', colSpan: 3 },
                ],
              },
              { cells: ['Балл', 'Место', 'Отметка'] },
              { cells: ['1', '2', '3', '4', '5'] },
            ],
            body: [{ cells: [{ content: 'Раздел I', colSpan: 5, bold: true }], shade: true }, ...body],
          },
        ],
      },
    ],
  };
}
