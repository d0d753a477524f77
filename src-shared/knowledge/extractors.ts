import type { Facts } from './Facts.js';
import type { FamilyStage } from './familyRules.js';

/**
 * A pattern whose named groups become facts. A group is named after the fact, optionally with the
 * unit the log prints: `requestedMiB__bytes`, `freeMiB__GiB` (see `toMiB`). `set` assigns constant
 * facts when the line matches (runtime and backend recognition).
 */
export interface Extractor {
  pattern: string;
  /** How repeated matches combine: the last one (default), their sum (per-device buffers), or the largest. */
  aggregate?: 'last' | 'sum' | 'max' | 'first';
  set?: Partial<Pick<Facts, 'runtime' | 'backend'>>;
  /** Recognisers only: the more specific wrapper (Ollama over llama.cpp) wins. */
  priority?: number;
  /** A stage the run reached, or an out-of-memory line: together they say where memory ran out. */
  marker?: StageMarker;
}

/** `load`: weights loading began; `context`: context creation began; `kvDone`/`computeDone`: those buffers exist. */
export type StageMarker = 'load' | 'context' | 'kvDone' | 'computeDone' | 'oom';


const GPU_DEVICE = '(?:CUDA|ROCm|Vulkan|SYCL|MTL)\\d+|Metal';
const N = '[\\d.]+';
/** A size in any unit, where only its presence matters (not read as a fact). */
const SIZE = `${N} ?(?:[KMG]i?B|bytes)`;
/** The units a release may print a buffer's size in: ggml's MiB, older builds' MB, Ollama's and vLLM's GiB or GB. */
const PRINTED_UNITS = [['', 'MiB'], ['__GiB', 'GiB'], ['__MB', 'MB'], ['__GB', 'GB']] as const;

/**
 * One extractor per unit for a size fact: `{SIZE}` in `pattern` stands for the number and its unit, so the
 * fact does not hang on which unit a runtime or version chose to print.
 */
function inAnyUnit(fact: string, pattern: string, extra: Omit<Extractor, 'pattern'> = {}): Extractor[] {
  return PRINTED_UNITS.map(([suffix, printed]) => ({ pattern: pattern.replace('{SIZE}', `(?<${fact}${suffix}>${N}) ?${printed}`), ...extra }));
}

/** The stage memory runs out in after each marker (an out-of-memory line after `load` ran out loading the weights). */
export const STAGE_AFTER = { load: 'weights', context: 'kv', kvDone: 'compute', computeDone: 'eval' } as const satisfies Record<Exclude<StageMarker, 'oom'>, FamilyStage>;

