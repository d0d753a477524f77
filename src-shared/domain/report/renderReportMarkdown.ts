import type { RenderedRecipe, SettingKey } from '../../contract/recipe.js';
import { describeSource } from './describeSource.js';
import { bytesText, msText, rateText } from './formatQuantities.js';
import type { Report } from './Report.js';
import { SETTING_LABELS, settingText, verdictLines } from './reportSummary.js';

/** The report as Markdown (GitHub flavour: tables and fenced code), for issues and chats. */
export function renderReportMarkdown(report: Report): string {
  return [
    `# ${report.title}`,
    '',
    `Generated ${report.generatedAt} by Headroom ${report.headroomVersion}.${report.redacted ? ' Home folders are shown as `~` and secrets as `[redacted]`.' : ''}`,
    '',
    ...verdictLines(report).map((l) => `- ${l}`),
    '',
    ...machineSection(report),
    ...modelSection(report),
    ...probeSection(report),
    ...diagnosisSection(report),
    ...recipeSection(report),
  ].join('\n');
}

function table(head: string[], rows: string[][]): string[] {
  const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
  return [`| ${head.map(cell).join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`), ''];
}

function fence(text: string, language = ''): string[] {
  const ticks = text.includes('```') ? '````' : '```';
  return [`${ticks}${language}`, text.trimEnd(), ticks, ''];
}

function machineSection(report: Report): string[] {
  const m = report.machine;
  if (!m) return ['## Machine', '', 'Not recorded.', ''];
  return [
    '## Machine',
    '',
    ...table(['', ''], [
      ['CPU', `${m.cpu.model} (${m.cpu.cores} usable cores)`],
      ['RAM', `${bytesText(m.memory.totalBytes)} (${bytesText(m.memory.availableBytes)} available when the report was written)`],
      ...m.gpus.map((g) => ['GPU', `${g.name}: ${bytesText(g.vramTotalBytes)} VRAM, backends ${g.backends.join(', ') || 'none'}`]),
      ...(m.gpus.length === 0 ? [['GPU', 'none']] : []),
      ['OS', `${m.os.distro} ${m.os.release} (${m.os.platform}/${m.os.arch})`],
      ['Runtime', `node-llama-cpp ${m.runtime.nodeLlamaCpp}, llama.cpp ${m.runtime.llamaCpp}`],
    ]),
  ];
}

function modelSection(report: Report): string[] {
  const { model } = report;
  const g = model.geometry;
  const rows: string[][] = [
    ['File', model.path],
    ['Size', bytesText(model.sizeBytes)],
    ['Architecture', model.architecture ?? g?.architecture ?? 'unknown'],
    ['Layers', String(model.layerCount ?? g?.layers ?? 'unknown')],
    ['Trained context', String(model.trainedContext ?? 'unknown')],
  ];
  if (g) {
    rows.push(['Attention heads (query / KV)', `${String(g.heads)} / ${String(g.kvHeads)}`], ['Head size (K / V)', `${String(g.keyLength)} / ${String(g.valueLength)}`], ['Embedding', String(g.embeddingLength)]);
    if (g.slidingWindow) rows.push(['Sliding window', `${g.slidingWindow} tokens`]);
  }
  return ['## Model', '', ...table(['', ''], rows)];
}

function probeSection(report: Report): string[] {
  const p = report.probe;
  const budget = p.budget ? `, under a memory budget (${p.budget.mechanism}${p.budget.ramBytes !== null ? `, RAM ${bytesText(p.budget.ramBytes)}` : ''}${p.budget.vramBytes !== null ? `, VRAM ${bytesText(p.budget.vramBytes)}` : ''})` : '';
  return [
    '## Probe',
    '',
    `Probe \`${p.id}\` (${p.mode}, ${p.status ?? 'status unknown'}), started ${p.createdAt}${budget}.`,
    '',
    ...table(
      ['Step', 'Context', 'Flash attention', 'K / V', 'GPU layers', 'Batch', 'Threads', 'Outcome', 'Prompt tok/s', 'Generation tok/s', 'First token', 'Peak RSS', 'Peak VRAM', 'KV buffer'],
      p.steps.map((s) => [
        s.id, String(s.contextSize), s.flashAttention ? 'on' : 'off', `${s.typeK} / ${s.typeV}`, String(s.gpuLayers), String(s.batchSize), String(s.threads),
        s.outcome === 'ok' ? 'ok' : `**${s.outcome}**`, rateText(s.promptTokensPerSecond), rateText(s.generationTokensPerSecond), msText(s.timeToFirstTokenMs),
        bytesText(s.peakRssBytes), bytesText(s.vramPeakBytes), bytesText(s.kvBytes),
      ]),
    ),
  ];
}

function diagnosisSection(report: Report): string[] {
  if (report.diagnoses.length === 0) return [];
  return [
    '## Diagnoses',
    '',
    ...report.diagnoses.flatMap((d) => [
      `### ${d.title} (step ${d.stepId})`,
      '',
      d.detail,
      '',
      ...(d.evidence.length > 0 ? fence(d.evidence.join('\n'), 'text') : []),
      ...d.fixes.map((f) => `- ${f}`),
      ...(d.fixes.length > 0 ? [''] : []),
    ]),
  ];
}

function recipeSection(report: Report): string[] {
  const recipe = report.recipe;
  if (!recipe) return ['## Recipe', '', report.recipeRefusal ? `No recipe: ${report.recipeRefusal.message}\n\n${report.recipeRefusal.hint}` : 'No recipe.', ''];
  const keys = Object.keys(SETTING_LABELS) as SettingKey[];
  return [
    '## Recipe',
    '',
    ...table(['Setting', 'Value', 'Source'], keys.filter((k) => recipe.settings[k] !== undefined).map((k) => [SETTING_LABELS[k], settingText(k, recipe.settings), describeSource(recipe.sources[k])])),
    ...recipe.warnings.map((w) => `> **${w.message}** ${w.hint}`),
    ...(recipe.warnings.length > 0 ? [''] : []),
    ...(recipe.suggestions.length > 0 ? ['To fit more context (not verified; probe before relying on them):', '', ...recipe.suggestions.map((s) => `- **${s.title}**: ${s.why}`), ''] : []),
    ...report.rendered.flatMap(runtimeSection),
  ];
}

function runtimeSection(r: RenderedRecipe): string[] {
  return [
    `### ${r.runtime}`,
    '',
    ...r.files.flatMap((f) => [`\`${f.name}\``, '', ...fence(f.content, f.language)]),
    ...(r.commands.length > 0 ? fence(r.commands.join('\n'), 'sh') : []),
    ...r.warnings.map((w) => `> ⚠ ${w}`),
    ...(r.warnings.length > 0 ? [''] : []),
    ...r.notes.map((n) => `- ${n}`),
    '',
  ];
}
