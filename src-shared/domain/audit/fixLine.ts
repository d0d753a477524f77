import type { AuditRuntime } from '../../contract/audit.js';
import type { SettingsChange } from '../../contract/settings.js';
import { shellLine } from '../recipe/shellQuote.js';

// A fix as each runtime spells it. The flags are those the recipe renderers write (renderLlamaCpp,
// renderOllama, renderLmStudio, renderVllm), so a finding's fix and an exported recipe agree.

/**
 * The line that applies `change` to a running `runtime`: llama-server flags, Ollama Modelfile lines
 * and server environment, `lms load` flags, or `vllm serve` flags. `model` names the loaded model
 * where the line needs it.
 */
export function fixLine(runtime: AuditRuntime, change: SettingsChange, model: string | null): string {
  const parts = FIX_WRITERS[runtime](change, model ?? '<model>');
  if (change.action) parts.push(change.action);
  return parts.join('  ');
}

type Writer = (change: SettingsChange, model: string) => string[];

const llamaServer: Writer = (c) => {
  const out: string[] = [];
  if (c.contextSize !== undefined) {
    const np = c.parallel ?? 1;
    out.push(`-c ${c.contextSize * np} -np ${np}`);
  } else if (c.parallel !== undefined) out.push(`-np ${c.parallel}`);
  if (c.gpuLayers !== undefined) out.push(`-ngl ${c.gpuLayers}`);
  if (c.flashAttention !== undefined) out.push(`-fa ${c.flashAttention ? 'on' : 'off'}`);
  if (c.typeK !== undefined) out.push(`-ctk ${c.typeK}`);
  if (c.typeV !== undefined) out.push(`-ctv ${c.typeV}`);
  return out;
};

const ollama: Writer = (c) => {
  const out: string[] = [];
  if (c.contextSize !== undefined) out.push(`PARAMETER num_ctx ${c.contextSize}   # or OLLAMA_CONTEXT_LENGTH=${c.contextSize} for every model`);
  if (c.gpuLayers !== undefined) out.push(`PARAMETER num_gpu ${c.gpuLayers === 'all' ? 999 : c.gpuLayers}`);
  if (c.parallel !== undefined) out.push(`OLLAMA_NUM_PARALLEL=${c.parallel}`);
  if (c.flashAttention !== undefined) out.push(`OLLAMA_FLASH_ATTENTION=${c.flashAttention ? 1 : 0}`);
  if (c.typeK !== undefined) out.push(`OLLAMA_KV_CACHE_TYPE=${c.typeK}`);
  for (const [k, v] of Object.entries(c.env ?? {})) out.push(`${k}=${v}`);
  return out;
};

const lmstudio: Writer = (c, model) => {
  const args: string[] = [];
  if (c.contextSize !== undefined) args.push('--context-length', String(c.contextSize));
  if (c.gpuLayers !== undefined) args.push('--gpu', c.gpuLayers === 'all' || c.gpuLayers === 'auto' ? 'max' : String(c.gpuLayers));
  if (c.parallel !== undefined) args.push('--parallel', String(c.parallel));
  const out = args.length > 0 ? [shellLine(['lms', 'load', model, ...args])] : [];
  if (c.flashAttention !== undefined) out.push(`Flash Attention: ${c.flashAttention ? 'on' : 'off'} (the model's ⚙ load settings)`);
  if (c.typeK !== undefined) out.push(`K Cache Quantization Type: ${c.typeK} (the model's ⚙ load settings)`);
  return out;
};

const vllm: Writer = (c) => {
  const out: string[] = [];
  if (c.contextSize !== undefined) out.push(`--max-model-len ${c.contextSize}`);
  if (c.parallel !== undefined) out.push(`--max-num-seqs ${c.parallel}`);
  if (c.typeK !== undefined) out.push('--kv-cache-dtype fp8');
  for (const [k, v] of Object.entries(c.env ?? {})) out.push(`${k}=${v}`);
  return out;
};

const FIX_WRITERS: Record<AuditRuntime, Writer> = { 'llama-server': llamaServer, ollama, lmstudio, vllm };
