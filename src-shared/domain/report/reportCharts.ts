import { lineChartSvg, type ChartSeries } from './lineChartSvg.js';
import { bytesText, rateText } from './formatQuantities.js';
import type { Report, ReportStep } from './Report.js';

// The report's three charts: generation speed, prompt speed and peak memory against context,
// one line per flash attention setting, failed steps as crosses on the axis.

const ON = '#2f7fd8';
const OFF = '#d9951f';
const SIZE = { width: 640, height: 280 };

export function reportCharts(report: Report): { id: string; svg: string }[] {
  const steps = report.probe.steps;
  const failures = steps.filter((s) => s.outcome !== 'ok').map((s) => ({ x: s.contextSize, title: `step ${s.id}: ${s.contextSize} tokens, flash attention ${s.flashAttention ? 'on' : 'off'}: ${s.outcome}${s.failure ? ` (${s.failure})` : ''}` }));
  return [
    { id: 'generation', svg: lineChartSvg({ ...SIZE, title: 'Generation speed', xLabel: 'context (tokens)', yLabel: 'tokens/s', series: bySetting(steps, (s) => s.generationTokensPerSecond, (v) => `${rateText(v)} tok/s generation`), failures }) },
    { id: 'prompt', svg: lineChartSvg({ ...SIZE, title: 'Prompt processing speed', xLabel: 'context (tokens)', yLabel: 'tokens/s', series: bySetting(steps, (s) => s.promptTokensPerSecond, (v) => `${rateText(v)} tok/s prompt`), failures }) },
    memoryChart(steps, failures),
  ];
}

function memoryChart(steps: ReportStep[], failures: { x: number; title: string }[]): { id: string; svg: string } {
  const series = memorySeries(steps);
  const peak = Math.max(0, ...series.flatMap((s) => s.points.map((p) => p.y)));
  const [unit, size] = peak >= 1024 ** 3 ? ['GiB', 1024 ** 3] : ['MiB', 1024 ** 2];
  return {
    id: 'memory',
    svg: lineChartSvg({ ...SIZE, title: 'Peak memory', xLabel: 'context (tokens)', yLabel: unit, series, failures, formatY: (v) => String(Number((v / size).toFixed(1))) }),
  };
}

function bySetting(steps: ReportStep[], value: (s: ReportStep) => number | null, describe: (v: number) => string): ChartSeries[] {
  return [true, false].map((fa) => ({
    name: `flash attention ${fa ? 'on' : 'off'}`,
    color: fa ? ON : OFF,
    points: steps
      .filter((s) => s.outcome === 'ok' && s.flashAttention === fa && value(s) !== null)
      .map((s) => ({ x: s.contextSize, y: value(s)!, title: `step ${s.id}: ${s.contextSize} tokens, ${describe(value(s)!)} (measured)` })),
  }));
}

function memorySeries(steps: ReportStep[]): ChartSeries[] {
  const ok = steps.filter((s) => s.outcome === 'ok');
  const series: ChartSeries[] = [];
  for (const fa of [true, false]) {
    const mine = ok.filter((s) => s.flashAttention === fa);
    const line = (name: string, color: string, pick: (s: ReportStep) => number | null) => ({
      name: `${name}, FA ${fa ? 'on' : 'off'}`,
      color,
      points: mine.filter((s) => pick(s) !== null).map((s) => ({ x: s.contextSize, y: pick(s)!, title: `step ${s.id}: ${s.contextSize} tokens, ${name} ${bytesText(pick(s))} (measured)` })),
    });
    series.push(line('peak RSS', fa ? ON : OFF, (s) => s.peakRssBytes));
    if (mine.some((s) => s.vramPeakBytes !== null && s.vramPeakBytes > 0)) series.push(line('VRAM', fa ? '#7f8cff' : '#c0834a', (s) => s.vramPeakBytes));
  }
  return series;
}
