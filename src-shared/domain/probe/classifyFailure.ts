import type { BudgetMechanism, FailureClass, StepOutcome, StepPhase } from '../../contract/probe.js';

/** What is known about a step that did not report success. */
export interface FailureEvidence {
  /** The error the worker reported, if it lived to report one. */
  message: string | null;
  /** A class the worker already determined (e.g. node-llama-cpp's InsufficientMemoryError). */
  workerClass: FailureClass | null;
  signal: string | null;
  exitCode: number | null;
  stderrTail: string[];
  phase: StepPhase;
  mechanism: BudgetMechanism | null;
  /** The cgroup's OOM-kill counter rose during the step; null where the kernel has no such counter. */
  cgroupOomKill: boolean | null;
  timedOut: boolean;
  cancelled: boolean;
}

/** llama.cpp refusing a combination of settings: not a memory problem, and it repeats at every size. */
const CONFIG_ERROR = /quantized V cache (was requested, but this )?requires (flash_attn|Flash Attention)|SPLIT_MODE_TENSOR requires flash_attn|unknown (cache|KV) type|invalid value for/i;
const DEVICE_OOM = /cudaMalloc failed|out of memory|ErrorOutOfDeviceMemory|CUDA error: out of memory|failed to allocate (CUDA|Vulkan|Metal|ROCm)|vk::Device::allocateMemory|kIOGPUCommandBufferCallbackErrorOutOfMemory|hipMalloc failed/i;
const RAM_OOM = /std::bad_alloc|failed to allocate( CPU)? buffer|cannot allocate memory|unable to allocate|mmap failed|ggml_aligned_malloc: insufficient memory/i;

/** Turns how a step ended into an outcome and a failure class. Pure, so it is tested on recorded evidence. */
export function classifyFailure(e: FailureEvidence): { outcome: StepOutcome; classification: FailureClass } {
  if (e.cancelled) return { outcome: 'cancelled', classification: 'cancelled' };
  if (e.timedOut) return { outcome: 'timeout', classification: 'timeout' };
  if (e.cgroupOomKill) return { outcome: 'oom', classification: 'cgroup_oom_kill' };
  const text = [e.message ?? '', ...e.stderrTail].join('\n');
  if (e.workerClass === 'estimate_refused') return { outcome: 'oom', classification: 'estimate_refused' };
  if (e.workerClass === 'cgroup_limit_exceeded') return { outcome: 'oom', classification: 'cgroup_limit_exceeded' };
  if (e.workerClass === 'invalid_config' || CONFIG_ERROR.test(text)) return { outcome: 'error', classification: 'invalid_config' };
  if (DEVICE_OOM.test(text)) return { outcome: 'oom', classification: 'vram_alloc_failed' };
  // Under an address-space limit, failing to map the model or to allocate the context is the limit speaking.
  if (e.mechanism === 'addressSpace' && (e.workerClass === 'context_create_failed' || e.workerClass === 'model_load_failed' || RAM_OOM.test(text) || e.phase === 'context' || e.phase === 'load')) return { outcome: 'oom', classification: 'address_space_limit' };
  if (RAM_OOM.test(text)) return { outcome: 'oom', classification: 'ram_alloc_failed' };
  if (e.signal === 'SIGSEGV' || e.signal === 'SIGBUS') return { outcome: 'crashed', classification: 'segfault' };
  if (e.signal === 'SIGABRT' || e.signal === 'SIGILL' || e.signal === 'SIGTRAP') return { outcome: 'crashed', classification: 'abort' };
  if (e.signal === 'SIGKILL' && e.mechanism === 'cgroup' && e.cgroupOomKill === null) return { outcome: 'oom', classification: 'cgroup_oom_kill' };
  if (e.signal) return { outcome: 'crashed', classification: 'killed' };
  if (e.workerClass) return { outcome: e.workerClass === 'context_create_failed' ? 'oom' : 'error', classification: e.workerClass };
  return { outcome: 'crashed', classification: e.exitCode === null ? 'unknown' : 'exited' };
}
