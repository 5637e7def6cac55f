// Charts as server-rendered SVG (Apache ECharts SSR, no DOM, no client script). ECharts' aria option adds
// no accessible name, so every chart gets role="img", an aria-label and a <title> here; pages always put
// the same numbers in a table beside the chart.
import type * as EChartsType from 'echarts';
import { lazyModule } from '../lib/lazy.server';

// ECharts costs ~1 s to load: load it when the first chart is drawn, not at server start.
const echarts = lazyModule<typeof EChartsType>('echarts');

export type Bar = { label: string; value: number | null; reference?: number | null };

const escapeXml = (s: string) =>
  s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** Adds the accessible name to ECharts' root <svg>. */
export function labelSvg(svg: string, label: string): string {
  const safe = escapeXml(label);
  return svg.replace(
    /^<svg\b([^>]*)>/,
    `<svg$1 role="img" aria-label="${safe}" focusable="false"><title>${safe}</title>`,
  );
}

/**
 * A 0–100 bar chart of criteria (or any points), optionally with a reference series (the territory mean).
 * Colours pass WCAG contrast against white; the high-contrast variant uses black and dark blue.
 */
export function criteriaChartSvg(
  bars: readonly Bar[],
  opts: { title: string; referenceLabel?: string; width?: number; height?: number; contrast?: boolean },
): string {
  const width = opts.width ?? 560;
  const height = opts.height ?? 300;
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  const hasRef = bars.some((b) => b.reference !== undefined && b.reference !== null);
  const main = opts.contrast ? '#000000' : '#0b57d0';
  const ref = opts.contrast ? '#5a3e00' : '#6b7280';
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: 'system-ui, Arial, sans-serif', fontSize: opts.contrast ? 16 : 13, color: '#111111' },
      grid: { left: 48, right: 16, top: hasRef ? 36 : 16, bottom: 32 },
      legend: hasRef
        ? { top: 4, data: ['Организация', opts.referenceLabel ?? 'Среднее'], textStyle: { color: '#111111' } }
        : undefined,
      xAxis: { type: 'category', data: bars.map((b) => b.label), axisLabel: { color: '#111111' } },
      yAxis: { type: 'value', min: 0, max: 100, interval: 20, axisLabel: { color: '#111111' } },
      series: [
        {
          name: 'Организация',
          type: 'bar',
          data: bars.map((b) => b.value ?? '-'),
          itemStyle: { color: main },
          label: {
            show: true,
            position: 'top',
            color: '#111111',
            formatter: (p: { value: unknown }) =>
              typeof p.value === 'number' ? p.value.toFixed(2).replace('.', ',') : '—',
          },
        },
        ...(hasRef
          ? [
              {
                name: opts.referenceLabel ?? 'Среднее',
                type: 'bar',
                data: bars.map((b) => b.reference ?? '-'),
                itemStyle: { color: ref },
              },
            ]
          : []),
      ],
    });
    return labelSvg(chart.renderToSVGString(), opts.title);
  } finally {
    chart.dispose();
  }
}
