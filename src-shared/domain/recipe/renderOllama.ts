import type { KvCacheType } from '../../contract/settings.js';
import type { Recipe, RenderedRecipe } from '../../contract/recipe.js';
import { isQuantizedKv, kvBytesPerElement } from './kvTypes.js';
import { shellLine } from './shellQuote.js';
import { valueLog, type ValueLog } from './valueLog.js';

// Ollama at fb30760 (v0.30+ runs the upstream llama-server): num_ctx is per request slot (the
// server passes -c num_ctx×OLLAMA_NUM_PARALLEL -np OLLAMA_NUM_PARALLEL), num_batch becomes both
// -b and -ub, and flash attention and the K/V cache type exist only as server-wide environment
// variables. Sources: api/types.go, llm/llama_server.go, envconfig/config.go, docs/faq.mdx.

/** The K/V cache types Ollama's FAQ lists for OLLAMA_KV_CACHE_TYPE. */
const OLLAMA_DOCUMENTED_KV_TYPES: KvCacheType[] = ['f16', 'q8_0', 'q4_0'];

export function renderOllama(recipe: Recipe): RenderedRecipe {
  const log = valueLog();
  const name = ollamaModelName(recipe);
  const options = runnerOptions(recipe, log);
  const env = serverEnv(recipe, log);
  const modelfile = [
    `# Modelfile written by Headroom for ${recipe.model.name}.`,
    '# Build it with: ollama create NAME -f Modelfile',
    `FROM ${fromPath(recipe.model.path)}`,
    ...options.entries.flatMap(([key, value, why]) => [`# ${why}`, `PARAMETER ${key} ${value}`]),
  ].join('\n');
  const request = { model: name, prompt: 'Why is the sky blue?', stream: false, options: Object.fromEntries(options.entries.map(([k, v]) => [k, Number(v)])) };
  const envLines = env.entries.map(([k, v]) => `${k}=${v}`);
  const commands = [
    ...(envLines.length > 0 ? [`${envLines.join(' ')} ollama serve`] : []),
    shellLine(['ollama', 'create', name, '-f', 'Modelfile']),
    shellLine(['ollama', 'run', name]),
    `curl http://localhost:${log.add(11434, [], 'Ollama default port')}/api/generate -d @ollama-request.json`,
  ];
  return {
    runtime: 'ollama',
    files: [
      { name: 'Modelfile', content: `${modelfile}\n`, language: 'dockerfile' },
      { name: 'ollama.env', content: `${envFile(env.entries, env.commented)}\n`, language: 'properties' },
      { name: 'ollama-request.json', content: `${JSON.stringify(request, null, 2)}\n`, language: 'json' },
    ],
    commands,
    warnings: [...options.warnings, ...env.warnings],
    notes: notes(recipe),
    values: log.values,
  };
}

/** A model name `ollama create` accepts: lower case letters, digits, `.`, `_` and `-`. */
export function ollamaModelName(recipe: Recipe): string {
  const slug = recipe.model.name.toLowerCase().replace(/\.gguf$/, '').replace(/[^a-z0-9._-]+/g, '-').replace(/^[-._]+|[-._]+$/g, '');
  return `${slug || 'model'}-headroom`;
}

/**
 * FROM takes a path absolute or relative to the Modelfile (or `~/…`). The parser keeps inner spaces
 * and strips one pair of surrounding double quotes (it has no escapes), so quote only for clarity.
 */
function fromPath(path: string): string {
  return /\s/.test(path) && !path.includes('"') ? `"${path}"` : path;
}

type Entry = [key: string, value: string, why: string];

function runnerOptions(recipe: Recipe, log: ValueLog): { entries: Entry[]; warnings: string[] } {
  const s = recipe.settings;
  const entries: Entry[] = [];
  const warnings: string[] = [];
  entries.push(['num_ctx', log.add(s.contextSize, ['contextSize']), 'context per request slot']);
  if (typeof s.gpuLayers === 'number') entries.push(['num_gpu', log.add(s.gpuLayers, ['gpuLayers']), s.gpuLayers === 0 ? 'no layer on the GPU (as verified)' : 'layers on the GPU']);
  if (s.gpuLayers === 'all') {
    const all = recipe.model.layerCount === null ? 999 : recipe.model.layerCount + 1;
    entries.push(['num_gpu', log.add(all, ['gpuLayers'], recipe.model.layerCount === null ? 'more than the model has: every layer' : 'every block plus the output layer'), 'every layer on the GPU']);
  }
  const batch = s.ubatchSize ?? s.batchSize;
  if (batch !== undefined) {
    entries.push(['num_batch', log.add(batch, s.ubatchSize === undefined ? ['batchSize'] : ['ubatchSize'], 'Ollama passes num_batch as both -b and -ub'), 'batch (Ollama uses it for -b and -ub)']);
    if (s.batchSize !== undefined && s.ubatchSize !== undefined && s.batchSize !== s.ubatchSize) {
      warnings.push(`Ollama sets the logical and physical batch to the same num_batch; the recipe has batch ${s.batchSize} and ubatch ${s.ubatchSize}, so num_batch is ${s.ubatchSize} (the ubatch sizes the compute buffer, so memory stays as verified).`);
    }
  }
  if (s.threads !== undefined) entries.push(['num_thread', log.add(s.threads, ['threads']), 'CPU threads']);
  return { entries, warnings };
}

