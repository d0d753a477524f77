import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProbeRecordSchema, type StepResult } from '../../src-shared/contract/probe';
import { buildRecipeFromProbe } from '../../src-shared/domain/recipe/buildRecipeFromProbe';
import { recipeModelFromProbe } from '../../src-shared/domain/recipe/recipeModel';
import { renderRecipe, RUNTIME_ORDER } from '../../src-shared/domain/recipe/renderRecipe';
import { buildReport } from '../../src-shared/domain/report/buildReport';
import { lineChartSvg, niceCeiling, tokens } from '../../src-shared/domain/report/lineChartSvg';
import { redactDeep } from '../../src-shared/domain/report/redact';
import { ReportSchema } from '../../src-shared/domain/report/Report';
import { renderReportHtml } from '../../src-shared/domain/report/renderReportHtml';
import { renderReportMarkdown } from '../../src-shared/domain/report/renderReportMarkdown';
import { ROOT } from '../support/paths';

function probe(file: string) {
  const records = readFileSync(join(ROOT, 'tests', 'fixtures', 'probes', file), 'utf8').trim().split('\n').map((l) => ProbeRecordSchema.parse(JSON.parse(l)));
  const header = records.find((r) => r.type === 'header')!;
  const steps = records.flatMap((r) => (r.type === 'step' ? [(({ type: _t, ...s }) => s as StepResult)(r)] : []));
  return { header: header as Extract<typeof header, { type: 'header' }>, steps };
}

function reportOf(file: string) {
  const { header, steps } = probe(file);
  const model = recipeModelFromProbe(header.model, null);
  const recipe = buildRecipeFromProbe({ header, steps, model });
  return buildReport({
    probe: { header, steps, status: 'done' },
    model,
    geometry: null,
    machine: null,
    recipe,
    recipeRefusal: null,
    rendered: RUNTIME_ORDER.map((r) => renderRecipe(recipe, r)),
    generatedAt: '2026-11-26T00:00:00.000Z',
    headroomVersion: '0.1.0',
  });
}

describe('report rendering', () => {
  const report = reportOf('findmax-cgroup-oom.jsonl');

  it('builds a report that validates, with the maxima per flash attention setting', () => {
    expect(ReportSchema.parse(report)).toBeTruthy();
    expect(report.maxContext).toEqual({ flashAttentionOn: null, flashAttentionOff: { contextSize: 8960, stepId: '20261126T024607-c8115b-1' } });
    expect(report.diagnoses.map((d) => d.stepId)).toEqual(['20261126T024607-c8115b-2']);
  });

  it('Markdown: the verdict, the probe table with the failure, and every runtime as code', () => {
    const md = renderReportMarkdown(report);
    expect(md).toContain('- Largest context that ran with flash attention off: 8960 tokens (step 20261126T024607-c8115b-1).');
    expect(md).toMatch(/^\| 20261126T024607-c8115b-2 \| 9472 \| off \| f16 \/ f16 \| auto \| 512 \| 2 \| \*\*oom\*\* \|/m);
    for (const runtime of RUNTIME_ORDER) expect(md).toContain(`### ${runtime}`);
    expect(md).toContain('```sh\nllama-server -m /tmp/hr-models/wide-kv.gguf -c 8960 -np 1');
  });

  it('HTML: no script, a CSP that forbids every fetch, and escaped text', () => {
    const html = renderReportHtml({ ...report, title: 'Report <script>alert(1)</script>' });
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"`);
    expect(html.match(/<svg /g)).toHaveLength(3);
  });

  it('redaction reaches every string of the report', () => {
    const withHome = { ...report, model: { ...report.model, path: '/home/alice/models/x.gguf' } };
    const redacted = redactDeep(withHome, ['/home/alice']);
    expect(JSON.stringify(redacted)).not.toContain('alice');
    expect(redacted.model.path).toBe('~/models/x.gguf');
  });
});

describe('lineChartSvg', () => {
  it('draws points on a log2 context axis, with tooltips, failures and a legend', () => {
    const svg = lineChartSvg({
      title: 'Speed',
      width: 400,
      height: 200,
      xLabel: 'context',
      yLabel: 'tok/s',
      series: [{ name: 'FA on', color: '#00f', points: [{ x: 512, y: 10, title: 'a' }, { x: 2048, y: 5, title: 'b & <c>' }] }],
      failures: [{ x: 4096, title: 'oom' }],
    });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="400" height="200"/);
    expect(svg.match(/<circle /g)).toHaveLength(2);
    expect(svg).toContain('<title>b &amp; &lt;c&gt;</title>');
    expect(svg).toContain('<title>oom</title>');
    expect(svg).toContain('>512</text>');
    expect(svg).toContain('>4k</text>');
    expect(svg).toContain('>failed</text>');
  });

  it('says when there is nothing to draw', () => {
    expect(lineChartSvg({ title: 'x', width: 100, height: 100, xLabel: '', yLabel: '', series: [] })).toContain('No data to chart');
  });

  it('rounds axes to readable steps', () => {
    expect(niceCeiling(232)).toBe(240);
    expect(niceCeiling(19667)).toBe(20000);
    expect(niceCeiling(0.19)).toBe(0.2);
    expect(tokens(8960)).toBe('8.8k');
    expect(tokens(4096)).toBe('4k');
  });
});
