import type { StepOutcome } from '../../contract/probe.js';

/** One llama-bench test result (`-o json`), the fields tune reads. */
export interface BenchRow {
  nPrompt: number;
  nGen: number;
  nDepth: number;
  /** Mean tokens per second over the repetitions. */
  avgTs: number;
  backends: string;
  buildCommit: string | null;
}

/** llama-bench's JSON array; rows it cannot read are skipped. */
export function parseBenchJson(stdout: string): BenchRow[] {
  const start = stdout.indexOf('[');
  if (start < 0) return [];
  let rows: unknown;
  try {
    rows = JSON.parse(stdout.slice(start));
  } catch {
    return [];
  }
  if (!Array.isArray(rows)) return [];
  return rows.flatMap((r: Record<string, unknown>) =>
    typeof r.avg_ts === 'number' ? [{ nPrompt: Number(r.n_prompt ?? 0), nGen: Number(r.n_gen ?? 0), nDepth: Number(r.n_depth ?? 0), avgTs: r.avg_ts, backends: String(r.backends ?? ''), buildCommit: typeof r.build_commit === 'string' ? r.build_commit : null }] : [],
  );
}

/** What a llama.cpp process's end says about its outcome: a crash, an OOM and a refusal are results. */
export function classifyLlamaCppExit(exit: { code: number | null; signal: string | null; timedOut: boolean }, stderrTail: string[]): { outcome: StepOutcome; classification: 'ram_alloc_failed' | 'vram_alloc_failed' | 'abort' | 'segfault' | 'killed' | 'timeout' | 'model_load_failed' | 'context_create_failed' | 'exited' } {
  const text = stderrTail.join('\n');
  if (exit.timedOut) return { outcome: 'timeout', classification: 'timeout' };
  if (/ErrorOutOfDeviceMemory|out of device memory|cudaMalloc failed|failed to allocate (?:CUDA|Vulkan|Metal)|vk::Device::allocateMemory/i.test(text)) return { outcome: 'oom', classification: 'vram_alloc_failed' };
  if (/failed to allocate|out of memory|cannot allocate memory|std::bad_alloc/i.test(text)) return { outcome: 'oom', classification: 'ram_alloc_failed' };
  if (exit.signal === 'SIGKILL') return { outcome: 'oom', classification: 'killed' };
  if (exit.signal === 'SIGABRT' || /GGML_ASSERT|terminate called/.test(text)) return { outcome: 'crashed', classification: 'abort' };
  if (exit.signal === 'SIGSEGV' || exit.signal === 'SIGBUS' || exit.code === 139) return { outcome: 'crashed', classification: 'segfault' };
  if (/failed to load model/i.test(text)) return { outcome: 'error', classification: 'model_load_failed' };
  if (/failed to create context|failed to initialize the context/i.test(text)) return { outcome: 'error', classification: 'context_create_failed' };
  return { outcome: 'error', classification: 'exited' };
}

/** The settings `llama-fit-params` chose, from the CLI arguments it prints (`-c 4096 -ngl 20 -ot …`). */
export interface FitArgs {
  contextSize: number | null;
  /** -1: all layers. */
  gpuLayers: number | null;
  nCpuMoe: number | null;
  tensorSplit: string | null;
  overrideTensor: string | null;
  raw: string;
}

export function parseFitArgs(stdout: string): FitArgs {
  const line = stdout.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('-')).at(-1) ?? '';
  const tokens = line.split(/\s+/);
  const value = (...names: string[]) => {
    const i = tokens.findIndex((t) => names.includes(t));
    return i >= 0 ? (tokens[i + 1] ?? null) : null;
  };
  const num = (v: string | null) => (v === null || !Number.isFinite(Number(v)) ? null : Number(v));
  return {
    contextSize: num(value('-c', '--ctx-size')),
    gpuLayers: num(value('-ngl', '--n-gpu-layers', '--gpu-layers')),
    nCpuMoe: num(value('-ncmoe', '--n-cpu-moe')),
    tensorSplit: value('-ts', '--tensor-split'),
    overrideTensor: value('-ot', '--override-tensor'),
    raw: line,
  };
}

/** `version: 0.5.0-dev (build 1, commit de3ff81)` and `built with GNU 12.2.0 for Linux x86_64`. */
export function parseVersion(text: string): { version: string | null; builtWith: string | null } {
  return { version: /version:\s*(.+)/.exec(text)?.[1]?.trim() ?? null, builtWith: /built with\s*(.+)/.exec(text)?.[1]?.trim() ?? null };
}