interface Env {
  entries: [string, string][];
  /** Shown as comments: optional, or for a different use. */
  commented: [string, string, string][];
  warnings: string[];
}

function serverEnv(recipe: Recipe, log: ValueLog): Env {
  const s = recipe.settings;
  const env: Env = { entries: [], commented: [], warnings: [] };
  if (s.flashAttention === true) env.entries.push(['OLLAMA_FLASH_ATTENTION', log.add(1, ['flashAttention'], '1 = on')]);
  if (s.flashAttention === false) env.entries.push(['OLLAMA_FLASH_ATTENTION', log.add(0, ['flashAttention'], '0 = off')]);
  const kv = kvType(recipe, env.warnings);
  if (kv !== undefined) env.entries.push(['OLLAMA_KV_CACHE_TYPE', kv]);
  if (s.parallel !== undefined) env.entries.push(['OLLAMA_NUM_PARALLEL', log.add(s.parallel, ['parallel'])]);
  if (s.memoryMarginBytes !== undefined && s.memoryMarginBytes > 0) {
    env.entries.push(['OLLAMA_GPU_OVERHEAD', log.add(s.memoryMarginBytes, ['memoryMarginBytes'], 'bytes of VRAM reserved per GPU')]);
  }
  env.commented.push(['OLLAMA_CONTEXT_LENGTH', log.add(s.contextSize, ['contextSize']), 'the default for every model that sets no num_ctx; the Modelfile already sets it for this model']);
  return env;
}

/** Ollama has one type for both K and V; pick one that uses no more memory than the recipe. */
function kvType(recipe: Recipe, warnings: string[]): KvCacheType | undefined {
  const { typeK, typeV, flashAttention } = recipe.settings;
  if (typeK === undefined && typeV === undefined) return undefined;
  let type = typeK ?? typeV!;
  if (typeK !== undefined && typeV !== undefined && typeK !== typeV) {
    const smaller = kvBytesPerElement(typeK) <= kvBytesPerElement(typeV) ? typeK : typeV;
    const larger = smaller === typeK ? typeV : typeK;
    type = isQuantizedKv(smaller) && flashAttention === false ? larger : smaller;
    warnings.push(
      type === smaller
        ? `Ollama uses one type for K and V; the recipe has K ${typeK} and V ${typeV}, so OLLAMA_KV_CACHE_TYPE is ${type}, which uses less memory than verified (and a quantized V cache needs flash attention).`
        : `Ollama uses one type for K and V; the recipe has K ${typeK} and V ${typeV} with flash attention off, so OLLAMA_KV_CACHE_TYPE is ${type}: this uses MORE memory than was verified. Probe it, or turn flash attention on and use ${smaller}.`,
    );
  }
  if (!OLLAMA_DOCUMENTED_KV_TYPES.includes(type)) {
    warnings.push(`Ollama documents only ${OLLAMA_DOCUMENTED_KV_TYPES.join(', ')} for OLLAMA_KV_CACHE_TYPE; current versions pass ${type} through to llama-server, older ones ignore it.`);
  }
  return type;
}

function envFile(entries: [string, string][], commented: [string, string, string][]): string {
  return [
    '# Server-wide settings of `ollama serve`: they apply to every model and are read only when the server',
    '# starts, so restart it after changing them. Linux (systemd): `sudo systemctl edit ollama`, add each line',
    '# as Environment="NAME=value" under [Service], then `sudo systemctl restart ollama`. macOS and Windows:',
    '# set them in the environment of the Ollama app and quit and reopen it.',
    ...entries.map(([k, v]) => `${k}=${v}`),
    ...commented.flatMap(([k, v, why]) => [`# Optional, ${why}:`, `# ${k}=${v}`]),
  ].join('\n');
}

function notes(recipe: Recipe): string[] {
  const s = recipe.settings;
  const np = s.parallel ?? 1;
  return [
    `num_ctx is per request slot: Ollama starts llama-server with -c num_ctx × OLLAMA_NUM_PARALLEL (${s.contextSize} × ${np}).`,
    'num_ctx, num_gpu, num_batch and num_thread are runner options: they take effect when the model loads, and a request that changes them reloads the model.',
    'Flash attention and the K/V cache type are server-wide environment variables (ollama.env), not Modelfile parameters; they need a server restart.',
    'The same options can be sent per request in the API body (ollama-request.json); values there override the Modelfile.',
    s.gpuLayers === undefined || s.gpuLayers === 'auto' ? 'num_gpu is left out, so Ollama decides how many layers go to the GPU.' : 'num_gpu pins the layers on the GPU; without it Ollama (and llama-server\'s --fit) decide.',
  ];
}
