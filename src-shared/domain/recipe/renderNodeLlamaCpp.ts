import type { KvCacheType } from '../../contract/settings.js';
import type { Recipe, RenderedRecipe } from '../../contract/recipe.js';
import { valueLog, type ValueLog } from './valueLog.js';

// node-llama-cpp 3.22.1 option names, from its installed d.ts files: LlamaOptions (getLlama),
// LlamaModelOptions (loadModel) and LlamaContextOptions (createContext). contextSize is per
// sequence, and the addon sets n_ubatch = n_batch = batchSize.

export function renderNodeLlamaCpp(recipe: Recipe): RenderedRecipe {
  const log = valueLog();
  const warnings: string[] = [];
  const code = [
    'import {getLlama} from "node-llama-cpp";',
    '',
    `const llama = await getLlama(${objectLiteral(llamaOptions(recipe, log), 0)});`,
    `const model = await llama.loadModel(${objectLiteral(modelOptions(recipe, log), 0)});`,
    `const context = await model.createContext(${objectLiteral(contextOptions(recipe, log, warnings), 0)});`,
    'console.log(`context: ${context.contextSize} tokens`);',
    '',
  ].join('\n');
  return {
    runtime: 'node-llama-cpp',
    files: [{ name: 'loadModel.ts', content: code, language: 'typescript' }],
    commands: ['npm install node-llama-cpp@3.22.1', 'npx tsx loadModel.ts'],
    warnings,
    notes: [
      'Option names of node-llama-cpp 3.22.1. contextSize is per sequence: createContext reserves contextSize × sequences cells.',
      'The K/V cache type options carry the experimental prefix in this version (experimentalKvCacheKeyType / experimentalKvCacheValueType); there is no un-prefixed option.',
      'node-llama-cpp uses batchSize as both the logical and the physical batch.',
    ],
    values: log.values,
  };
}

type Literal = string | number | boolean | { [key: string]: Literal };

function llamaOptions(recipe: Recipe, log: ValueLog): Record<string, Literal> {
  const options: Record<string, Literal> = {};
  const backend = recipe.machine?.backend;
  if (backend === 'cpu') options.gpu = false;
  else if (backend === 'cuda' || backend === 'vulkan' || backend === 'metal') options.gpu = backend;
  const margin = recipe.settings.memoryMarginBytes;
  if (margin !== undefined && backend !== undefined && backend !== 'cpu') options.vramPadding = Number(log.add(margin, ['memoryMarginBytes'], 'bytes of VRAM left free'));
  return options;
}

function modelOptions(recipe: Recipe, log: ValueLog): Record<string, Literal> {
  const { gpuLayers } = recipe.settings;
  const options: Record<string, Literal> = { modelPath: recipe.model.path };
  if (gpuLayers === 'all') options.gpuLayers = 'max';
  else if (gpuLayers === 'auto') options.gpuLayers = 'auto';
  else if (gpuLayers !== undefined) options.gpuLayers = Number(log.add(gpuLayers, ['gpuLayers']));
  return options;
}

function contextOptions(recipe: Recipe, log: ValueLog, warnings: string[]): Record<string, Literal> {
  const s = recipe.settings;
  const options: Record<string, Literal> = { contextSize: Number(log.add(s.contextSize, ['contextSize'])) };
  if (s.parallel !== undefined) options.sequences = Number(log.add(s.parallel, ['parallel']));
  const batch = s.ubatchSize ?? s.batchSize;
  if (batch !== undefined) options.batchSize = Number(log.add(batch, s.ubatchSize === undefined ? ['batchSize'] : ['ubatchSize']));
  if (s.batchSize !== undefined && s.ubatchSize !== undefined && s.batchSize !== s.ubatchSize) {
    warnings.push(`node-llama-cpp uses one batch size for the logical and physical batch; the recipe has ${s.batchSize} and ${s.ubatchSize}, so batchSize is ${s.ubatchSize} (the physical batch sizes the compute buffer).`);
  }
  if (s.flashAttention !== undefined) options.flashAttention = s.flashAttention;
  if (s.threads !== undefined) options.threads = Number(log.add(s.threads, ['threads']));
  if (s.typeK !== undefined) options.experimentalKvCacheKeyType = ggmlTypeName(s.typeK);
  if (s.typeV !== undefined) options.experimentalKvCacheValueType = ggmlTypeName(s.typeV);
  return options;
}

/** `q8_0` → `Q8_0`: the key of node-llama-cpp's GgmlType enum. */
function ggmlTypeName(type: KvCacheType): string {
  return type.toUpperCase();
}

function objectLiteral(value: Record<string, Literal>, depth: number): string {
  const entries = Object.entries(value);
  if (entries.length === 0) return depth === 0 ? '' : '{}';
  const pad = '    '.repeat(depth + 1);
  const lines = entries.map(([k, v]) => `${pad}${k}: ${typeof v === 'object' ? objectLiteral(v, depth + 1) : JSON.stringify(v)}`);
  return `{\n${lines.join(',\n')}\n${'    '.repeat(depth)}}`;
}
