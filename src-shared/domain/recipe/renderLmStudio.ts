import type { Recipe, RenderedRecipe } from '../../contract/recipe.js';
import { isQuantizedKv } from './kvTypes.js';
import { shellLine } from './shellQuote.js';
import { valueLog, type ValueLog } from './valueLog.js';

// LM Studio: `lms load` (lmstudio-ai/lms src/subcommands/load.ts @07b7252) takes the context length,
// a GPU offload *ratio* (0..1, off, max) and --parallel; everything else is a load setting named as
// in its UI (lmstudio-ai/localization en/config.json) or a key of the SDK's LLMLoadModelConfig
// (lmstudio-js packages/lms-shared-types/src/llm/LLMLoadModelConfig.ts).

const LMSTUDIO_MODEL_DIRS = [/[/\\]\.lmstudio[/\\]models[/\\](.+)$/, /[/\\]\.cache[/\\]lm-studio[/\\]models[/\\](.+)$/];

export function renderLmStudio(recipe: Recipe): RenderedRecipe {
  const log = valueLog();
  const s = recipe.settings;
  const warnings: string[] = [];
  const key = modelKey(recipe);
  const gpu = gpuOption(recipe, log, warnings);
  const load = [
    'lms', 'load', key.key, '--exact', '-y',
    '--context-length', log.add(s.contextSize, ['contextSize']),
    ...(gpu === undefined ? [] : ['--gpu', gpu]),
    ...(s.parallel === undefined ? [] : ['--parallel', log.add(s.parallel, ['parallel'])]),
    '--identifier', key.identifier,
  ];
  const ui = uiSettings(recipe, log);
  const unsupported = ui.filter((row) => row.cliFlag === null).map((row) => row.title);
  if (unsupported.length > 0) warnings.push(`lms load has no flag for ${unsupported.join(', ')}: set ${unsupported.length > 1 ? 'them' : 'it'} in LM Studio (My Models → the model's ⚙ default load settings) as listed in lmstudio-settings.md, or pass lmstudio-load-config.json to the SDK.`);
  if (isQuantizedKv(s.typeV) && s.flashAttention !== true) warnings.push(`LM Studio's V Cache Quantization (${s.typeV}) requires Flash Attention to be enabled.`);
  return {
    runtime: 'lmstudio',
    files: [
      { name: 'lmstudio-settings.md', content: settingsTable(recipe, ui), language: 'markdown' },
      { name: 'lmstudio-load-config.json', content: `${JSON.stringify(sdkConfig(recipe, gpu), null, 2)}\n`, language: 'json' },
    ],
    commands: [...(key.importCommand ? [key.importCommand] : []), shellLine(load)],
    warnings,
    notes: [
      'lms load --gpu takes a ratio of the model\'s layers (0 to 1, "off" or "max"), not a layer count; LM Studio turns it back into layers.',
      'LM Studio\'s default Context Length is 2048 and its GPU Offload defaults to "max": the lms load line sets what the recipe has, for this load only; the ⚙ defaults keep them for later loads.',
      'lmstudio-load-config.json uses the SDK\'s LLMLoadModelConfig names: pass it as `config` to client.llm.load(key, {config}).',
      ...(key.importCommand ? ['lms import --symbolic-link leaves the file where it is and links it into LM Studio\'s models folder (on Windows that may need an administrator shell; use --copy instead).'] : []),
    ],
    values: log.values,
  };
}

function modelKey(recipe: Recipe): { key: string; identifier: string; importCommand?: string } {
  const path = recipe.model.path;
  const identifier = `${recipe.model.name.toLowerCase().replace(/\.gguf$/, '').replace(/[^a-z0-9._-]+/g, '-') || 'model'}-headroom`;
  for (const pattern of LMSTUDIO_MODEL_DIRS) {
    const inside = pattern.exec(path)?.[1];
    if (inside) return { key: inside.replaceAll('\\', '/'), identifier };
  }
  const file = path.split(/[/\\]/).pop() ?? path;
  const repo = file.replace(/\.gguf$/i, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^\.+|\.+$/g, '') || 'model';
  return {
    key: `headroom/${repo}/${file}`,
    identifier,
    importCommand: shellLine(['lms', 'import', path, '--symbolic-link', '--user-repo', `headroom/${repo}`, '-y']),
  };
}