// Every pattern must pass the ReDoS check in tests/unit/knowledgeRedos.test.ts: no unbounded
// wildcard between literals, and no two adjacent quantified parts that can match the same text.
export const EXTRACTORS: Extractor[] = [
  // --- the allocation that failed, and what was free ---
  { pattern: `allocating (?<requestedMiB>${N}) MiB on device (?<device>\\d+): (?:cuda|hip)Malloc failed` },
  { pattern: 'failed to allocate (?<device>[\\w.]+) buffer of size (?<requestedMiB__bytes>\\d+(?: \\d{3})*)' },
  { pattern: 'Device memory allocation of size (?<requestedMiB__bytes>\\d+) failed' },
  { pattern: "can't malloc (?<requestedMiB__bytes>\\d+) Bytes memory on device" },
  { pattern: 'failed to allocate buffer of size (?<requestedMiB__bytes>\\d+(?: \\d{3})*)' },
  { pattern: `failed to allocate buffer, size\\s*[=:]\\s*(?<requestedMiB>${N}) MiB` },
  { pattern: `failed to allocate (?<requestedMiB>${N}) MiB of pinned memory` },
  { pattern: 'insufficient memory \\(attempted to allocate (?<requestedMiB__MB>\\d+(?: \\d{3})*) MB\\)' },
  { pattern: "buffer '\\w+' size (?<requestedMiB__bytes>\\d+) is larger than buffer maximum of (?<maxBufferMiB__bytes>\\d+)" },
  { pattern: `Tried to allocate (?<requestedMiB__GiB>${N}) GiB` },
  { pattern: `Tried to allocate (?<requestedMiB>${N}) MiB` },
  // PyTorch before 2.1: "(GPU 1; 79.35 GiB total capacity; 48.80 GiB already allocated; 27.55 GiB free; …)".
  { pattern: `; (?<totalMiB__GiB>${N}) GiB total capacity;` },
  { pattern: `already allocated; (?<freeMiB__GiB>${N}) GiB free;` },
  { pattern: `already allocated; (?<freeMiB>${N}) MiB free;` },
  // MLX (Metal): one buffer over the device's limit.
  { pattern: 'Attempting to allocate (?<requestedMiB__bytes>\\d+) bytes which is (?:greater|larger) than the maximum allowed buffer size of (?<maxBufferMiB__bytes>\\d+) bytes' },
  { pattern: `GPU (?<device>\\d+) has a total capacity of (?<totalMiB__GiB>${N}) GiB of which (?<freeMiB>${N}) MiB is free` },
  { pattern: `GPU (?<device>\\d+) has a total capacity of (?<totalMiB__GiB>${N}) GiB of which (?<freeMiB__GiB>${N}) GiB is free` },
  { pattern: `model requires more system memory \\((?<requestedMiB__GiB>${N}) GiB\\) than is available \\((?<freeMiB__GiB>${N}) GiB\\)` },
  { pattern: `\\((?<requestedMiB__GiB>${N}) GiB KV cache is needed, which is larger than the available KV cache memory \\((?<freeMiB__GiB>${N}) GiB\\)` },
  { pattern: 'estimated maximum model length is (?<fitsContext>\\d+)' },
  { pattern: 'maximum number of tokens that can be stored in KV cache \\((?<fitsContext>\\d+)\\)' },
  { pattern: "models?'s max seq len \\((?<contextSize>\\d+)\\)" },
  // device lists: "- CUDA0 : NVIDIA … (24217 MiB, 23800 MiB free)", "ROCm0: AMD … (110511 MiB, 110357 MiB free)"
  { pattern: '\\((?<totalMiB>\\d+) MiB, (?<freeMiB>\\d+) MiB free\\)' },
  { pattern: 'using device (?<device>\\w+) \\([^()\\n]{1,160}\\) - (?<freeMiB>\\d+) MiB free' },
  { pattern: `memory\\.available="\\[(?<freeMiB__GiB>${N}) GiB` },
  { pattern: `memory\\.required\\.full="(?<requestedMiB__GiB>${N}) GiB"` },
  { pattern: 'invalid magic (?:number )?(?<errorCode>[0-9a-f]{8})\\b' },
  { pattern: `total="(?<totalMiB__GiB>${N}) GiB" available="(?<freeMiB__GiB>${N}) GiB"` },
  { pattern: `allocated 'data\\s*' buffer, size\\s*[=:]\\s*${SIZE}, (?:offs\\s*[=:]\\s*\\d+, )?\\(\\s*(?<metalAfterWeightsMiB>${N}) /`, aggregate: 'max' },
  { pattern: `allocated 'kv\\s*' buffer, size\\s*[=:]\\s*${SIZE}, (?:offs\\s*[=:]\\s*\\d+, )?\\(\\s*(?<metalAfterKvMiB>${N}) /\\s*(?<totalMiB>${N})\\)`, aggregate: 'max' },
  ...inAnyUnit('totalMiB', 'recommendedMaxWorkingSetSize\\s*[=:]\\s*{SIZE}'),
  // Older ggml-metal splits a large KV cache into several 'kv' buffers: the cache is their sum.
  ...inAnyUnit('kvCacheMiB', "allocated 'kv\\s*' buffer, size\\s*[=:]\\s*{SIZE}", { aggregate: 'sum' }),
  { pattern: 'maxMemoryAllocationSize\\s*[=:]\\s*0x(?<maxBufferMiB__hex>[0-9a-f]+)', aggregate: 'max' },

  // --- context, prompt and limits ---
  { pattern: 'n_ctx\\s*[=:]\\s*(?<contextSize>\\d+)' },
  { pattern: '"n_ctx":\\s*(?<contextSize>\\d+)' },
  { pattern: 'n_ctx_slot\\s*[=:]\\s*(?<contextSize>\\d+)' },
  { pattern: '--ctx-size (?<contextSize>\\d+)' },
  { pattern: 'KvSize:(?<contextSize>\\d+)' },
  { pattern: 'max_model_len[=:]\\s*(?<contextSize>\\d+)' },
  { pattern: 'n_ctx_train\\s*[=:]\\s*(?<trainedContext>\\d+)' },
  { pattern: 'n_ctx_(?:per_)?seq \\((?<contextSize>\\d+)\\) [<>] n_ctx_train \\((?<trainedContext>\\d+)\\)' },
  { pattern: 'creating (?:non-)?SWA KV cache, size\\s*[=:]\\s*(?<contextSize>\\d+) cells' },
  { pattern: 'request \\((?<promptTokens>\\d+) tokens\\) exceeds the available context size \\((?<contextSize>\\d+) tokens\\)' },
  { pattern: '"n_prompt_tokens":\\s*(?<promptTokens>\\d+)' },
  { pattern: 'n_prompt_tokens\\s*[=:]\\s*(?<promptTokens>\\d+)' },
  { pattern: "model's maximum context length is (?<contextSize>\\d+) tokens\\. However, you requested (?<promptTokens>\\d+) tokens" },
  { pattern: 'Input prompt \\((?<promptTokens>\\d+) tokens\\) is too long and exceeds limit of (?<contextSize>\\d+)' },
  { pattern: 'truncating input prompt"? limit=(?<contextSize>\\d+) prompt=(?<promptTokens>\\d+)' },
  { pattern: 'Trying to keep the first (?<promptTokens>\\d+) tokens' },
  { pattern: 'loaded with context length of only (?<contextSize>\\d+) tokens' },
  { pattern: 'n_keep(?::\\s*| \\()(?<promptTokens>\\d+)\\)?\\s*>=\\s*n_ctx(?::\\s*| \\()(?<contextSize>\\d+)' },
  { pattern: 'A context size of (?<contextSize>\\d+)' },
  { pattern: '(?:Prompt|Input|Request) (?:is|has) (?<promptTokens>\\d+) tokens,? but the (?:model(?:\'s)? )?context (?:window|length|size) is (?<contextSize>\\d+)' },
  { pattern: 'Requested tokens (?:\\((?<promptTokens>\\d+)\\) )?exceed context window of (?<contextSize>\\d+)' },
  { pattern: `failed to allocate 'data\\s*' buffer, size\\s*[=:]\\s*(?<requestedMiB>${N}) MiB` },
  { pattern: 'User-specified max_model_len \\((?<contextSize>\\d+)\\) is greater than the derived max_model_len \\((?:\\w+=)?(?<trainedContext>\\d+)' },

  // --- offload, batch, attention and KV settings ---
  { pattern: 'offloaded (?<layersOffloaded>\\d+)/(?<layersTotal>\\d+) layers to GPU' },
  // Ollama's offload line; pasted server logs often wrap it, so each value stands alone.
  { pattern: 'layers\\.model=(?<layersTotal>\\d+)' },
  { pattern: 'layers\\.offload=(?<layersOffloaded>\\d+)' },
  { pattern: '(?:^|\\s)(?<cpuPercent>\\d{1,3})%/\\d{1,3}% CPU/GPU' },
  // The same share in other runtimes' and UIs' words: "GPU offload: 20/48", "offloading 33 of 57 layers",
  // "24 of 49 layers on the GPU", "GPU layers: 20 / 48". Only a count out of a total says the split.
  { pattern: '(?:offload(?:ed|ing)?|GPU layers|layers on (?:the )?GPU)[:= ]{1,3}(?<layersOffloaded>\\d+) ?(?:/|of|out of) ?(?<layersTotal>\\d+)\\b' },
  { pattern: '\\b(?<layersOffloaded>\\d+) ?(?:/|of|out of) ?(?<layersTotal>\\d+) (?:repeating )?(?:layers to the GPU|layers to GPU|layers on the GPU|layers on GPU|layers in VRAM|layers onto the GPU|layers onto GPU)' },
  { pattern: 'n_batch\\s*[=:]\\s*(?<batchSize>\\d+)' },
  { pattern: 'n_ubatch\\s*[=:]\\s*(?<ubatchSize>\\d+)' },
  { pattern: '--batch-size (?<batchSize>\\d+)' },
  { pattern: '--parallel (?<parallel>\\d+)' },
  { pattern: 'n_seq_max\\s*[=:]\\s*(?<parallel>\\d+)' },
  { pattern: 'flash_attn\\s*[=:]\\s*(?<flashAttention>[01]|enabled|disabled|auto|true|false)' },
  { pattern: 'OLLAMA_FLASH_ATTENTION:(?<flashAttention>true|false)' },
  { pattern: 'FlashAttention:(?<flashAttention>true|false|Enabled|Disabled)' },
  { pattern: "type_k\\s*[=:]\\s*'(?<typeK>\\w+)', type_v\\s*[=:]\\s*'(?<typeV>\\w+)'" },
  { pattern: `K \\((?<typeK>\\w+)\\):\\s*${N} MiB, V \\((?<typeV>\\w+)\\)` },
  { pattern: '--cache-type-k (?<typeK>\\w+)' },
  { pattern: '--cache-type-v (?<typeV>\\w+)' },
  { pattern: ' -ctk (?<typeK>\\w+)' },
  { pattern: ' -ctv (?<typeV>\\w+)' },

  // --- what llama.cpp allocated: weights, KV cache, compute buffers ---
  ...inAnyUnit('kvCacheMiB', 'KV self size\\s*[=:]\\s*{SIZE}'),
  ...inAnyUnit('kvCacheMiB', 'llama_kv_cache(?:_unified|_iswa)?: size\\s*[=:]\\s*{SIZE}'),
  { pattern: `memory\\.required\\.kv="(?<kvCacheMiB__GiB>${N}) GiB"` },
  { pattern: `memory\\.required\\.kv="(?<kvCacheMiB>${N}) MiB"` },
  { pattern: `msg="kv cache" device=\\w+ size="(?<kvCacheMiB__GiB>${N}) GiB"`, aggregate: 'sum' },
  { pattern: `msg="kv cache" device=\\w+ size="(?<kvCacheMiB>${N}) MiB"`, aggregate: 'sum' },
  ...inAnyUnit('modelMiB', `(?:${GPU_DEVICE}) (?:model )?buffer size\\s*[=:]\\s*{SIZE}`, { aggregate: 'sum' }),
  ...inAnyUnit('cpuModelMiB', 'CPU(?:_Mapped|_REPACK)? (?:model )?buffer size\\s*[=:]\\s*{SIZE}', { aggregate: 'sum' }),
  { pattern: `memory\\.weights\\.total="(?<modelMiB__GiB>${N}) GiB"` },
  // Ollama's own engine: "buffer=" in earlier releases, "device=" later; the weights kept on the CPU beside them.
  { pattern: `msg="model weights" (?:buffer|device)=(?:CUDA|ROCm|Vulkan|Metal|SYCL)\\d* size="(?<modelMiB__GiB>${N}) GiB"`, aggregate: 'sum' },
  { pattern: `msg="model weights" (?:buffer|device)=(?:CUDA|ROCm|Vulkan|Metal|SYCL)\\d* size="(?<modelMiB>${N}) MiB"`, aggregate: 'sum' },
  { pattern: `msg="model weights" (?:buffer|device)=CPU size="(?<cpuModelMiB__GiB>${N}) GiB"`, aggregate: 'sum' },
  { pattern: `msg="model weights" (?:buffer|device)=CPU size="(?<cpuModelMiB>${N}) MiB"`, aggregate: 'sum' },
  ...inAnyUnit('computeMiB', `(?:${GPU_DEVICE}) compute buffer size\\s*[=:]\\s*{SIZE}`, { aggregate: 'sum' }),
  { pattern: `memory\\.graph\\.full="(?<computeMiB__GiB>${N}) GiB"` },

  // --- geometry, for the memory model ---
  { pattern: 'n_layer\\s*[=:]\\s*(?<nLayer>\\d+)' },
  { pattern: 'n_head\\s*[=:]\\s*(?<nHead>\\d+)' },
  { pattern: 'n_head_kv\\s*[=:]\\s*(?<nHeadKv>\\d+)' },
  { pattern: 'n_embd\\s*[=:]\\s*(?<nEmbd>\\d+)' },
  { pattern: 'n_embd_head_k\\s*[=:]\\s*(?<nEmbdHeadK>\\d+)' },
  { pattern: 'n_embd_head_v\\s*[=:]\\s*(?<nEmbdHeadV>\\d+)' },
  { pattern: 'n_embd_k_gqa\\s*[=:]\\s*(?<nEmbdKGqa>\\d+)' },
  { pattern: 'n_embd_v_gqa\\s*[=:]\\s*(?<nEmbdVGqa>\\d+)' },
  { pattern: 'n_swa\\s*[=:]\\s*(?<nSwa>\\d+)' },
  { pattern: 'n_vocab\\s*[=:]\\s*(?<nVocab>\\d+)' },
  // `n_ff` alone would be an anchor with hex-letter edges (see scanText's shapes): the prefix anchors it.
  { pattern: '(?:print_info|llm_load_print_meta):\\s+n_ff\\s*[=:]\\s*(?<nFf>\\d+)' },
  { pattern: 'print_info: arch\\s*[=:]\\s*(?<architecture>\\w+)' },
  { pattern: 'general\\.architecture str\\s*[=:]\\s*(?<architecture>\\w+)' },
  { pattern: "unknown model architecture: '(?<architecture>[^'\\n]*)'" },

  // --- devices, versions, codes ---
  { pattern: 'Device \\d+: (?<gpuName>[^,:\\n]+), compute capability (?<computeCapability>[\\d.]+)' },
  { pattern: ', (?<gfxTarget>gfx[0-9a-f]+) \\(0x' },
  { pattern: '(?<gfxTarget>gfx[0-9a-f]+) is not supported' },
  { pattern: 'detected amdgpu versions \\[(?<gfxTarget>gfx[0-9a-f]+)' },
  { pattern: 'HSA_OVERRIDE_GFX_VERSION=(?<gfxTarget>[\\d.]+)' },
  { pattern: 'ggml_vulkan: \\d+ = (?<gpuName>[^(|=\\n]+) \\(' },
  { pattern: 'found device: (?<gpuName>[^\\n]+)' },
  { pattern: 'Driver Version: (?<driverVersion>[\\d.]+)' },
  { pattern: 'CUDA Version: (?<cudaVersion>[\\d.]+)' },
  { pattern: 'Cuda compilation tools, release (?<cudaVersion>[\\d.]+)' },
  { pattern: 'version: (?<runtimeVersion>\\d+) \\([0-9a-f]+\\)' },
  { pattern: 'main: build\\s*[=:]\\s*(?<runtimeVersion>\\d+) \\(' },
  { pattern: 'build: (?<runtimeVersion>\\d+) \\([0-9a-f]+\\)' },
  { pattern: '\\(version (?<runtimeVersion>\\d+\\.\\d+\\.\\d+)\\)' },
  { pattern: 'ollama version:? (?<runtimeVersion>\\d+\\.\\d+\\.\\d+)' },
  { pattern: 'node-llama-cpp: (?<runtimeVersion>\\d+\\.\\d+\\.\\d+)' },
  { pattern: 'llama-cpp-python\\s+(?<runtimeVersion>\\d+\\.\\d+\\.\\d+)' },
  { pattern: 'LM Studio:? (?<runtimeVersion>\\d+\\.\\d+\\.\\d+)' },
  { pattern: '(?:CUDA|ROCm|HIP) error (?<errorCode>\\d+)' },
  { pattern: 'cudart init failure: (?<errorCode>\\d+)' },
  { pattern: 'exit status (?<exitStatus>0x[0-9a-f]+|\\d+)' },
  { pattern: 'signal: (?<exitSignal>killed|illegal instruction|segmentation fault|aborted)' },
  { pattern: 'Windows Error (?<exitStatus>0x[0-9a-f]+)' },
  { pattern: "(?:^|[\\s'\"/])(?<missingLibrary>lib[\\w+-]*(?:\\.[\\w+-]+)*\\.so(?:\\.\\d+)*): cannot open shared object file" },
  { pattern: 'cpu feature (?<requiredCpuFeature>\\w+) was required' },
  { pattern: 'required=(?<requiredCpuFeature>avx\\w*)' },

  // --- stages of a llama.cpp run, and out-of-memory lines: where memory ran out ---
  { pattern: 'load_tensors:|llama_model_load_internal:|loading model tensors|msg="model weights"|llama_model_loader: loaded meta data|print_info: file format', marker: 'load' },
  // Old ggml's summary of the weights' memory ("mem required = 19282.65 MiB"), printed as they load.
  { pattern: 'mem required\\s*=\\s*[\\d.]+ ?[MG]i?B', marker: 'load' },
  { pattern: 'n_ctx(?:_seq|_per_seq)?\\s*[=:]|creating (?:non-)?SWA KV cache|llama_kv_cache_init: kv_size|constructing llama_context', marker: 'context' },
  // Python engines (vLLM, SGLang, ExLlamaV2, TGI) say the weights are in place: what runs out next is the
  // cache or the memory a first pass needs, not the weights.
  { pattern: 'Loading weights took|Model loading took|Load weight end|Loaded model in \\d|Loading model weights took', marker: 'context' },
  // Recurrent models (Mamba, RWKV, hybrids) keep a state buffer ('RS') beside or instead of the KV cache.
  { pattern: 'KV self size|KV buffer size|kv self size|llama_kv_cache(?:_unified|_iswa)?: size =|RS buffer size', marker: 'kvDone' },
  { pattern: 'compute buffer size|compute buffer total size|graph splits|warming up the model', marker: 'computeDone' },
  // A server that says it is up (or serving a request) has its weights, cache and buffers in place:
  // memory that runs out after it runs out while a prompt is evaluated (llama-server, Ollama's runner, vLLM).
  { pattern: 'llama runner started in|server is listening on|main: model loaded|all slots are idle|Application startup complete|Uvicorn running on|slot launch_slot_|prompt processing progress|new prompt, n_ctx_slot', marker: 'computeDone' },
  // A request being served (Ollama's runner picking a cache slot for a prompt) or its image being encoded
  // (Ollama's vision models, llama.cpp's mtmd): the model is loaded and a prompt is being evaluated.
  { pattern: 'loading cache slot|vision: encoded|image slice encoded|encoding image slice|image (?:was )?encoded in', marker: 'computeDone' },
  {
    pattern: '(?:cuda|hip)Malloc failed|failed to allocate [\\w.]+ buffer of size|ErrorOutOfDeviceMemory|Device memory allocation of size|can\'t malloc|failed to allocate buffer, size|CUDA error: out of memory|ROCm error: out of memory|\\.cu:\\d+: out of memory|kIOGPUCommandBufferCallbackErrorOutOfMemory|failed with status 5|greater than the recommended max working set|CUDA out of memory|HIP out of memory|MPS backend out of memory|XPU out of memory|NPU out of memory',
    marker: 'oom',
  },

  // --- which runtime wrote the log (the more specific wrapper wins) ---
  { pattern: 'llama_model_load|llama_new_context|llama_context:|llama-server|llama-cli|llama_init_from|ggml_backend_|load_tensors:', set: { runtime: 'llama.cpp' }, priority: 1 },
  { pattern: 'llama_cpp\\.|llama-cpp-python|llama_cpp/', set: { runtime: 'llama-cpp-python' }, priority: 3 },
  { pattern: 'koboldcpp', set: { runtime: 'koboldcpp' }, priority: 3 },
  { pattern: 'text-generation-webui|textgen|modules/llamacpp', set: { runtime: 'text-generation-webui' }, priority: 3 },
  { pattern: 'node-llama-cpp', set: { runtime: 'node-llama-cpp' }, priority: 3 },
  { pattern: 'LM Studio|lmstudio|liblmstudio', set: { runtime: 'lmstudio' }, priority: 4 },
  { pattern: 'level=(?:INFO|WARN|ERROR|DEBUG) source=|ollama\\[\\d+\\]|ollama_llama_server|ollama (?:run|serve|create|ps)|\\.ollama/', set: { runtime: 'ollama' }, priority: 5 },
  { pattern: 'vllm|EngineCore|VllmWorker', set: { runtime: 'vllm' }, priority: 5 },
  // LocalAI runs llama.cpp (and others) as gRPC backends: "BackendLoader starting backend=llama-cpp", "GRPC(model-127.0.0.1:4xxxx): stderr".
  { pattern: 'LocalAI|local-ai|BackendLoader starting|GRPC\\(|backend-assets/grpc|\\] Fails: could not load model', set: { runtime: 'localai' }, priority: 6 },
  // Jan's app log: "[CORTEX]::", "[SPECS]::", its cortex.llamacpp engine and the newer llama.cpp extension.
  { pattern: '\\[CORTEX\\]::|\\[SPECS\\]::|\\[APP\\]::|cortex\\.llamacpp|cortex-cpp|janhq|tauri_plugin_llamacpp|@janhq/', set: { runtime: 'jan' }, priority: 6 },
  // GPT4All: its chat app's llamamodel backend and the Python bindings.
  { pattern: 'gpt4all|llamamodel\\.cpp|LLModel ERROR|llmodel_', set: { runtime: 'gpt4all' }, priority: 6 },

  // --- which backend (ROCm builds print CUDA names too, so ROCm wins) ---
  { pattern: 'CUDA\\d|CUDA error|cudaMalloc|ggml_cuda_init: found \\d+ CUDA|libcuda|cudart|nvidia|library=cuda', set: { backend: 'cuda' }, priority: 1 },
  { pattern: 'ROCm|hipMalloc|hipError|gfx\\d{3}|library=rocm|amdgpu', set: { backend: 'rocm' }, priority: 2 },
  // MLX (mlx-lm, mlx-vlm, LM Studio's MLX engine) and PyTorch's MPS backend run on Metal.
  { pattern: 'ggml_metal|Metal buffer|\\[Metal\\]|MTLGPUFamily|MTLDebugDevice|kIOGPUCommandBuffer|mlx_lm|mlx-lm|mlx_vlm|mlx-vlm|mlx\\.core|mlx-engine|mlx_engine|\\[metal::|MPS backend', set: { backend: 'metal' }, priority: 2 },
  { pattern: 'ggml_vulkan|Vulkan\\d|\\[Vulkan|vk::|VK_ERROR', set: { backend: 'vulkan' }, priority: 2 },
  { pattern: 'SYCL\\d|ggml_sycl|level_zero', set: { backend: 'sycl' }, priority: 2 },
];

