/**
 * A small line chart as inline SVG: axes with round-number ticks, one polyline per series and a legend.
 * No script, no external asset, no font beyond the page's own, so the report stays one self-contained file.
 * Every text goes through the report's escaping `html` template.
 */
import { html, joinHtml, type SafeHtml } from '../report/html-builder.ts';

export interface ChartSeries {
  name: string;
  /** [x, y] pairs, x ascending. */
  points: readonly (readonly [number, number])[];
  color: string;
  dashed?: boolean;
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly ChartSeries[];
  width?: number;
  height?: number;
}

const MARGIN = { left: 64, right: 16, top: 28, bottom: 44 };

/** 1, 2 or 5 times a power of ten: ticks people read at a glance. */
export function niceStep(range: number, ticks: number): number {
  if (!(range > 0)) return 1;
  const raw = range / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const scaled = raw / power;
  return (scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10) * power;
}

function label(value: number): string {
  if (value === 0) return '0';
  if (Math.abs(value) >= 1000) return value.toLocaleString('en-US', { maximumFractionDigits: 0 });
  return Number(value.toPrecision(3)).toString();
}

export function renderLineChart(options: ChartOptions): SafeHtml {
  const width = options.width ?? 720;
  const height = options.height ?? 280;
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const all = options.series.flatMap((series) => series.points);
  const maxX = Math.max(1e-9, ...all.map(([x]) => x));
  const minX = Math.min(0, ...all.map(([x]) => x));
  const yStep = niceStep(Math.max(1e-9, ...all.map(([, y]) => y)), 5);
  const maxY = yStep * Math.max(1, Math.ceil(Math.max(1e-9, ...all.map(([, y]) => y)) / yStep));
  const xStep = niceStep(maxX - minX, 6);
  const sx = (x: number): number => MARGIN.left + ((x - minX) / (maxX - minX || 1)) * plotWidth;
  const sy = (y: number): number => MARGIN.top + plotHeight - (y / maxY) * plotHeight;
  const coordinate = (n: number): string => n.toFixed(1);

  const yTicks = [];
  for (let y = 0; y <= maxY + yStep / 2; y += yStep) {
    yTicks.push(html`<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${coordinate(sy(y))}" y2="${coordinate(sy(y))}" stroke="#ddd"/><text x="${MARGIN.left - 6}" y="${coordinate(sy(y) + 4)}" text-anchor="end">${label(y)}</text>`);
  }
  const xTicks = [];
  for (let x = Math.ceil(minX / xStep) * xStep; x <= maxX + xStep / 1000; x += xStep) {
    xTicks.push(html`<line x1="${coordinate(sx(x))}" x2="${coordinate(sx(x))}" y1="${MARGIN.top + plotHeight}" y2="${MARGIN.top + plotHeight + 4}" stroke="#555"/><text x="${coordinate(sx(x))}" y="${MARGIN.top + plotHeight + 16}" text-anchor="middle">${label(x)}</text>`);
  }
  const lines = options.series
    .filter((series) => series.points.length > 0)
    .map((series) => {
      const points = series.points.map(([x, y]) => `${coordinate(sx(x))},${coordinate(sy(y))}`).join(' ');
      // A line needs two points; a series measured in one bucket only (member adds all come after the
      // last create) is drawn as dots instead.
      if (series.points.length < 3) {
        return series.points.map(([x, y]) => html`<circle cx="${coordinate(sx(x))}" cy="${coordinate(sy(y))}" r="4" fill="${series.color}"><title>${series.name}</title></circle>`);
      }
      return html`<polyline fill="none" stroke="${series.color}" stroke-width="2"${series.dashed ? html` stroke-dasharray="5 4"` : ''} points="${points}"><title>${series.name}</title></polyline>`;
    });
  const legend = options.series.map(
    (series, index) =>
      html`<g transform="translate(${MARGIN.left + 8 + index * 150},${MARGIN.top - 12})"><line x1="0" x2="18" y1="0" y2="0" stroke="${series.color}" stroke-width="2"${series.dashed ? html` stroke-dasharray="5 4"` : ''}/><text x="22" y="4">${series.name}</text></g>`,
  );
  return html`<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${options.title}" font-family="sans-serif" font-size="11">
<title>${options.title}</title>
${joinHtml(yTicks, '\n')}
${joinHtml(xTicks, '\n')}
<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + plotHeight}" stroke="#555"/>
<line x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${MARGIN.top + plotHeight}" y2="${MARGIN.top + plotHeight}" stroke="#555"/>
${joinHtml(lines, '\n')}
${joinHtml(legend, '\n')}
<text x="${MARGIN.left + plotWidth / 2}" y="${height - 6}" text-anchor="middle">${options.xLabel}</text>
<text transform="translate(14,${MARGIN.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">${options.yLabel}</text>
</svg><figcaption>${options.title}</figcaption></figure>`;
}
