// A small line chart as a self-contained SVG string: the report's charts must be inline, with no
// script and no network, and must read the same in a browser, a mail client and a PDF printer.

export interface ChartPoint {
  x: number;
  y: number;
  /** Tooltip (the SVG <title>): what the point is and where it comes from. */
  title: string;
}

export interface ChartSeries {
  name: string;
  color: string;
  points: ChartPoint[];
}

/** A failed configuration, drawn as a cross on the x axis. */
export interface ChartFailure {
  x: number;
  title: string;
}

export interface LineChartSpec {
  title: string;
  width: number;
  height: number;
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  failures?: ChartFailure[];
  /** Formats the y ticks. Defaults to a short number. */
  formatY?: (value: number) => string;
}

const PAD = { left: 64, right: 16, top: 34, bottom: 58 };
const FAIL_COLOR = '#d64545';

/** The chart as one `<svg>` element; x is logarithmic (contexts grow by doubling). */
export function lineChartSvg(spec: LineChartSpec): string {
  const { width, height } = spec;
  const points = spec.series.flatMap((s) => s.points);
  const failures = spec.failures ?? [];
  const head = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(spec.title)}" font-family="system-ui, sans-serif" font-size="11">`;
  const title = `<title>${esc(spec.title)}</title><text x="${PAD.left}" y="18" font-size="13" font-weight="600" fill="currentColor">${esc(spec.title)}</text>`;
  if (points.length === 0 && failures.length === 0) {
    return `${head}${title}<text x="${width / 2}" y="${height / 2}" text-anchor="middle" fill="#888">No data to chart</text></svg>`;
  }
  const xs = [...points.map((p) => p.x), ...failures.map((f) => f.x)].filter((x) => x > 0);
  let [minX, maxX] = [Math.min(...xs), Math.max(...xs)];
  if (minX === maxX) [minX, maxX] = [minX / 2, maxX * 2];
  const maxY = niceCeiling(Math.max(0, ...points.map((p) => p.y)));
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const sx = (x: number) => PAD.left + (plotW * (Math.log2(x) - Math.log2(minX))) / (Math.log2(maxX) - Math.log2(minX));
  const sy = (y: number) => PAD.top + plotH - (plotH * y) / maxY;
  const formatY = spec.formatY ?? shortNumber;
  const parts = [head, title, yAxis(maxY, sy, formatY, width), xAxis(minX, maxX, sx, height), axisLabels(spec, width, height)];
  for (const s of spec.series) parts.push(seriesSvg(s, sx, sy));
  for (const f of failures) parts.push(failureSvg(f, sx(f.x), PAD.top + plotH));
  parts.push(legend(spec.series, failures.length > 0, width));
  parts.push('</svg>');
  return parts.join('');
}

function yAxis(maxY: number, sy: (y: number) => number, format: (v: number) => string, width: number): string {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * maxY);
  return ticks
    .map((t) => `<line x1="${PAD.left}" x2="${width - PAD.right}" y1="${r(sy(t))}" y2="${r(sy(t))}" stroke="#8884" stroke-width="1"/><text x="${PAD.left - 6}" y="${r(sy(t) + 4)}" text-anchor="end" fill="currentColor">${esc(format(t))}</text>`)
    .join('');
}

function xAxis(minX: number, maxX: number, sx: (x: number) => number, height: number): string {
  const ticks: number[] = [];
  for (let t = 2 ** Math.ceil(Math.log2(minX)); t <= maxX * 1.0001; t *= 2) ticks.push(t);
  const every = Math.max(1, Math.ceil(ticks.length / 8));
  const y = height - PAD.bottom;
  return ticks
    .filter((_, i) => i % every === 0)
    .map((t) => `<line x1="${r(sx(t))}" x2="${r(sx(t))}" y1="${y}" y2="${y + 4}" stroke="currentColor"/><text x="${r(sx(t))}" y="${y + 16}" text-anchor="middle" fill="currentColor">${esc(tokens(t))}</text>`)
    .join('');
}

function axisLabels(spec: LineChartSpec, width: number, height: number): string {
  const midY = PAD.top + (height - PAD.top - PAD.bottom) / 2;
  return `<text x="${PAD.left + (width - PAD.left - PAD.right) / 2}" y="${height - 28}" text-anchor="middle" fill="currentColor">${esc(spec.xLabel)}</text><text transform="translate(14 ${r(midY)}) rotate(-90)" text-anchor="middle" fill="currentColor">${esc(spec.yLabel)}</text>`;
}

function seriesSvg(series: ChartSeries, sx: (x: number) => number, sy: (y: number) => number): string {
  const sorted = [...series.points].sort((a, b) => a.x - b.x);
  if (sorted.length === 0) return '';
  const path = sorted.map((p) => `${r(sx(p.x))},${r(sy(p.y))}`).join(' ');
  const dots = sorted.map((p) => `<circle cx="${r(sx(p.x))}" cy="${r(sy(p.y))}" r="3.5" fill="${series.color}"><title>${esc(p.title)}</title></circle>`).join('');
  return `<g><polyline points="${path}" fill="none" stroke="${series.color}" stroke-width="2"/>${dots}</g>`;
}

function failureSvg(failure: ChartFailure, x: number, y: number): string {
  const d = 4;
  return `<g stroke="${FAIL_COLOR}" stroke-width="2"><title>${esc(failure.title)}</title><line x1="${r(x - d)}" y1="${r(y - d)}" x2="${r(x + d)}" y2="${r(y + d)}"/><line x1="${r(x - d)}" y1="${r(y + d)}" x2="${r(x + d)}" y2="${r(y - d)}"/></g>`;
}

function legend(series: ChartSeries[], withFailures: boolean, width: number): string {
  const items = [...series.filter((s) => s.points.length > 0).map((s) => ({ name: s.name, color: s.color })), ...(withFailures ? [{ name: 'failed', color: FAIL_COLOR }] : [])];
  let x = width - PAD.right;
  return items
    .reverse()
    .map((item) => {
      x -= item.name.length * 6 + 22;
      return `<rect x="${r(x)}" y="9" width="10" height="10" rx="2" fill="${item.color}"/><text x="${r(x + 14)}" y="18" fill="currentColor">${esc(item.name)}</text>`;
    })
    .join('');
}

/** The top of the y axis: four ticks of a round step (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10ⁿ) that reach the value. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const quarter = value / 4;
  const magnitude = 10 ** Math.floor(Math.log10(quarter));
  const step = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((m) => m * magnitude >= quarter) ?? 10;
  return 4 * step * magnitude;
}

/** 4096 → "4k", 1536 → "1.5k", 300 → "300". */
export function tokens(value: number): string {
  if (value < 1024) return String(Math.round(value));
  const k = value / 1024;
  return `${Number.isInteger(k) ? k : k.toFixed(1)}k`;
}

function shortNumber(value: number): string {
  if (value >= 1000) return `${Number((value / 1000).toFixed(2))}k`;
  return String(Number(value.toFixed(2)));
}

function r(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}

/** Escapes text for SVG/HTML content and attributes. */
export function esc(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}
