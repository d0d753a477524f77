import type { RenderedRecipe, SettingKey } from '../../contract/recipe.js';
import { annotateNumbers } from '../recipe/annotateNumbers.js';
import { describeSource, sourceBadge } from './describeSource.js';
import { bytesText, msText, rateText } from './formatQuantities.js';
import { esc } from './lineChartSvg.js';
import type { Report } from './Report.js';
import { reportCharts } from './reportCharts.js';
import { REPORT_CSS } from './reportStyles.js';
import { SETTING_LABELS, settingText, verdictLines } from './reportSummary.js';

// One self-contained HTML file: inline CSS and SVG, no script, and a CSP that forbids every fetch,
// so opening it (or mailing it) loads nothing from anywhere.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export function renderReportHtml(report: Report): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    '<link rel="icon" href="data:,">',
    `<title>${esc(report.title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    `<h1>${esc(report.title)}</h1>`,
    `<p class="muted">Generated ${esc(report.generatedAt)} by Headroom ${esc(report.headroomVersion)}.${report.redacted ? ' Home folders are shown as <code>~</code> and secrets as <code>[redacted]</code>.' : ''}</p>`,
    `<ul class="verdict">${verdictLines(report).map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`,
    machineHtml(report),
    modelHtml(report),
    probeHtml(report),
    diagnosesHtml(report),
    recipeHtml(report),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function rowsTable(rows: [string, string][]): string {
  return `<table>${rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`;
}

function machineHtml(report: Report): string {
  const m = report.machine;
  if (!m) return '<h2>Machine</h2><p class="muted">Not recorded.</p>';
  return `<h2>Machine</h2>${rowsTable([
    ['CPU', `${m.cpu.model} (${m.cpu.cores} usable cores)`],
    ['RAM', `${bytesText(m.memory.totalBytes)} (${bytesText(m.memory.availableBytes)} available when the report was written)`],
    ...(m.gpus.length === 0 ? [['GPU', 'none'] as [string, string]] : m.gpus.map((g): [string, string] => ['GPU', `${g.name}: ${bytesText(g.vramTotalBytes)} VRAM, backends ${g.backends.join(', ') || 'none'}`])),
    ['OS', `${m.os.distro} ${m.os.release} (${m.os.platform}/${m.os.arch})`],
    ['Runtime', `node-llama-cpp ${m.runtime.nodeLlamaCpp}, llama.cpp ${m.runtime.llamaCpp}`],
  ])}`;
}

function modelHtml(report: Report): string {
  const { model } = report;
  const g = model.geometry;
  const rows: [string, string][] = [
    ['File', model.path],
    ['Size', bytesText(model.sizeBytes)],
    ['Architecture', model.architecture ?? g?.architecture ?? 'unknown'],
    ['Layers', String(model.layerCount ?? g?.layers ?? 'unknown')],
    ['Trained context', String(model.trainedContext ?? 'unknown')],
  ];
  if (g) rows.push(['Attention heads (query / KV)', `${String(g.heads)} / ${String(g.kvHeads)}`], ['Head size (K / V)', `${String(g.keyLength)} / ${String(g.valueLength)}`], ['Embedding', String(g.embeddingLength)]);
  return `<h2>Model</h2>${rowsTable(rows)}`;
}

function probeHtml(report: Report): string {
  const p = report.probe;
  const head = ['Step', 'Context', 'Flash attention', 'K / V', 'GPU layers', 'Batch', 'Threads', 'Outcome', 'Prompt tok/s', 'Generation tok/s', 'First token', 'Peak RSS', 'Peak VRAM', 'KV buffer'];
  const rows = p.steps.map((s) => {
    const outcome = s.outcome === 'ok' ? '<span class="good">ok</span>' : `<span class="bad" title="${esc(s.failure ?? s.outcome)}">${esc(s.outcome)}</span>`;
    const cells = [s.id, String(s.contextSize), s.flashAttention ? 'on' : 'off', `${s.typeK} / ${s.typeV}`, String(s.gpuLayers), String(s.batchSize), String(s.threads)].map(esc);
    const tail = [rateText(s.promptTokensPerSecond), rateText(s.generationTokensPerSecond), msText(s.timeToFirstTokenMs), bytesText(s.peakRssBytes), bytesText(s.vramPeakBytes), bytesText(s.kvBytes)].map(esc);
    return `<tr>${[...cells, outcome, ...tail].map((c) => `<td>${c}</td>`).join('')}</tr>`;
  });
  const budget = p.budget ? `, under a memory budget (${esc(p.budget.mechanism)})` : '';
  return [
    '<h2>Probe</h2>',
    `<p>Probe <code>${esc(p.id)}</code> (${esc(p.mode)}, ${esc(p.status ?? 'status unknown')}), started ${esc(p.createdAt)}${budget}.</p>`,
    `<div class="charts">${reportCharts(report).map((c) => `<figure data-chart="${c.id}">${c.svg}</figure>`).join('')}</div>`,
    `<div class="scroll"><table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`,
  ].join('');
}

function diagnosesHtml(report: Report): string {
  if (report.diagnoses.length === 0) return '';
  return `<h2>Diagnoses</h2>${report.diagnoses
    .map((d) => `<h3>${esc(d.title)} <span class="muted">(step ${esc(d.stepId)})</span></h3><p>${esc(d.detail)}</p>${d.evidence.length > 0 ? `<pre>${esc(d.evidence.join('\n'))}</pre>` : ''}${d.fixes.length > 0 ? `<ul>${d.fixes.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>` : ''}`)
    .join('')}`;
}

function recipeHtml(report: Report): string {
  const recipe = report.recipe;
  if (!recipe) {
    const refusal = report.recipeRefusal;
    return `<h2>Recipe</h2>${refusal ? `<p class="bad">No recipe: ${esc(refusal.message)}</p><p>${esc(refusal.hint)}</p>` : '<p>No recipe.</p>'}`;
  }
  const keys = (Object.keys(SETTING_LABELS) as SettingKey[]).filter((k) => recipe.settings[k] !== undefined);
  const rows = keys.map((k) => {
    const source = recipe.sources[k];
    return `<tr><th scope="row">${esc(SETTING_LABELS[k])}</th><td><span class="src" title="${esc(describeSource(source))}" data-setting="${k}">${esc(settingText(k, recipe.settings))}</span></td><td><span class="badge ${sourceBadge(source)}">${sourceBadge(source)}</span> ${esc(describeSource(source))}</td></tr>`;
  });
  return [
    '<h2>Recipe</h2>',
    `<table><thead><tr><th>Setting</th><th>Value</th><th>Source</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    ...recipe.warnings.map((w) => `<p class="warning"><strong>${esc(w.message)}</strong> ${esc(w.hint)}</p>`),
    recipe.suggestions.length > 0 ? `<p>To fit more context (not verified; probe before relying on them):</p><ul>${recipe.suggestions.map((s) => `<li><strong>${esc(s.title)}</strong>: ${esc(s.why)}</li>`).join('')}</ul>` : '',
    ...report.rendered.map((r) => runtimeHtml(r, report)),
  ].join('');
}

function runtimeHtml(r: RenderedRecipe, report: Report): string {
  const code = (text: string) => `<pre><code>${annotateNumbers(text, r.values).map((seg) => (seg.value ? `<span class="src" title="${esc(valueTitle(seg.value, report))}">${esc(seg.text)}</span>` : esc(seg.text))).join('')}</code></pre>`;
  return [
    `<details open data-runtime="${esc(r.runtime)}"><summary>${esc(r.runtime)}</summary>`,
    ...r.files.map((f) => `<p><code>${esc(f.name)}</code></p>${code(f.content)}`),
    r.commands.length > 0 ? code(r.commands.join('\n')) : '',
    ...r.warnings.map((w) => `<p class="warning">${esc(w)}</p>`),
    r.notes.length > 0 ? `<ul class="muted">${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '',
    '</details>',
  ].join('');
}

function valueTitle(value: RenderedRecipe['values'][number], report: Report): string {
  if (value.keys.length === 0) return value.note || 'fixed by Headroom';
  const sources = value.keys.map((k) => `${SETTING_LABELS[k]}: ${describeSource(report.recipe?.sources[k])}`);
  return [value.note, ...sources].filter(Boolean).join(' — ');
}