const BINARY_UNITS: Record<string, number> = { bytes: 1 / 1024 ** 2, KiB: 1 / 1024, GiB: 1024, TiB: 1024 ** 2 };
// Old llama.cpp printed "MB" for MiB; Ollama and LM Studio print decimal GB.
const DECIMAL_UNITS: Record<string, number> = { MB: 1, GB: 1e9 / 1024 ** 2, KB: 1e3 / 1024 ** 2 };

/** Parses a captured number in the unit named by the group suffix into MiB (or returns it as is without a suffix). */
export function toMiB(raw: string, unit: string | undefined): number | undefined {
  if (unit === 'hex') {
    const value = parseInt(raw, 16);
    return Number.isFinite(value) ? value / 1024 ** 2 : undefined;
  }
  const value = Number(raw.replace(/[ ,]/g, ''));
  if (!Number.isFinite(value)) return undefined;
  if (unit === undefined) return value;
  const factor = BINARY_UNITS[unit] ?? DECIMAL_UNITS[unit];
  return factor === undefined ? undefined : value * factor;
}

/** Words a log uses for flash attention being on or off; `auto` says nothing. */
export function parseFlag(raw: string): boolean | undefined {
  const v = raw.toLowerCase();
  if (v === '1' || v === 'true' || v === 'enabled' || v === 'on') return true;
  if (v === '0' || v === 'false' || v === 'disabled' || v === 'off') return false;
  return undefined;
}
