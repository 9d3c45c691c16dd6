// A hand-written SVG line chart (no plotting package): equally spaced categories on x, a linear
// y axis from 0 with round ticks, one coloured polyline with dots and values per series, a legend.
// Used by bench/growth.ts for bench/results/growth.svg.

export interface Series {
  name: string;
  color: string;
  values: number[];
}

export interface Chart {
  title: string;
  xLabel: string;
  yLabel: string;
  categories: string[];
  series: Series[];
}

const WIDTH = 760;
const HEIGHT = 440;
const MARGIN = { left: 84, right: 24, top: 48, bottom: 92 };

const escape = (text: string): string => text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');

/** A "nice" step (1, 2 or 5 × 10^k) giving about five ticks up to `max`. */
function niceStep(max: number): number {
  const rough = Math.max(max, 1) / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const unit = rough / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

export function lineChartSvg(chart: Chart): string {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const all = chart.series.flatMap((s) => s.values).filter(Number.isFinite);
  const step = niceStep(Math.max(...all, 1));
  const yMax = Math.ceil(Math.max(...all, 1) / step) * step;
  const n = chart.categories.length;
  const x = (i: number): number => MARGIN.left + (n === 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number): number => MARGIN.top + plotH - (v / yMax) * plotH;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`);
  out.push(`<text x="${WIDTH / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${escape(chart.title)}</text>`);
  // Horizontal grid lines and y tick labels.
  for (let v = 0; v <= yMax + step / 2; v += step) {
    out.push(`<line x1="${MARGIN.left}" y1="${y(v).toFixed(1)}" x2="${WIDTH - MARGIN.right}" y2="${y(v).toFixed(1)}" stroke="#e3e3e3"/>`);
    out.push(`<text x="${MARGIN.left - 8}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v.toLocaleString('en-US')}</text>`);
  }
  // Axes.
  out.push(`<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${MARGIN.top + plotH}" stroke="#333"/>`);
  out.push(`<line x1="${MARGIN.left}" y1="${MARGIN.top + plotH}" x2="${WIDTH - MARGIN.right}" y2="${MARGIN.top + plotH}" stroke="#333"/>`);
  chart.categories.forEach((label, i) => {
    out.push(`<line x1="${x(i).toFixed(1)}" y1="${MARGIN.top + plotH}" x2="${x(i).toFixed(1)}" y2="${MARGIN.top + plotH + 5}" stroke="#333"/>`);
    out.push(`<text x="${x(i).toFixed(1)}" y="${MARGIN.top + plotH + 20}" text-anchor="middle">${escape(label)}</text>`);
  });
  out.push(`<text x="${MARGIN.left + plotW / 2}" y="${MARGIN.top + plotH + 44}" text-anchor="middle">${escape(chart.xLabel)}</text>`);
  out.push(`<text transform="translate(20 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escape(chart.yLabel)}</text>`);
  // Lines, dots and values.
  for (const series of chart.series) {
    const points = series.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    out.push(`<polyline points="${points}" fill="none" stroke="${series.color}" stroke-width="2.5"/>`);
    series.values.forEach((v, i) => {
      out.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="4" fill="${series.color}"/>`);
      out.push(`<text x="${x(i).toFixed(1)}" y="${(y(v) - 9).toFixed(1)}" text-anchor="middle" fill="${series.color}">${Math.round(v).toLocaleString('en-US')}</text>`);
    });
  }
  // Legend, under the x label.
  chart.series.forEach((series, i) => {
    const lx = MARGIN.left + i * 260;
    const ly = HEIGHT - 18;
    out.push(`<line x1="${lx}" y1="${ly - 4}" x2="${lx + 24}" y2="${ly - 4}" stroke="${series.color}" stroke-width="2.5"/>`);
    out.push(`<text x="${lx + 30}" y="${ly}">${escape(series.name)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