function gpuOption(recipe: Recipe, log: ValueLog, warnings: string[]): string | undefined {
  const { gpuLayers } = recipe.settings;
  const layers = recipe.model.layerCount;
  if (gpuLayers === undefined || gpuLayers === 'auto') return undefined;
  if (gpuLayers === 'all') return 'max';
  if (gpuLayers === 0) return 'off';
  if (layers === null) {
    warnings.push(`lms load --gpu takes a ratio and the model's layer count is unknown: set GPU Offload to ${gpuLayers} layers in the UI instead.`);
    return undefined;
  }
  if (gpuLayers >= layers) return 'max';
  // Round down: a larger ratio would put more on the GPU than was verified.
  const ratio = Math.floor((gpuLayers / layers) * 100) / 100;
  return log.add(String(ratio), ['gpuLayers'], `${gpuLayers} of ${layers} layers, rounded down`);
}

interface UiRow {
  title: string;
  value: string;
  cliFlag: string | null;
}

function uiSettings(recipe: Recipe, log: ValueLog): UiRow[] {
  const s = recipe.settings;
  const rows: UiRow[] = [{ title: 'Context Length', value: log.add(s.contextSize, ['contextSize']), cliFlag: '--context-length' }];
  if (s.gpuLayers !== undefined && s.gpuLayers !== 'auto') {
    const layers = recipe.model.layerCount;
    const value = s.gpuLayers === 'all' ? 'max (all layers)' : `${log.add(s.gpuLayers, ['gpuLayers'])}${layers === null ? ' layers' : ` / ${log.add(layers, [], "the model's layer count (GGUF metadata)")} layers`}`;
    rows.push({ title: 'GPU Offload', value, cliFlag: '--gpu' });
  }
  if (typeof s.flashAttention === 'boolean') rows.push({ title: 'Flash Attention', value: s.flashAttention ? 'On' : 'Off', cliFlag: null });
  if (s.typeK !== undefined) rows.push({ title: 'K Cache Quantization Type', value: s.typeK, cliFlag: null });
  if (s.typeV !== undefined) rows.push({ title: 'V Cache Quantization Type', value: s.typeV, cliFlag: null });
  const batch = s.batchSize ?? s.ubatchSize;
  if (batch !== undefined) rows.push({ title: 'Evaluation Batch Size', value: log.add(batch, s.batchSize === undefined ? ['ubatchSize'] : ['batchSize']), cliFlag: null });
  if (s.threads !== undefined) rows.push({ title: 'CPU Thread Pool Size', value: log.add(s.threads, ['threads']), cliFlag: null });
  if (s.parallel !== undefined) rows.push({ title: 'Max Concurrent Predictions', value: log.add(s.parallel, ['parallel']), cliFlag: '--parallel' });
  return rows;
}

function settingsTable(recipe: Recipe, rows: UiRow[]): string {
  return [
    `# LM Studio load settings for ${recipe.model.name}`,
    '',
    'Set these in LM Studio under My Models → the model\'s ⚙ (default load settings), or in the load panel before loading.',
    '',
    '| Setting (as named in LM Studio) | Value | lms load flag |',
    '|---|---|---|',
    ...rows.map((r) => `| ${r.title} | ${r.value} | ${r.cliFlag ?? '(none: set it in the UI)'} |`),
    '',
  ].join('\n');
}

function sdkConfig(recipe: Recipe, gpu: string | undefined): Record<string, unknown> {
  const s = recipe.settings;
  const config: Record<string, unknown> = { contextLength: s.contextSize };
  if (gpu !== undefined) config.gpu = { ratio: gpu === 'max' || gpu === 'off' ? gpu : Number(gpu) };
  if (typeof s.flashAttention === 'boolean') config.flashAttention = s.flashAttention;
  if (s.typeK !== undefined) config.llamaKCacheQuantizationType = s.typeK;
  if (s.typeV !== undefined) config.llamaVCacheQuantizationType = s.typeV;
  const batch = s.batchSize ?? s.ubatchSize;
  if (batch !== undefined) config.evalBatchSize = batch;
  if (s.parallel !== undefined) config.maxParallelPredictions = s.parallel;
  return config;
}
