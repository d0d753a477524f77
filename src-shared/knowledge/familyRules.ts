// Families: what happened, whatever the wording. Each rule is a line pattern that says which kind of
// failure a line belongs to (an allocation failed, no GPU was found, the toolkit does not match…) and,
// when the line itself says so, where (the stage) and in which memory (the resource). Entries of the
// knowledge base then refine a family with exact causes and fixes; a family alone still names a
// category. Wordings come from the runtimes' own sources (ggml-cuda, ggml-metal, ggml-vulkan,
// ggml-sycl, HIP, Ollama's discover and llm packages, vLLM's worker, LM Studio, koboldcpp, GPT4All,
// LocalAI) and are kept generic: a reworded message should still land in its family.

/** The kinds of failure the family layer recognises. */
export const FAMILY_SIGNALS = [
  'allocFailed',
  'noDevice',
  'toolkitMismatch',
  'processKilled',
  'contextRefused',
  'kvBelowModelLength',
  'flashAttentionRefused',
  'illegalInstruction',
  'modelFormat',
  'slowdown',
  /** Part of the model (layers, experts) runs on the CPU: with slowness, the usual cause. */
  'partialOffload',
  /** Speed is measured against the depth of the context: with slowness, the usual pattern of a long context. */
  'contextDepth',
  /** Someone says it is slow. */
  'slowWords',
  /** Not a failure: a traceback frame or step that says where the run was (it only sets the stage). */
  'stageHint',
  /**
   * Not a failure: a line whose memory words are a warning or boilerplate (an mlock warning, llama.cpp's
   * "if you're running out of VRAM" hint printed after any failed load). It cancels the allocation
   * rules on that same line, so only the lines that really report a failed allocation count.
   */
  'notAllocation',
  /**
   * Not a category: a line that reports an error or a crash of some kind. A log about an error that shows
   * neither speed figures nor slowness words is not a slowness report, whatever its offload.
   */
  'errorReported',
  /**
   * Not a category: a device listing's header, or a device listed under one. A header with no device listed
   * anywhere says the runtime found none (read as `noDevice` by `readFamilies`).
   */
  'deviceListing',
] as const;
export type FamilySignal = (typeof FAMILY_SIGNALS)[number];

/** Which memory ran out: a GPU's own, memory shared with the CPU (Apple silicon), RAM, or a process's address space. */
export type Resource = 'vram' | 'unified' | 'ram' | 'addressSpace';
/** Where a run was when memory ran out (the same words as the `oomStage` fact). */
export type FamilyStage = 'weights' | 'kv' | 'compute' | 'eval';

export interface FamilyRule {
  /** A line pattern in the dialect of `regexAnchors.ts`, matched case-insensitively. */
  pattern: string;
  signal: FamilySignal;
  /** 1–10, like a signature's weight: 6+ decides the family on its own. */
  weight: number;
  /** The memory the line names, when it does. */
  resource?: Resource;
  /** The stage the line names, when it does. */
  stage?: FamilyStage;
  /** What the line means. */
  note: string;
  /** Counts once per matching line (up to three), like speed figures: a comparison table says more than one line. */
  perLine?: boolean;
  /** `notAllocation` rules only: the signal whose rules this line does not count for. Defaults to `allocFailed`. */
  cancels?: FamilySignal;
  /**
   * `stageHint` rules only: the stage is presumed from a size, not read from where the run was. It counts
   * only when no traceback frame or stage line says where the run was.
   */
  presumed?: boolean;
  /** `deviceListing` rules only: the line heads a listing of devices, or names one device in it. */
  listing?: 'header' | 'device';
}

/** Where a log collector's prefix ends (journald's "unit[pid]: ", docker's "name | ", "[INFO] ", a bare level): what follows is the line. */
// A timestamp's last digit (or its zone's Z) ends a prefix too: docker logs -t and ISO stamps end in "…53.589Z ",
// llama.cpp's own logger in a one-letter level after its time ("0.01.234.567 I ").
const LINE_START = '(?:^|[>|#$:\\]]|\\dZ?|\\d [IWED]\\b|\\b(?:INFO|WARN|WARNING|ERROR|DEBUG|NOTICE|stderr|stdout))';
const GPU_BUF = '(?:CUDA|ROCm|HIP|Vulkan|SYCL|Metal|MTL|OpenCL|Kompute|CANN|MUSA)\\d*';
/** Buffer types in a GPU's own memory (Metal's is unified memory; `_Host` ones are pinned RAM). */
const DEVICE_BUF = '(?:CUDA|ROCm|HIP|Vulkan|SYCL|OpenCL|Kompute|CANN|MUSA)\\d*(?:_Split)?';
/** The Visual C++ runtime's mutex and thread functions, named before or after msvcp140.dll in a crash's frame. */
const MSVC_SYNC = '\\b_(?:Mtx_lock|Mtx_unlock|Thrd_yield|Cnd_wait)\\b';
/** The GPU runtimes a log says could not start ("failed to initialize Metal backend"): one list for both readings of that line. */
const GPU_RUNTIME = '(?:CUDA|HIP|ROCm|Vulkan|SYCL|Metal|OpenCL|CANN|MUSA)';
/**
 * "Could not", in the words runtimes and their versions use for the same failure ("failed to allocate",
 * "unable to allocate", "could not allocate", "cannot allocate"): a rule says what failed, not which verb a
 * release chose. `FAILED_TO` leaves out "unable to", which llama.cpp's model loader keeps for the weights'
 * buffers (a rule of their own, with the stage).
 */
// "Failure to allocate" is the noun form some runtimes print.
const COULD_NOT = '(?:failed to|failure to|unable to|could not|couldn.t|cannot|can.t)';
const FAILED_TO = '(?:failed to|failure to|could not|couldn.t|cannot|can.t)';
/** Allocating, whatever the word (ggml's allocators say "alloc" and "reserve" too). */
const ALLOCATE = '(?:allocate|alloc|reserve)';
/** The context window, in full or as runtimes abbreviate it. */
const CONTEXT = '(?:context|ctx)';
/** Refused as not supported, in either word order and contraction ("is not supported", "unsupported", "isn't supported"). */
const NOT_SUPPORTED = '(?:(?:is |was )?(?:not supported|not compatible|unsupported|incompatible)|(?:isn.t|wasn.t) (?:supported|compatible))';
/** A GPU's own memory, in the words runtimes, drivers and UIs use for it ("GPU memory", "VRAM", "video memory"). */
// Runtimes also name it after the backend that holds it ("Metal memory", "CUDA memory", "accelerator memory").
const GPU_MEMORY = '(?:(?:GPU |device |video |dedicated |graphics |Metal |CUDA |ROCm |HIP |accelerator |unified )?memory|VRAM)';
/** Layers, as counted ("33 layers", "1 layer", "33 layer(s)"). */
const LAYERS = '(?:layers|layer\\(s\\)|layer)';
/** Going past a limit, in the words a message may use for it. */
const EXCEEDS = '(?:exceeds?|exceeded|exceeding|is (?:larger|longer|greater|bigger) than|goes beyond|went beyond)';

export const FAMILY_RULES: FamilyRule[] = [
  // --- allocation failures, in each backend's words ---
  { pattern: '(?:cuda|hip)Malloc(?:Async|Host|Managed)? fail(?:ed|ure)', signal: 'allocFailed', weight: 7, resource: 'vram', note: 'a GPU allocation failed' },
  { pattern: '(?:CUDA|HIP|ROCm|CUBLAS|cuBLAS) error: (?:CUDA )?out of memory', signal: 'allocFailed', weight: 7, resource: 'vram', note: 'a GPU call failed for lack of memory' },
  { pattern: 'CUDA_ERROR_OUT_OF_MEMORY|cudaErrorMemoryAllocation|hipErrorOutOfMemory|CUBLAS_STATUS_ALLOC_FAILED|HIPBLAS_STATUS_ALLOC_FAILED|rocblas_status_memory_error', signal: 'allocFailed', weight: 7, resource: 'vram', note: 'a GPU allocation failed' },
  { pattern: '(?:CUDA|HIP) error (?:2|"?out of memory)\\b', signal: 'allocFailed', weight: 6, resource: 'vram', note: 'error 2 is out of memory' },
  // CUBLAS_STATUS_ALLOC_FAILED and cudaErrorMemoryAllocation read "resource allocation failed" when printed as text.
  { pattern: 'resource allocation fail(?:ed|ure)', signal: 'allocFailed', weight: 6, resource: 'vram', note: 'the GPU library could not allocate its memory' },
  // SGLang: the KV pool left after the weights is empty.
  { pattern: 'increase --mem-fraction-static|mem_fraction_static', signal: 'allocFailed', weight: 5, resource: 'vram', stage: 'kv', note: 'no memory was left for the KV cache pool' },
  { pattern: '\\.(?:cu|cpp):\\d+: out of memory', signal: 'allocFailed', weight: 6, resource: 'vram', note: 'a GPU allocation failed (older ggml wording)' },
  { pattern: 'ErrorOutOfDeviceMemory|VK_ERROR_OUT_OF_DEVICE_MEMORY|out of device memory', signal: 'allocFailed', weight: 7, resource: 'vram', note: 'the Vulkan device ran out of memory' },
  // Weights and KV cache are allocated in chunks up to the device's limit: the buffer over it is the compute buffer.
  { pattern: 'Requested buffer size exceeds device (?:memory allocation|buffer size) limit', signal: 'allocFailed', weight: 6, resource: 'vram', stage: 'compute', note: 'one buffer is larger than the device allows (the compute buffer: weights and cache are split to fit)' },
  // ggml's older OpenCL backend (CLBlast builds) prints the failed call and its number instead of the name:
  // -4 is CL_MEM_OBJECT_ALLOCATION_FAILURE, -5 CL_OUT_OF_RESOURCES.
  { pattern: 'UR_RESULT_ERROR_OUT_OF_(?:DEVICE_)?(?:MEMORY|RESOURCES)|PI_ERROR_OUT_OF_RESOURCES|CL_OUT_OF_RESOURCES|CL_MEM_OBJECT_ALLOCATION_FAILURE|clCreateBuffer\\b[^\\n]{0,160}\\berror -[45]\\b', signal: 'allocFailed', weight: 6, resource: 'vram', note: 'the SYCL / OpenCL device ran out of memory' },
  // llama.cpp's --fit projected more device memory than is free and could not shrink what the user fixed
  // (layers, tensor split or overrides): it gives up fitting and loads as asked, which then does not fit.
  { pattern: 'failed to fit params to free device memory: (?:n_gpu_layers|model_params|changing weight)', signal: 'allocFailed', weight: 5, resource: 'vram', note: "llama.cpp's fit found the settings need more device memory than is free" },
  { pattern: "can't malloc \\d+ Bytes memory on device", signal: 'allocFailed', weight: 7, resource: 'vram', note: 'a SYCL allocation failed' },
  { pattern: 'kIOGPUCommandBufferCallbackErrorOutOfMemory|Insufficient Memory \\(\\d+:kIOGPU', signal: 'allocFailed', weight: 7, resource: 'unified', stage: 'eval', note: 'Metal ran out of memory while computing' },
  // MLX (LM Studio's MLX engine, mlx-lm): its own words for Metal running out.
  { pattern: 'Command buffer execution failed: Insufficient Memory', signal: 'allocFailed', weight: 7, resource: 'unified', stage: 'eval', note: 'Metal ran out of memory while computing' },
  { pattern: 'malloc_or_wait\\] Unable to allocate|metal::malloc\\] Attempting to allocate|\\[metal::malloc\\]', signal: 'allocFailed', weight: 7, resource: 'unified', note: 'MLX could not allocate Metal memory' },
  { pattern: 'command buffer \\d+ failed with status 5', signal: 'allocFailed', weight: 5, resource: 'unified', stage: 'eval', note: 'a Metal command buffer failed (status 5: out of memory)' },
  { pattern: 'greater than the recommended max working set size', signal: 'allocFailed', weight: 4, resource: 'unified', note: 'Metal allocated more than the working set macOS gives the GPU' },
  { pattern: 'ggml_metal_(?:add_buffer|init|graph_compute|buffer_type_alloc_buffer|buffer_from_ptr|host_malloc): error: (?:' + COULD_NOT + ' ' + ALLOCATE + '|buffer is nil)', signal: 'allocFailed', weight: 7, resource: 'unified', note: 'a Metal buffer could not be allocated' },
  // A buffer named after its device says which memory ran out (so a later line that names none cannot override it).
  { pattern: FAILED_TO + ' ' + ALLOCATE + ' ' + DEVICE_BUF + ' buffer', signal: 'allocFailed', weight: 6, resource: 'vram', note: 'a buffer on the GPU could not be allocated' },
  // ggml's OpenCL (Adreno), CANN, MUSA and SYCL buffer types say only that their allocation failed.
  { pattern: '(?:opencl|cann|musa|sycl|kompute)_buffer_type_alloc_buffer: ' + FAILED_TO + ' ' + ALLOCATE, signal: 'allocFailed', weight: 6, resource: 'vram', note: 'a buffer on the GPU could not be allocated' },
  { pattern: 'unable to allocate ' + DEVICE_BUF + ' buffer', signal: 'allocFailed', weight: 6, resource: 'vram', stage: 'weights', note: 'the weights could not be placed on the GPU' },
  { pattern: FAILED_TO + ' ' + ALLOCATE + ' (?:Metal|MTL)\\d* buffer', signal: 'allocFailed', weight: 6, resource: 'unified', note: 'a Metal buffer could not be allocated' },
  // ggml's Metal backend names itself in the function, not the buffer (ggml_metal_buffer_init,
  // ggml_backend_metal_buffer_type_alloc_buffer, ggml_metal_buffer_map: "error: failed to allocate buffer, size = …").
  { pattern: '(?:ggml_metal|ggml_backend_metal)\\w{0,40}: error: failed to allocate buffer', signal: 'allocFailed', weight: 6, resource: 'unified', note: 'a Metal buffer could not be allocated' },
  { pattern: 'unable to allocate (?:Metal|MTL)\\d* buffer', signal: 'allocFailed', weight: 6, resource: 'unified', stage: 'weights', note: 'the weights could not be placed in Metal memory' },
  { pattern: COULD_NOT + ' ' + ALLOCATE + ' ' + GPU_BUF + '_Host buffer', signal: 'allocFailed', weight: 5, resource: 'ram', note: 'pinned host memory (RAM) for a GPU backend could not be allocated' },
  { pattern: COULD_NOT + ' ' + ALLOCATE + ' (?:the )?(?:buffer for the model|model buffer)', signal: 'allocFailed', weight: 6, stage: 'weights', note: 'the weights could not be allocated' },
  // Older ggml names its buffers by what they hold ('data' the weights, 'kv' the cache, 'eval'/'alloc'/'scrN' the
  // compute scratch), padded with spaces inside the quotes: the name says the stage, whatever function printed it.
  { pattern: COULD_NOT + ' ' + ALLOCATE + " '(?:data|weights|model)\\s*' buffer", signal: 'allocFailed', weight: 6, stage: 'weights', note: "the weights' buffer could not be allocated (older ggml)" },
  { pattern: COULD_NOT + ' ' + ALLOCATE + " 'kv\\s*' buffer", signal: 'allocFailed', weight: 6, stage: 'kv', note: "the KV cache's buffer could not be allocated (older ggml)" },
  { pattern: COULD_NOT + ' ' + ALLOCATE + " '(?:eval|alloc|scr\\d*|compute)\\s*' buffer", signal: 'allocFailed', weight: 6, stage: 'compute', note: 'the compute scratch buffer could not be allocated (older ggml)' },
  // Older llama.cpp (and Ollama's runner) name no buffer type: after Ollama's own VRAM estimate it is
  // most often the layers kept in RAM that fail, so RAM leads and the GPU's weights stay open.
  { pattern: COULD_NOT + ' ' + ALLOCATE + ' (?:the )?backend buffer', signal: 'allocFailed', weight: 6, resource: 'ram', note: 'a buffer for the weights could not be allocated; the line names no device' },
  { pattern: COULD_NOT + ' (?:allocate|alloc|reserve|create) (?:buffer for )?(?:the )?kv[ _-]?cache|kv[ _-]?cache alloc(?:ation)? fail(?:ed|ure)|' + COULD_NOT + ' ' + ALLOCATE + ' kv', signal: 'allocFailed', weight: 7, stage: 'kv', note: 'the KV cache could not be allocated' },
  { pattern: COULD_NOT + ' ' + ALLOCATE + ' (?:the )?compute(?: pp| tg)? buffers?|compute buffer allocation fail(?:ed|ure)|' + COULD_NOT + ' reserve (?:the )?(?:compute )?(?:graph|buffers)', signal: 'allocFailed', weight: 7, stage: 'compute', note: 'a compute buffer could not be allocated' },
  // The same three stages in plain words, whatever the runtime: the buffer that failed names the stage.
  { pattern: '(?:compute|scratch|workspace|activation) buffers? (?:allocation failed|failed to allocate|could not be allocated|cannot be allocated|is too large|are too large|exceeds the)', signal: 'allocFailed', weight: 6, stage: 'compute', note: 'a compute (scratch) buffer could not be allocated' },
  // The same in the active voice: a workspace, scratch or activation buffer that could not be allocated
  // (cuBLAS's and FlashInfer's workspaces, a prefill scratch) is memory a prompt needs beyond the weights and cache.
  { pattern: '(?:failed to|unable to|could not|cannot|can.t) (?:allocate|reserve|create) (?:the |a |an )?(?:cuBLAS |cublas |FlashInfer |flashinfer |attention |temporary |prefill )?(?:workspace|scratch buffer|scratch memory|activation buffer|activations)\\b', signal: 'allocFailed', weight: 6, stage: 'compute', note: 'a workspace or scratch buffer for computing could not be allocated' },
  // ggml's scheduler aborting on a layer's KV cache placed in a GPU buffer that cannot run on it: the tensor is
  // larger than the backend can address in one buffer (Vulkan's maxStorageBufferRange: 128 MiB on lavapipe).
  { pattern: 'pre-allocated tensor \\(cache_[kv]_l\\d+\\) in a buffer \\(\\w+\\) that cannot run the operation', signal: 'allocFailed', weight: 6, resource: 'vram', stage: 'kv', note: "a layer's KV cache is larger than the GPU backend can address in one buffer" },
  { pattern: '(?:KV|key-value) cache (?:allocation failed|failed to allocate|could not be allocated|cannot be allocated|is too large|too large for|does not fit|exceeds the)', signal: 'allocFailed', weight: 6, stage: 'kv', note: 'the KV cache could not be allocated' },
  { pattern: '(?:model|weights) (?:is too large|is too big|are too large|are too big|too large|too big) (?:for|to fit)(?: in| into| on)? (?:the |your |available |this )?(?:GPU|VRAM|video memory|device)', signal: 'allocFailed', weight: 6, resource: 'vram', stage: 'weights', note: 'the weights do not fit the GPU' },
  // A model named with its size, said to exceed a memory budget (oMLX's max-model-memory, a server's limit). The name
  // between is bounded: an unbounded gap after every "model" on a long line is quadratic (the ReDoS check).
  { pattern: "(?:model|weights)\\b[^(\\n]{0,80}\\(\\d+(?:\\.\\d+)? ?[KMGT]i?B\\) (?:exceeds|is (?:more|larger) than)", signal: 'allocFailed', weight: 6, stage: 'weights', note: "the model's size exceeds the memory it may use" },
  // "Not enough memory for the KV cache / the compute graph / the model": what the memory was for names the stage.
  { pattern: '(?:not enough|insufficient) ' + GPU_MEMORY + ' (?:for|to (?:allocate|create|reserve|load|hold|fit)) (?:the )?(?:KV|key-value|kv_cache|cache|context)', signal: 'allocFailed', weight: 6, stage: 'kv', note: 'no memory was left for the KV cache' },
  { pattern: '(?:not enough|insufficient) ' + GPU_MEMORY + ' (?:for|to (?:allocate|create|reserve|hold|fit)) (?:the )?(?:compute|graph|scratch|activations?|prefill|workspace)', signal: 'allocFailed', weight: 6, stage: 'compute', note: 'no memory was left for the compute buffers' },
  { pattern: '(?:not enough|insufficient) ' + GPU_MEMORY + ' (?:for|to (?:allocate|load|hold|fit)) (?:the )?(?:model|weights|layers|tensors)', signal: 'allocFailed', weight: 6, stage: 'weights', note: 'the weights did not fit' },
  // Memory said to run out while a prompt was being processed (a prefill, a forward pass) or for the
  // activations it needs: the weights and the cache were in place, so the stage is the computing itself.
  { pattern: '(?:OOM|out[ -]of[ -]memory|ran out of memory) (?:during|while|in|at|on) [^\\n]{0,40}\\b(?:prefill|prompt processing|forward pass)\\b', signal: 'allocFailed', weight: 6, stage: 'eval', note: 'memory ran out while a prompt was being processed' },
  { pattern: 'activation memory (?:peak )?(?:exceeded|exceeds|is over|went over|over)\\b|(?:peak )?activations? (?:exceeded|exceed|do not fit|did not fit|don.t fit) (?:the )?(?:memory|budget|VRAM)', signal: 'allocFailed', weight: 6, stage: 'compute', note: 'the activations of a prompt needed more memory than was left' },
  // TGI's warm-up: a prefill batch of this many tokens did not fit beside the weights.
  { pattern: 'Not enough memory to handle \\d+|max[-_]batch[-_]prefill[-_]tokens', signal: 'allocFailed', weight: 5, resource: 'vram', stage: 'eval', note: 'a prefill batch did not fit the memory left after the weights' },
  { pattern: '(?:gallocr_reserve_n|graph_reserve)(?:_impl|_internal)?: ' + COULD_NOT + ' ' + ALLOCATE + '|gallocr_alloc_graph(?:_impl)?: failed|ggml_allocr_alloc: (?:not enough|insufficient) space|(?:not enough|insufficient) space in the buffer', signal: 'allocFailed', weight: 5, stage: 'compute', note: "the graph allocator's buffer could not grow" },
  // ggml's scheduler allocates each graph's splits as it runs one: a graph it cannot place failed while a prompt ran.
  { pattern: 'ggml_backend_sched_alloc_splits: failed|' + COULD_NOT + ' ' + ALLOCATE + ' (?:the )?(?:compute )?graph\\b', signal: 'allocFailed', weight: 5, stage: 'eval', note: 'the graph of a running prompt could not be allocated' },
  // "Not enough space in the context's (or scratch) memory pool" is no family: ggml's pool was sized too small by
  // the runtime's own code (the entry ggml-context-pool-too-small), not a device that ran out.
  { pattern: 'ggml_cuda_pool_malloc|cuMemCreate\\(|cuMemMap|vmm pool', signal: 'allocFailed', weight: 2, stage: 'eval', note: 'the memory pool for temporary tensors' },
  // ggml-cuda's pools (legacy and VMM, CUDA and HIP builds) grow while a graph runs: their frames name the stage.
  { pattern: 'in function (?:alloc|pool_malloc|ggml_cuda_pool_malloc) at|look_ahead_size|pool_addr \\+ pool_size|cuMemSetAccess|cuMemAddressReserve', signal: 'allocFailed', weight: 2, stage: 'eval', note: "ggml-cuda's pool for temporary tensors grew while a prompt ran" },
  // One buffer over the device's per-buffer limit. ggml allocates the weights and the KV cache in chunks
  // up to that limit (Metal maps the weights as views), so the one buffer that can exceed it is the
  // graph's compute buffer, unless the line names another ('data' is the weights of older builds).
  { pattern: "buffer 'data' size \\d+ is larger than|failed to add buffer", signal: 'allocFailed', weight: 7, stage: 'weights', note: 'the weights buffer is larger than the device allows (older builds)' },
  { pattern: "buffer 'kv' size \\d+ is larger than", signal: 'allocFailed', weight: 7, stage: 'kv', note: 'the KV cache buffer is larger than the device allows (older builds)' },
  { pattern: 'is larger than (?:the )?buffer maximum|(?:larger|greater|bigger) than (?:the )?max(?:imum)?(?: allowed| allowable| permitted| supported)? buffer size|exceeds (?:the )?max(?:imum)?(?: allowed| allowable| permitted| supported)? buffer (?:size|length)|maxBufferLength|must not exceed \\d+ ?[MG]i?B\\b', signal: 'allocFailed', weight: 6, stage: 'compute', note: 'one buffer is larger than the device allows: unnamed, it is the compute buffer (weights and cache are split to fit)' },
  { pattern: 'not enough resources to load', signal: 'allocFailed', weight: 4, stage: 'weights', note: 'the model could not be loaded with these settings (usually memory)' },
  { pattern: COULD_NOT + ' (?:create|initiali[sz]e) (?:the |a )?context\\b|llama_new_context_with_model: failed|context creation fail(?:ed|ure)', signal: 'allocFailed', weight: 4, stage: 'kv', note: 'the context (its KV cache) could not be created, usually for lack of memory' },
  { pattern: 'Failed to create llama_context|InsufficientMemoryError', signal: 'allocFailed', weight: 4, stage: 'kv', note: 'the context could not be created (llama-cpp-python, node-llama-cpp), usually for lack of memory' },
  { pattern: COULD_NOT + ' ' + ALLOCATE + ' (?:a )?buffer(?:,| of) size|Device memory allocation of size \\d+ failed', signal: 'allocFailed', weight: 6, note: 'a buffer could not be allocated' },
  // PyTorch's Metal backend (MPS) names its own limit: the memory macOS lets the GPU use, shared with the CPU.
  { pattern: 'MPS backend out of memory|MPS allocated: ', signal: 'allocFailed', weight: 8, resource: 'unified', note: "PyTorch's Metal backend (MPS) ran out of the memory the GPU may use" },
  { pattern: '(?:XPU|NPU|MUSA) out of memory', signal: 'allocFailed', weight: 7, resource: 'vram', note: 'PyTorch could not allocate on the accelerator (Intel XPU, Ascend NPU, Moore Threads)' },
  // The last alternative is the body of PyTorch's message, for a paste that lost its first words to a line wrap.
  { pattern: 'OutOfMemoryError|CUDA out of memory\\. Tried to allocate|HIP out of memory|Tried to allocate \\d+(?:\\.\\d+)? [KMG]iB\\. GPU \\d+ has a total capacity of', signal: 'allocFailed', weight: 7, resource: 'vram', note: 'PyTorch could not allocate on the GPU' },
  { pattern: 'GPU loading failed \\(out of VRAM|too little memory to allocate any layers|insufficient VRAM to load', signal: 'allocFailed', weight: 6, resource: 'vram', stage: 'weights', note: 'the weights did not fit the GPU' },
  { pattern: 'insufficient (?:VRAM|GPU memory|video memory)|not enough (?:VRAM|GPU memory|video memory)|out of VRAM|VRAM (?:is )?(?:full|exhausted|insufficient)', signal: 'allocFailed', weight: 5, resource: 'vram', note: 'the GPU memory was not enough' },
  { pattern: 'memory layout (?:cannot|could not|can.t) be allocated|model requires more (?:gpu|vram) memory|does not fit in (?:the )?(?:gpu|vram|device)', signal: 'allocFailed', weight: 6, resource: 'vram', stage: 'weights', note: 'the model does not fit the GPU' },
  // A runtime's own memory plan refusing the model before loading it (MTPLX on Apple silicon: "model does not fit:
  // weights + minimum runtime need 73.3 GiB but the engine budget is 72.0 GiB", batch 46).
  { pattern: '\\bmodel (?:does not|doesn.t|will not|won.t) fit(?: *[:;,.!]|$)|\\bweights\\b[^\\n]{0,60}\\bneed [\\d.]+ ?[KMGT]i?B but (?:the )?[\\w -]{0,30}budget is', signal: 'allocFailed', weight: 6, stage: 'weights', note: "the runtime's memory plan found that the weights do not fit the memory it may use" },
  { pattern: 'leaves? no ' + GPU_MEMORY + ' for the KV[ _-]?cache|reserved for KV[ _-]?Cache is -|memory for KV[ _-]?cache is (?:negative|not enough)|KV[ _-]?cache is negative|KV[ _-]?cache is insufficient|KV[ _-]?cache memory is negative|KV[ _-]?cache memory is insufficient', signal: 'allocFailed', weight: 7, resource: 'vram', stage: 'kv', note: 'the weights left no memory for the KV cache' },
  { pattern: 'No available memory for the cache blocks|KV[ _-]?cache is needed, which is larger than the available KV[ _-]?cache memory|insufficient memory for KV[ _-]?cache|Not enough memory for KV[ _-]?cache', signal: 'allocFailed', weight: 7, resource: 'vram', stage: 'kv', note: 'no memory was left for the KV cache' },
  // More sequences or tokens asked for than the cache has blocks ("max_num_seqs (1024) exceeds available Mamba cache
  // blocks (939)"): the memory left after the weights holds too small a KV (or recurrent state) cache.
  { pattern: 'exceeds? (?:the )?available (?:\\w+ )?cache blocks|not enough (?:\\w+ )?cache blocks|(?:fewer|too few) (?:\\w+ )?cache blocks', signal: 'allocFailed', weight: 6, resource: 'vram', stage: 'kv', note: 'the cache has fewer blocks than the sequences or tokens asked for' },
  // vLLM's memory profile: no blocks (or negative memory) left for the KV cache.
  { pattern: 'GPU blocks: 0\\b|Available KV[ _-]?cache memory: -|KV[ _-]?cache size: 0 tokens', signal: 'allocFailed', weight: 7, resource: 'vram', stage: 'kv', note: 'vLLM found no memory left for KV cache blocks' },
  // The cache's capacity in tokens or blocks, profiled from the memory left after the weights, came out
  // negative (SGLang's "profiled value -561981", a negative token or block count, a negative KV budget or memory
  // once the weights and overhead are taken off): no room for the cache.
  { pattern: 'profiled value -\\d|(?:max_total_num_tokens|num_gpu_blocks|num_blocks|cache blocks|KV[ _-]?cache tokens|KV[ _-]?cache capacity|max_num_tokens)[=:] ?-\\d|KV[ _-]?(?:cache[ _-]?)?(?:budget|memory)[=:] ?-\\d', signal: 'allocFailed', weight: 7, resource: 'vram', stage: 'kv', note: 'the memory left after the weights gives the KV cache a negative capacity' },
  // vLLM's workers: the step that sizes and allocates the KV cache failed (the cache cannot hold the length asked).
  { pattern: 'Error executing method (?:initialize_cache|initialize_from_config|_initialize_kv_caches)\\b', signal: 'allocFailed', weight: 5, resource: 'vram', stage: 'kv', note: 'setting up the KV cache failed' },
  { pattern: 'raise_if_cache_size_invalid|check_enough_kv_cache_memory', signal: 'allocFailed', weight: 6, resource: 'vram', stage: 'kv', note: "vLLM's check that the KV cache fits failed" },
  { pattern: 'is less than desired GPU memory utilization', signal: 'allocFailed', weight: 6, resource: 'vram', stage: 'weights', note: 'the GPU had less free memory than asked for' },
  { pattern: 'model weights take [\\d.]+ ?GiB', signal: 'allocFailed', weight: 1, resource: 'vram', note: "vLLM's memory profile" },
  { pattern: 'out[ -]of[ -]memory|\\bOOM\\b|ran out of memory|not enough memory|insufficient memory|memory exhausted|(?:failed to|failure to|unable to|could not|couldn.t) allocate memory|allocation fail(?:ed|ure)', signal: 'allocFailed', weight: 4, note: 'something ran out of memory' },
  // ...in RAM and the address space
  { pattern: COULD_NOT + ' ' + ALLOCATE + ' CPU(?:_Mapped|_REPACK| AARCH64)? buffer|cpu_buffer_type_alloc_buffer|cpu buffer allocation fail(?:ed|ure)', signal: 'allocFailed', weight: 6, resource: 'ram', note: 'a buffer in RAM could not be allocated' },
  { pattern: 'of pinned memory|pinned host memory|cudaHostAlloc|cudaMallocHost|hipHostMalloc|ggml_cuda_host_malloc', signal: 'allocFailed', weight: 3, resource: 'ram', note: 'page-locked host memory' },
  { pattern: 'std::bad_alloc|DefaultCPUAllocator|(?:^|\\s)MemoryError|Cannot allocate memory|ENOMEM|ggml_aligned_malloc: insufficient memory|(?:insufficient|not enough) (?:system memory|system RAM|host memory|RAM)\\b|requires more (?:system memory|system RAM|host memory|RAM)\\b|paging file is too small|commit limit|Speicher reicht nicht|mémoire insuffisante|memoria insuficiente|内存不足', signal: 'allocFailed', weight: 6, resource: 'ram', note: 'the computer ran out of RAM' },
  { pattern: 'insufficient system resources exist|system resources are insufficient|not enough system resources', signal: 'allocFailed', weight: 5, resource: 'ram', note: 'the runtime refused: not enough memory on the computer' },
  // LM Studio's loading guardrail refuses a model before loading it: the weights, in RAM and VRAM together
  // (the backend decides which memory it means: unified on a Mac).
  { pattern: '(?:stopped|aborted) due to insufficient system resources|loading guardrails?|guardrailHasEnoughResources', signal: 'allocFailed', weight: 5, stage: 'weights', note: 'the runtime refused to load the model: it would not fit the memory' },
  { pattern: 'HSA_STATUS_ERROR_OUT_OF_RESOURCES|hipErrorOutOfMemory', signal: 'allocFailed', weight: 8, resource: 'vram', note: 'the AMD GPU ran out of memory' },
  { pattern: 'ErrorOutOfHostMemory|out of host memory|not enough memory resources|ERROR_NOT_ENOUGH_MEMORY|ERROR_COMMITMENT_LIMIT', signal: 'allocFailed', weight: 6, resource: 'ram', note: 'the host (RAM or page file) ran out of memory' },
  // SYCL / OpenCL / Level Zero enums for host memory; Ollama's check of RAM + swap before loading (llm/server.go).
  { pattern: 'OUT_OF_HOST_MEMORY|model request too large for system', signal: 'allocFailed', weight: 6, resource: 'ram', note: 'the host (RAM and swap) cannot hold what was asked' },
  // "The system", "this machine", "the computer" are the host: a model (or request) said to be too large for it is
  // too large for its RAM and swap, whatever the runtime's sentence around it. A runtime that compares the two
  // prints a size beside it, which a user's own sentence ("too big for this machine") seldom does: that decides.
  { pattern: '[KMGT]i?B\\)? (?:is )?too (?:large|big) for (?:this|the|your) (?:system|machine|computer|host)\\b|too (?:large|big) for (?:this|the|your) (?:system|machine|computer|host) \\(?\\d', signal: 'allocFailed', weight: 6, resource: 'ram', note: 'the model is too large for the memory of the computer' },
  // Windows: 1455 is ERROR_COMMITMENT_LIMIT (page file), 0xC0000017 STATUS_NO_MEMORY; Linux: errno 12 is ENOMEM; Node's own heap.
  { pattern: 'error 1455\\b|STATUS_NO_MEMORY', signal: 'allocFailed', weight: 6, resource: 'ram', note: 'Windows ran out of RAM and page file' },
  { pattern: 'os error 12\\b|Errno 12\\]', signal: 'allocFailed', weight: 6, resource: 'ram', note: 'errno 12 is ENOMEM: the process could not get RAM' },
  { pattern: 'JavaScript heap out of memory|Reached heap limit', signal: 'allocFailed', weight: 6, resource: 'ram', note: "Node's heap ran out of memory" },
  // Shared memory (/dev/shm) is RAM: a container's default of 64 MB is too small for NCCL's or PyTorch's segments.
  { pattern: '(?:while creating|failed to create|unable to create|cannot create|could not create) (?:a |the )?shared memory segment', signal: 'allocFailed', weight: 5, resource: 'ram', note: "shared memory (/dev/shm) could not hold a segment: a container's is 64 MB unless raised" },
  // The same in the words of other languages' runtimes (Go's, Rust's, .NET's) and the OS: a runtime written in
  // them (Ollama, mistral.rs, candle, LocalAI) says RAM ran out this way.
  { pattern: 'runtime: out of memory|fatal error: out of memory|memory allocation of \\d+ bytes failed|System\\.OutOfMemoryException|Insufficient memory to continue the execution|system is low on (?:virtual )?memory|low on virtual memory|page allocation failure', signal: 'allocFailed', weight: 6, resource: 'ram', note: 'the process ran out of RAM (Go, Rust, .NET or the kernel)' },
  // The kernel's call trace of a page allocation that failed or stalled, when its first line was not pasted.
  { pattern: 'warn_alloc\\+0x|__alloc_pages_slowpath', signal: 'allocFailed', weight: 5, resource: 'ram', note: 'the kernel could not find free pages: the machine was out of RAM' },
  // glibc's ENOMEM and Windows' paging-file message in other locales (de, fr, es, pt, ru, ja, zh, ko).
  { pattern: 'Nicht genügend Hauptspeicher|Kann Speicher nicht|Impossible d\'allouer de la mémoire|No se puede asignar memoria|Não foi possível alocar memória|Невозможно выделить память|Недостаточно памяти|メモリを確保できません|メモリが不足|无法分配内存|内存溢出|메모리가 부족|메모리를 할당할 수 없습니다', signal: 'allocFailed', weight: 6, resource: 'ram', note: 'the computer ran out of RAM (the message in another language)' },
  { pattern: 'Auslagerungsdatei ist zu klein|fichier de pagination est insuffisant|archivo de paginación es demasiado pequeño|页面文件太小|ページング ファイルが小さすぎる', signal: 'allocFailed', weight: 7, resource: 'ram', note: 'Windows ran out of RAM and page file (the message in another language)' },
  // Windows NTSTATUS: 0xC0000017 STATUS_NO_MEMORY, 0xC000012D STATUS_COMMITMENT_LIMIT (as hex or as an unsigned exit code).
  { pattern: '(?:status|code|error|exception)[ :=]{1,2}(?:0xc0000017|0xc000012d|3221225495|3221225773)\\b', signal: 'allocFailed', weight: 6, resource: 'ram', note: 'Windows: the process ran out of memory (no memory, or the commit limit)' },
  { pattern: 'run out of application memory', signal: 'allocFailed', weight: 6, resource: 'ram', note: 'macOS ran out of memory for applications' },
  { pattern: 'Nicht genügend Arbeitsspeicher|Arbeitsspeicher reicht nicht|メモリ不足|메모리 부족|RESOURCE_TYPE_MEMORY', signal: 'allocFailed', weight: 6, resource: 'ram', note: 'the computer ran out of RAM' },
  { pattern: '显存不足|显存溢出|顯存不足|ビデオメモリ不足|VRAM 부족', signal: 'allocFailed', weight: 6, resource: 'vram', note: 'the GPU memory was not enough (the message in another language)' },
  // The GPU's memory named in other languages ("GPU内存不足" names the GPU before the word for RAM, so it outweighs it).
  { pattern: 'GPU内存不足|GPU 内存不足|GPUメモリ不足|GPU メモリ不足|GPUメモリが不足|GPU メモリが不足|VRAMが不足|VRAM が不足|ビデオメモリが不足|GPU 메모리 부족|GPU 메모리가 부족|nicht genügend (?:GPU-|Grafik|Video)speicher|Grafikspeicher (?:reicht nicht|ist voll)|mémoire (?:GPU|vidéo) insuffisante|memoria (?:de )?(?:GPU|video|vídeo) insuficiente|memória (?:de )?(?:GPU|vídeo) insuficiente|недостаточно видеопамяти|не хватает видеопамяти', signal: 'allocFailed', weight: 7, resource: 'vram', note: 'the GPU memory was not enough (the message in another language)' },
  { pattern: 'virtual memory exhausted|mmap failed|failed to mmap|VirtualAlloc|MapViewOfFile|address space', signal: 'allocFailed', weight: 4, resource: 'addressSpace', note: 'the process could not map memory' },
  { pattern: 'Out of memory: Kill|内存不足|oom_score_adj|total_vm|Killed process \\d+', signal: 'processKilled', weight: 5, resource: 'ram', note: "the kernel's OOM killer report" },
  // The rows of the kernel's task dump ("[  pid  ]   uid  tgid total_vm  rss pgtables_bytes swapents oom_score_adj name"),
  // which only the OOM killer prints: a bracketed pid, then seven numbers (eight on older kernels), then the name.
  // Whatever the locale of the timestamps, and without the header line.
  { pattern: '\\[ *\\d+\\]   *\\d+(?: +-?\\d+){6,7} [^\\s\\d]', signal: 'processKilled', weight: 6, resource: 'ram', note: "a row of the kernel's OOM task dump" },
  // ggml's own context buffer could not be allocated (malloc returned NULL; older builds assert on it).
  { pattern: 'mem_buffer != NULL|ggml_init: ' + COULD_NOT + ' ' + ALLOCATE + '|ggml_malloc: insufficient memory', signal: 'allocFailed', weight: 5, resource: 'ram', note: "ggml's context could not be allocated in RAM" },
  // ggml asserts that the pointer an allocation returned is not null (GGML_ASSERT(data), (addr), (buf != NULL)), in the
  // old form ("GGML_ASSERT: file.c:453: data") and the new ("GGML_ASSERT(data) failed"): a malloc in RAM that failed.
  // A GPU's allocations fail with their own messages first, which name their memory with more weight.
  { pattern: 'GGML_ASSERT: \\S+:\\d+: (?:data|addr|ptr|buf|buffer)(?: != NULL| != nullptr)?\\s*$|GGML_ASSERT\\((?:data|addr|ptr|buf|buffer)(?: != NULL| != nullptr)?\\) failed', signal: 'allocFailed', weight: 5, resource: 'ram', note: 'ggml found a null pointer where an allocation should be: RAM ran out' },
  { pattern: 'ArrayMemoryError|Unable to allocate [\\d.]+ [KMGTP]i?B for an array', signal: 'allocFailed', weight: 7, resource: 'ram', note: 'NumPy could not allocate an array in RAM' },

  // --- lines whose memory words are no failure (they cancel the allocation rules on that line) ---
  { pattern: COULD_NOT + ' (?:mlock|munlock)|RLIMIT_MEMLOCK|if you.re running out of (?:VRAM|memory)|if you are running out of (?:VRAM|memory)', signal: 'notAllocation', weight: 0, note: 'a warning or a hint, not a failed allocation' },
  // Advice and prevention in any runtime's tips, warnings and docs: "to avoid OOM", "if you run out of
  // memory", "may cause out-of-memory". They name memory running out without it having happened.
  { pattern: '(?:avoid|avoiding|prevent|preventing|risk of|so as not to|in case of|protect against|guard against) (?:an? |the |running into |hitting |getting )?(?:OOM|out[ -]of[ -]memory|running out of (?:VRAM|memory))|(?:cause|causes|lead to|leads to|result in|results in|trigger|triggers) (?:an OOM|OOM|an out-of-memory|out-of-memory|an out of memory|out of memory)|if you (?:run out of memory|run out of VRAM|run into OOM|get OOM|get an OOM|hit OOM|hit an OOM|see OOM|encounter OOM|get out of memory|get an out of memory|get out-of-memory|experience OOM)|if (?:it|the model) (?:runs out of memory|runs out of VRAM)|(?:may|might|could) (?:run out of memory|go out of memory|run out of VRAM)|without (?:any |an )?(?:OOM|out[ -]of[ -]memory)|(?:no|zero|never) (?:OOM|out-of-memory|out of memory) (?:errors?|issues?|problems?|crash(?:es)?)', signal: 'notAllocation', weight: 0, note: 'advice about memory, not a failed allocation' },
  // A GPU kernel's fault (CUDA's and HIP's "an illegal instruction was encountered") is no CPU lacking an instruction.
  { pattern: '(?:illegal|invalid) instruction was encountered|cudaErrorIllegalInstruction|CUDA_ERROR_ILLEGAL_INSTRUCTION|hipErrorIllegalInstruction', signal: 'notAllocation', weight: 0, cancels: 'illegalInstruction', note: "a GPU kernel's fault, not the CPU's" },
  // A GPU backend that failed to start ("failed to initialize Metal backend"), also as the reason a context was not
  // created: no lack of memory (the runtime that could not start reads as no GPU at work, below).
  { pattern: 'failed to initiali[sz]e (?:the )?(?:' + GPU_RUNTIME + '|GPU) backend', signal: 'notAllocation', weight: 0, note: 'a GPU backend that did not start, not a failed allocation' },
  // A memory estimate that is not a number: the estimate broke, not the memory.
  { pattern: 'NaN undefined|approximately NaN', signal: 'notAllocation', weight: 0, note: 'a memory estimate that failed, not a failed allocation' },
  // A model path with no file behind it (or none at all) is no bad model file: the loader's own words that follow
  // ("failed to load model") still count, this line does not (batch 46).
  { pattern: "failed to open (?:GGUF file )?'(?:[^'\\n]{1,400}'(?: \\(|: ')No such file or directory|' ?[:(])", signal: 'notAllocation', weight: 0, cancels: 'modelFormat', note: 'no file at the model path: not a bad model file' },

  // --- an error of any kind (it only keeps a log about an error from reading as a slowness report) ---
  { pattern: '\\berror\\b|exception\\b|traceback|fatal\\b|panic:|segmentation fault|core dumped|\\baborted\\b|\\bfailed\\b|GGML_ASSERT|terminate called', signal: 'errorReported', weight: 0, note: 'an error is reported' },

  // --- no device, driver library not loaded, running on the CPU ---
  { pattern: 'no (?:CUDA|ROCm|HIP|SYCL|Vulkan|Metal|GPU|NVIDIA|AMD|XPU|Intel|OpenCL|MPS)[- ](?:capable )?(?:devices?|GPUs?) (?:is |are |were )?(?:detected|found|available)', signal: 'noDevice', weight: 7, note: 'no GPU was found' },
  { pattern: 'No (?:compatible|usable|supported) GPUs?|no GPUs? (?:detected|found|available)|GPU (?:is )?not (?:detected|found|available)|unable to detect (?:a )?GPU|could not detect (?:a )?GPU|no devices found|found 0 (?:CUDA|SYCL|Vulkan|ROCm) devices|device count: 0', signal: 'noDevice', weight: 6, note: 'no usable GPU was found' },
  // A container asked for the GPU's device nodes and the host has none (no AMD driver, or WSL2 without /dev/kfd).
  { pattern: 'error gathering device information while adding custom device|adding custom device "?/dev/(?:kfd|dri|nvidia)[^"\\s]*"?: no such file', signal: 'noDevice', weight: 6, note: "the container was given GPU device nodes the host does not have" },
  { pattern: 'No (?:CUDA|NVIDIA) (?:driver|GPUs?)|Found no NVIDIA driver|NVIDIA driver (?:is )?not (?:installed|found|loaded)|could not select device driver|nvidia-container-cli: initialization error|--gpus all|NVIDIA_VISIBLE_DEVICES', signal: 'noDevice', weight: 5, note: 'the NVIDIA driver is not reachable' },
  { pattern: 'unable to load (?:cudart|cuda|nvml|rocm|amdhip|hip|vulkan|oneapi|level zero) (?:CUDA |ROCm )?(?:management |driver |runtime )?library|' + COULD_NOT + ' load (?:cudart|libcuda|nvcuda|amdhip|libvulkan|ggml-cuda|ggml-vulkan|ggml-hip)|' + COULD_NOT + ' (?:open|load|find) (?:the )?libOpenCL|(?:cudart|nvcuda|libcuda)(?:\\.so(?:\\.\\d+)*|\\.dll|64_\\d+\\.dll)? (?:not found|could not be loaded)|Unable to find cuda lib under the names', signal: 'noDevice', weight: 5, note: 'the GPU library could not be loaded' },
  // A Vulkan instance that cannot start or list its devices (the loader found no working driver): the runtime skips
  // Vulkan and runs on the CPU, whatever the driver's version. Above the driver-refusal reading of the same error word.
  { pattern: '(?:enumeratePhysicalDevices|createInstance|vkCreateInstance|enumerateDevices)\\W{1,4}(?:ErrorInitializationFailed|VK_ERROR_INITIALIZATION_FAILED)|ignoring Vulkan exception', signal: 'noDevice', weight: 5, note: 'Vulkan could not start or list its devices: no usable Vulkan driver' },
  { pattern: 'library=cpu|running on CPU|fall(?:ing|s)? back to CPU|fallback to CPU|CPU only mode|CPU-only|cpu fallback|using CPU instead|GPU (?:acceleration|offload) (?:is )?(?:disabled|not available|unavailable)|device: cpu\\b', signal: 'noDevice', weight: 4, note: 'it ran on the CPU' },
  { pattern: 'no usable GPU found|not compiled with GPU offload support|compiled without GPU support|GPU offload (?:is )?not supported|--n?-?gpu-layers? option will be ignored', signal: 'noDevice', weight: 6, note: 'this build or machine offers no GPU to offload to' },
  { pattern: 'Torch not compiled with (?:CUDA|ROCm|HIP) enabled|not compiled with (?:CUDA|ROCm|HIP|GPU) support', signal: 'noDevice', weight: 6, note: 'this build has no GPU support at all, so it runs on the CPU' },
  // Ollama's AMD discovery (discover/amd_linux.go): no usable ROCm, so it runs on the CPU.
  { pattern: 'unable to verify rocm library|no suitable rocm found|will use cpu\\b', signal: 'noDevice', weight: 5, note: 'the ROCm libraries could not be used, so it ran on the CPU' },
  // A build that lists the GPU targets it supports, and lists none: its GPU libraries (ROCm's kernels, a CUDA
  // build's architectures) are not there at all, so no GPU can be used, whichever GPU it found.
  { pattern: 'supported (?:types|targets|architectures|archs|devices|GPUs|gfx(?: targets)?)[=:] ?\\[\\s*\\]', signal: 'noDevice', weight: 6, note: 'the build lists no GPU target it supports: its GPU libraries are missing' },
  { pattern: 'hipErrorNoDevice|cudaErrorNoDevice|CUDA_ERROR_NO_DEVICE|No HIP GPUs are available|Could not initialize Tensile host: No devices found|No device of requested type available|ggml_vulkan: No devices found', signal: 'noDevice', weight: 7, note: 'the runtime found no GPU' },
  { pattern: 'NoDevicesFound|No gpus found|"gpuInfo": ?\\[\\]|"gpus": ?\\[\\]|"gpu_count": ?0\\b', signal: 'noDevice', weight: 5, note: 'the GPU survey found none' },
  { pattern: 'Failed to infer device type|No GPU backend (?:found|detected|available)|GPU offload was requested but is not available|gpuVendor=""|BLAS ?[=:] ?0 \\|', signal: 'noDevice', weight: 5, note: 'no GPU backend was found or chosen' },
  { pattern: COULD_NOT + ' find (?:any |a )?(?:compatible |suitable |usable |supported )?GPU|no nvidia devices detected|CPU mode\\b|total_vram="0 B"|is_available\\(\\) (?:returned |is )?False|unknown or invalid runtime name: nvidia|"run_mode": ?"cpu"|no Metal device|Metal is not supported|GPU: None', signal: 'noDevice', weight: 5, note: 'no GPU is visible to the runtime' },
  // Driver libraries that load but do not start, GPU discovery that fails, containers that see no driver (NGC images, Ollama, LM Studio).
  { pattern: 'driver library init failure|cudart init failure|nvml init failure|failure during GPU discovery|GPU discovery (?:failed|timed out)|failed to detect (?:any |a )?GPUs?', signal: 'noDevice', weight: 5, note: 'the runtime could not find or start a GPU' },
  { pattern: 'NVIDIA Driver was not detected|GPU functionality will not be available', signal: 'noDevice', weight: 6, note: 'the container sees no NVIDIA driver: it runs without the GPU' },
  { pattern: '未检测到\\s*GPU|未找到\\s*GPU|没有检测到\\s*GPU|GPU\\s*が見つかりません|GPU\\s*を検出できません|Keine GPU gefunden|keine GPU erkannt|aucun GPU (?:détecté|trouvé)|ningún GPU|nenhuma GPU', signal: 'noDevice', weight: 5, note: 'no GPU was found (in another language)' },
  { pattern: 'GPU를 찾을 수 없|GPU가 감지되지 않|GPU не найден|не обнаружен\\S{0,2} GPU|no se (?:detectó|encontró) (?:ninguna )?GPU|nessuna GPU', signal: 'noDevice', weight: 5, note: 'no GPU was found (in another language)' },
  { pattern: 'Device type is CPU', signal: 'noDevice', weight: 5, note: 'the only device is the CPU (a software renderer)' },
  // Intel's Level Zero and AMD's HIP SDK not there at all: the runtime cannot see the GPU.
  { pattern: 'ZE_RESULT_ERROR_UNINITIALIZED|zeInit failed|HIP SDK (?:is )?not (?:found|installed)', signal: 'noDevice', weight: 5, note: 'the GPU runtime (Level Zero, HIP SDK) is not there, so no GPU is visible' },
  // `ollama ps`: the model's size, then where it runs; all of it on the CPU.
  { pattern: '(?:GB|MB) {1,12}100% CPU\\b', signal: 'noDevice', weight: 5, note: 'the model runs entirely on the CPU' },
  // A survey's answer in any tool's words: PyTorch's collect_env ("Is CUDA available: False"), a backend
  // said to be unavailable, Ollama with only its CPU runner, a device chosen as the CPU.
  { pattern: '(?:CUDA|GPU|ROCm|HIP|MPS|XPU) available: ?(?:False|No)\\b|runners="?\\[cpu\\]|(?:CUDA|ROCm|HIP|Vulkan|SYCL|MPS|XPU|NVIDIA GPU|AMD GPU|GPU support|GPU acceleration) (?:(?:is |was )?(?:not available|unavailable|not detected)|(?:isn.t|wasn.t|will not be|won.t be) (?:available|detected))\\b', signal: 'noDevice', weight: 6, note: 'the GPU backend reports no usable device' },
  // llamafile and others that link the GPU module at run time: the module loaded, but no GPU can be used with it.
  { pattern: 'GPU support (?:is |was )?not possible|was explicitly requested,? but (?:it )?(?:wasn.t|was not|is not|isn.t) available|GPU (?:support |offload |acceleration )?(?:was )?requested,? but (?:it )?(?:wasn.t|was not|is not|isn.t) available', signal: 'noDevice', weight: 6, note: 'a GPU was asked for, but none could be used' },
  // A failure raised inside a binding's GPU initialisation (GPT4All's init_gpu, a gpu_init): the GPU it asked for could not be set up.
  { pattern: 'init_gpu|\\bgpu_init\\b|initialize_gpu\\b', signal: 'noDevice', weight: 4, note: 'the failure came while the GPU was being initialised: the GPU could not be used' },
  // GPT4All's reason for running a model on the CPU although a GPU was chosen: its Vulkan backend cannot run this quantization.
  { pattern: 'model or quant has no GPU support', signal: 'noDevice', weight: 5, note: 'the model was loaded on the CPU: this model or quantization cannot run on the GPU backend' },
  // onnxruntime-genai asked for an execution provider its installed package was not built with (the CPU package
  // for DirectML or CUDA), and Foundry Local's "The specified EP cuda is not registered": the GPU is never used
  // (batches 46 and 47).
  { pattern: 'Unknown provider type: \\w+|specified EP \\w+ is not registered', signal: 'noDevice', weight: 5, note: 'the installed package has no execution provider for this GPU: install the GPU (DirectML, CUDA) package' },
  { pattern: '(?:using device|running on device|selected device):? ?.?cpu\\b', signal: 'noDevice', weight: 4, note: 'the run chose the CPU as its device' },
  // Ollama names the vendor's library ("no compatible amdgpu devices detected"); surveys count zero; vLLM
  // finds no platform, or settles on the CPU one.
  { pattern: 'no compatible (?:amdgpu|rocm|cuda|nvidia|vulkan|intel|oneapi) (?:devices?|GPUs?)|\\b0 GPUs? (?:detected|found)|GPUs? detected: 0\\b|GPU count: 0\\b|Found 0 GPUs?\\b|No platform (?:detected|found)\\b|running on UnspecifiedPlatform', signal: 'noDevice', weight: 6, note: 'no usable GPU was found' },
  { pattern: 'Automatically detected platform cpu\\b', signal: 'noDevice', weight: 4, note: 'vLLM chose its CPU platform: no GPU was visible' },
  // Ollama's discovery could not read an NVIDIA GPU's memory (no device context: a container that lost the
  // device, a vGPU without a licence), so it starts its CPU runner.
  { pattern: 'error looking up (?:nvidia|amd|intel|rocm|cuda) GPU memory|failed to get (?:primary )?device context', signal: 'noDevice', weight: 5, note: "the runtime could not reach the GPU's memory, so it ran on the CPU" },
  // koboldcpp's launcher picks a GPU backend only for a GPU it detected; otherwise it says it chose the default (CPU) one.
  { pattern: 'Auto Selected Default Backend|Unable to detect VRAM', signal: 'noDevice', weight: 5, note: 'koboldcpp detected no GPU and chose its CPU backend' },
  // llama.cpp's dynamic backend loader (and Ollama's runner that uses it) could not load a GPU backend library.
  { pattern: 'failed to load \\S{0,200}ggml-(?:cuda|hip|rocm|vulkan|sycl|opencl|musa)', signal: 'noDevice', weight: 5, note: 'the GPU backend library could not be loaded, so it runs on the CPU' },
  // The same library said to be absent rather than failing to load (a prebuilt module looked for and not there).
  { pattern: 'ggml-(?:cuda|hip|rocm|vulkan|sycl|opencl|musa)[\\w.-]{0,40} (?:not found|is missing|missing|was not found|could not be found|does not exist)', signal: 'noDevice', weight: 5, note: 'the GPU backend library is not there, so it runs on the CPU' },
  // A search for the GPU's libraries (driver, management or runtime library) that found none: without them no GPU
  // can be used, whichever GPU is in the machine.
  { pattern: '(?:discovered|found|detected) (?:GPU |CUDA |NVIDIA |ROCm |AMD )?librar(?:y|ies)"?:? ?(?:paths=)?\\[?\\s*\\]', signal: 'noDevice', weight: 5, note: "the search for the GPU's libraries found none" },
  // Ollama's runner selection in its own words: the GPU libraries it could use, and none is listed.
  { pattern: 'librar(?:y|ies)"? compatible=\\[\\s*\\]', signal: 'noDevice', weight: 6, note: 'no GPU library of this install can be used, so it runs on the CPU' },
  { pattern: 'Device string must not be empty|GPU survey unsuccessful|iGPU detected,? skipping|skipping (?:unsupported|incompatible) GPU', signal: 'noDevice', weight: 5, note: 'no usable GPU was found or it was skipped' },
  // A GPU that was found but set aside (too old for the compiled architectures, unsupported, an iGPU): the run falls back to the CPU.
  { pattern: 'skipping (?:(?:CUDA|ROCm|HIP|Vulkan|SYCL|Metal|AMD|NVIDIA|Intel|OpenCL|oneAPI) )?(?:GPU|device)\\b|(?:ignoring|filtering(?: out)?|excluding) (?:(?:CUDA|ROCm|HIP|Vulkan|SYCL|AMD|NVIDIA|Intel) )?(?:GPU|device) (?:\\d|with|because|due|that|which)', signal: 'noDevice', weight: 5, note: 'a GPU was found but skipped, so the run uses the CPU' },
  // A build that lacks the GPU backend altogether, in ggml's macro names or in words.
  { pattern: 'GGML_USE_(?:CUDA|CUBLAS|HIP|HIPBLAS|SYCL|VULKAN|METAL|CLBLAST|KOMPUTE|MUSA|CANN|OPENCL) (?:is )?not (?:enabled|defined|set)|(?:not built|built without|compiled without) (?:with )?(?:CUDA|ROCm|HIP|SYCL|Vulkan|Metal|cuBLAS|hipBLAS|CLBlast|OpenCL|oneAPI)\\b|(?:CUDA|ROCm|HIP|SYCL|Vulkan|Metal|OpenCL) backend (?:is )?(?:not (?:enabled|available|compiled)|unavailable|disabled)', signal: 'noDevice', weight: 6, note: 'this build has no backend for the GPU, so it runs on the CPU' },
  // nvidia-smi and its driver, PyTorch's MPS, koboldcpp's and LocalAI's own words for running without a GPU library.
  { pattern: "couldn't communicate with the NVIDIA driver|nvidia-smi: (?:command )?not found|'nvidia-smi' is not recognized|NVIDIA-SMI has failed", signal: 'noDevice', weight: 6, note: 'the NVIDIA driver is not installed or not running' },
  { pattern: 'MPS (?:backend )?(?:is )?not available|total[ _]vram"?="?0 B', signal: 'noDevice', weight: 5, note: 'no GPU memory or device is visible to the runtime' },
  { pattern: 'library file not found\\. Non-BLAS|Non-BLAS library will be used|Attempting to use (?:the )?(?:CPU|non-BLAS) library|no (?:CUDA|GPU|ROCm|HIP) backend (?:is )?(?:present|available|found)', signal: 'noDevice', weight: 5, note: 'the GPU library was not found, so it runs on the CPU' },
  { pattern: 'libcuda\\.so(?:\\.\\d+)*: ' + COULD_NOT + ' open|nvcuda\\.dll (?:was )?not found|libnvidia-ml\\.so(?:\\.\\d+)*: ' + COULD_NOT + ' open', signal: 'noDevice', weight: 7, note: "the NVIDIA driver's own library is not there: the driver is not installed or not visible (container, sandbox)" },
  { pattern: 'max buffer size: 0\\)|maxBufferLength\\s*=\\s*0\\b|max allocation size: 0\\b', signal: 'noDevice', weight: 7, note: 'the GPU reports no usable memory: it is not really available to the runtime' },
  { pattern: 'llvmpipe|SwiftShader|Microsoft Basic Render', signal: 'noDevice', weight: 3, note: 'only a software (CPU) device was found' },
  // Container GPU passthrough (CDI, nvidia-container-toolkit) failed, or the OS shows no graphics at all
  // (ghw, used by LocalAI and others, reads /sys/class/drm).
  { pattern: 'unresolvable CDI devices?|(?:inject|injecting|setting up) CDI devices?|CDI device injection failed|(?:does not have|has no|without) (?:a |any )?CDI (?:configuration|spec)|No CDI (?:configuration|spec)s? (?:found|available)|nvidia-ctk cdi generate|unknown device: nvidia\\.com/gpu|nvidia-container-runtime(?:-hook)?: (?:no such file|not found|executable file not found)', signal: 'noDevice', weight: 6, note: 'the container was started without access to the GPU' },
  { pattern: '/sys/class/drm does not exist|GraphicsCards will be an empty array|(?:machine|container) with no graphics|no graphics (?:cards?|adapters?|devices?) (?:found|detected|present)', signal: 'noDevice', weight: 6, note: 'the system shows no graphics device at all (a VM or a container without the GPU)' },
  { pattern: COULD_NOT + ' initiali[sz]e ' + GPU_RUNTIME + '|cuInit failed|init failure: 100\\b|CUDA error 100\\b|CUDA initialization: |amdgpu version file missing|amdgpu (?:driver )?(?:not|is not) (?:loaded|found)', signal: 'noDevice', weight: 5, note: 'the GPU runtime could not start: usually no device or driver is visible' },
  { pattern: 'offloaded 0/\\d+ ' + LAYERS + ' to (?:the )?GPU|layers\\.offload=0\\b|0 ' + LAYERS + ' (?:offloaded|on (?:the )?GPU)|offloading 0 repeating ' + LAYERS, signal: 'noDevice', weight: 4, note: 'no layer went to the GPU' },
  // llama.cpp sizes a compute buffer on every device that computes: one on the CPU alone is a run without a GPU
  // (counted for half when a GPU's weights or buffers appear beside it, see readFamilies).
  { pattern: '\\bCPU +compute buffer size ?[=:]', signal: 'noDevice', weight: 4, note: 'the compute buffer is in RAM: the run computes on the CPU' },
  // A listing of devices (llama.cpp's --list-devices, front-ends that run it) with no device under its header: the
  // runtime found none, whatever it printed instead ("(none)", an empty line, nothing at all).
  { pattern: '(?:\\s|' + LINE_START + ')(?:Available|Usable|Detected|Found) (?:GPU |compute |backend )?(?:devices|GPUs|accelerators):\\s*$|Device list output:', signal: 'deviceListing', weight: 0, listing: 'header', note: 'a listing of devices, with none under it' },
  { pattern: '\\d MiB, \\d+ MiB free\\)|^\\s*' + GPU_BUF + ': \\S', signal: 'deviceListing', weight: 0, listing: 'device', note: 'a device in a listing' },
  // ggml's backend loader names each backend it loaded: the CPU one alone is a run that found no GPU backend.
  { pattern: 'load_backend: loaded CPU backend', signal: 'deviceListing', weight: 0, listing: 'header', note: 'only the CPU backend was loaded' },
  { pattern: 'load_backend: loaded (?:CUDA|ROCm|HIP|Vulkan|Metal|SYCL|MUSA|CANN|OpenCL|RPC) backend|ggml_cuda_init: found [1-9]|library=(?:cuda|rocm|metal|vulkan|oneapi)\\b', signal: 'deviceListing', weight: 0, listing: 'device', note: 'a GPU backend was loaded' },

  // --- driver, toolkit and architecture mismatch ---
  { pattern: 'driver version is insufficient|insufficient for CUDA runtime|cudaErrorInsufficientDriver|CUDA_ERROR_SYSTEM_DRIVER_MISMATCH|cudaErrorSystemDriverMismatch|CUDA error 80[34]\\b|forward compatibility (?:was|is) a|cudaErrorCompatNotSupportedOnDevice|Driver/library version mismatch|unsupported display driver', signal: 'toolkitMismatch', weight: 7, note: 'the driver is older than the toolkit the build needs' },
  { pattern: 'PTX was compiled with an unsupported toolchain|PTX JIT compil|CUDA_ERROR_UNSUPPORTED_PTX_VERSION|unsupported toolchain', signal: 'toolkitMismatch', weight: 7, note: 'the build was compiled with a newer CUDA than the driver supports' },
  { pattern: 'no kernel image is available|kernel image is invalid|invalid device function|hipErrorNoBinaryForGpu|no binary for gpu|HSA_STATUS_ERROR_INVALID_ISA|cudaErrorNoKernelImageForDevice|TensileLibrary(?:_lazy)?(?:_gfx[0-9a-f]+)?\\.dat|not compiled for (?:this|your) (?:GPU|architecture)', signal: 'toolkitMismatch', weight: 7, note: 'the build has no code for this GPU architecture' },
  // HIP's loader in its own words (hip_fatbin, the code object manager), whatever the release's phrasing:
  // the fat binary has no code object for this GPU's gfx target ("No compatible code objects found for: gfx1152").
  { pattern: '(?:no|cannot find|could not find|can.t find|unable to find|did not find|failed to find) (?:a |any )?(?:valid |compatible |matching |suitable |usable )?(?:GPU |device )?code objects?\\b', signal: 'toolkitMismatch', weight: 7, note: 'the build has no code object for this GPU architecture' },
  // bitsandbytes finding no build of its own for the CUDA version it detected ("Required library version not found:
  // libbitsandbytes_cuda122.so"), then falling back to its CPU library: the GPU was found, the release lacks a binary
  // for that toolkit. Weight 7: the CPU fallback it then reports ("compiled without GPU support") follows from it (batch 48).
  { pattern: 'Required library version not found: libbitsandbytes_cuda\\d+', signal: 'toolkitMismatch', weight: 7, note: 'bitsandbytes has no build for the CUDA version it found, and fell back to the CPU: install a release built for it, or the toolkit it was built for' },
  // A toolkit that lists the chips it supports, and this one is not among them (CANN's SOC_VERSION, a build's target list).
  { pattern: '(?:does not support|not supported|unsupported)[,.:]? the support(?:ed)? list is|is not in the support(?:ed)? list', signal: 'toolkitMismatch', weight: 6, note: "the toolkit does not support this chip: it is not in the toolkit's list" },
  // A runtime's floor in its own words counts too: "GPUs with compute capability below 7.0 are not supported" (vLLM on a P100).
  { pattern: '(?:gfx\\d{3,4}[a-z]?|sm_\\d{2,3}[a-z]?|compute capability \\d+\\.\\d) ' + NOT_SUPPORTED + '|is not compatible with the current PyTorch|GPU with PyTorch, please check the instructions|unsupported (?:gpu|cuda) arch|Unsupported gpu architecture|compute capability \\d+\\.\\d (?:is )?(?:too old|below|not supported)|minimum (?:required )?compute capability|(?:GPUs?|devices?|cards?) with (?:a )?(?:CUDA )?compute capability (?:(?:below|less than|lower than|under|older than) |< ?)\\d+(?:\\.\\d)? (?:are )?' + NOT_SUPPORTED, signal: 'toolkitMismatch', weight: 6, note: 'the GPU architecture is not supported by this build' },
  { pattern: 'undefined symbol: _{0,2}(?:cu|hip|nv|nccl|rocblas|hipblas|cublas|vk|sycl)|The specified procedure could not be found|version [`\'](?:GLIBC|GLIBCXX|CUDA|libcublas)_?\\d+(?:\\.\\d+)*\' not found|The procedure entry point', signal: 'toolkitMismatch', weight: 6, note: 'a library has other symbols than the build expects' },
  // A missing symbol of the C++ standard library (operator new/delete, std::…) means the binary was built
  // against another libstdc++ than the one it loaded: leftovers of an older install, or an older system.
  { pattern: 'undefined symbol: _Z(?:d[la]Pv|n[wa][jmy]|NSt|NKSt|St\\d)', signal: 'toolkitMismatch', weight: 6, note: 'the binary was built against another C++ standard library than the one it loaded' },
  // A missing library is a GPU matter when it is one of the GPU stack's (or a runtime's GPU backend, such
  // as libggml-cuda): another (libssl, libGL, a Python module's) says nothing about the GPU, and neither does
  // the runtime's own core (libllama-common, llama-addon.node missing from a container or a package: batch 34).
  // The library's name starts where a file name does, and runs unbounded to its suffix: a bounded run
  // after this alternation ({0,40}) took recheck over a minute to clear, and an unanchored start let
  // "HIP.HIP.HIP…" restart at every dot (quadratic).
  { pattern: '(?:^|[^\\w.+-])(?:lib)?(?:cuda|cudart|cublas|cublasLt|cudnn|nvrtc|nvidia|nvcuda|nccl|amdhip|hip|rocm|rocblas|hipblas|hsa|vulkan|OpenCL|ze_loader|sycl|mkl|nvinfer|(?:ggml|llama)[-_](?:cuda|hip|rocm|vulkan|sycl|metal|blas|opencl)|koboldcpp_(?:cublas|hipblas|vulkan|clblast))[\\w.+-]*(?:: ' + COULD_NOT + ' open shared object file|\\.dll not found|\\.dll was not found)|DLL load failed|error while loading shared libraries: lib(?:cuda|cudart|cublas|cudnn|nvrtc|nvidia|nccl|amdhip|hip|rocm|rocblas|hipblas|hsa|vulkan|OpenCL|ze_|sycl|mkl|(?:ggml|llama)[-_](?:cuda|hip|rocm|vulkan|sycl|metal|blas|opencl))', signal: 'toolkitMismatch', weight: 5, note: 'a GPU runtime library is missing' },
  { pattern: COULD_NOT + ' open shared object file|\\.dll not found|\\.dll was not found|error while loading shared libraries', signal: 'toolkitMismatch', weight: 2, note: 'a library is missing (not one of the GPU stack: a hint only)' },
  // Windows' STATUS_DLL_NOT_FOUND as an exit code (hex, unsigned and signed decimal): the loader could not find a DLL the
  // engine links against before it ran a line, which for a GPU build is its CUDA runtime, cuBLAS or the VC++ runtime.
  { pattern: '(?:exit(?:ed)? (?:with )?(?:status|code)|exit code|status code|returned)[:=]? ?(?:0xc0000135|3221225781|-1073741515)\\b|STATUS_DLL_NOT_FOUND', signal: 'toolkitMismatch', weight: 5, note: 'Windows could not start the engine: a DLL it links against (a CUDA runtime, cuBLAS, the VC++ runtime) was not found' },
  { pattern: 'CUDA error (?:35|209|222|804|999)\\b|CUDA driver error|ErrorIncompatibleDriver|VK_ERROR_INCOMPATIBLE_DRIVER|ErrorInitializationFailed|HSA_STATUS_ERROR|rocm driver (?:not|too)', signal: 'toolkitMismatch', weight: 4, note: 'the GPU driver refused the runtime' },
  // The GPU is seen but its backend does not start (node-llama-cpp's inspect, runtimes' probes): the build or the driver does not fit it.
  { pattern: '(?:detected|found),? but (?:using it failed|' + COULD_NOT + ' (?:load|initiali[sz]e|start|be used)|could not be (?:used|initiali[sz]ed)|is unusable)', signal: 'toolkitMismatch', weight: 6, note: 'the GPU is there, but its backend failed to start' },
  // nvidia-container-cli's requirement check (an image built for a newer CUDA than the host driver supports)
  // and any runtime that asks for a newer driver.
  { pattern: 'unsatisfied condition: cuda ?>=|update your driver to a newer version|requires a (?:newer|more recent) (?:NVIDIA |GPU |graphics )?driver|(?:NVIDIA |GPU |graphics )?driver (?:version )?(?:\\d+(?:\\.\\d+)* )?only supports CUDA', signal: 'toolkitMismatch', weight: 7, note: 'the driver is older than the CUDA the image or build needs' },
  // A GPU generation below what a compiler or kernel library supports (Triton, FlashInfer, a prebuilt wheel).
  { pattern: 'too old to be supported|only supports devices of (?:CUDA |compute )?capability|(?:device|GPU) is of (?:CUDA |compute )?capability', signal: 'toolkitMismatch', weight: 6, note: 'the GPU generation is older than this build, compiler or kernel supports' },
  { pattern: COULD_NOT + ' initiali[sz]e NVML|NVML library version mismatch', signal: 'toolkitMismatch', weight: 4, note: 'the NVIDIA management library does not match the driver' },
  // NVML's "Unknown Error" is not a version mismatch: inside a container it is the container having lost
  // its GPU device nodes (a systemd daemon-reload under cgroup-managed devices), so no GPU is visible. It
  // outweighs the rule above, which its line also matches.
  { pattern: COULD_NOT + ' initiali[sz]e NVML: Unknown Error', signal: 'noDevice', weight: 6, note: 'the NVIDIA management library cannot reach the GPU (in a container: the device nodes were lost)' },
  // NVML's return 18 is NVML_ERROR_LIB_RM_VERSION_MISMATCH (the driver library and the kernel module differ);
  // CUDA's 35 / 803 / 804 are an insufficient driver, a system driver mismatch, a forward-compat refusal.
  // Ollama prints the bare numbers ("nvmlInit_v2 err: 18", "nvml vram init failure: 18", "cudart init failure: 35").
  { pattern: 'nvmlInit(?:_v2)? err(?:or)?:? 18\\b|nvml (?:vram )?init failure: 18\\b|NVML_ERROR_LIB_RM_VERSION_MISMATCH|RM_VERSION_MISMATCH|cuInit(?:_v2)? err(?:or)?:? 80[34]\\b|(?:cudart|driver library|cuda) init failure: (?:35|80[34])\\b', signal: 'toolkitMismatch', weight: 7, note: 'the driver library and the kernel driver (or the toolkit) are different versions' },
  // The same events as enum names (CUDA driver and runtime APIs, HIP, SYCL's UR/PI): no code for this GPU,
  // an image or PTX the driver cannot load, a driver older than the runtime.
  { pattern: 'CUDA_ERROR_NO_BINARY_FOR_GPU|CUDA_ERROR_INVALID_IMAGE|CUDA_ERROR_INVALID_PTX|cudaErrorInvalidKernelImage|cudaErrorInvalidPtx|cudaErrorInvalidDeviceFunction|hipErrorInvalidDeviceFunction|hipErrorInvalidImage|hipErrorInvalidKernelFile|hipErrorSharedObjectInitFailed|hipErrorInsufficientDriver|UR_RESULT_ERROR_INVALID_BINARY|PI_ERROR_INVALID_BINARY', signal: 'toolkitMismatch', weight: 7, note: 'the build has no code this GPU or driver can run' },
  // A binary or library built for a newer OS than this one (dyld cannot find a symbol the OS lacks). One built for
  // another CPU architecture (dyld's "incompatible architecture", the Windows loader's WinError 193, exec's
  // "exec format error") is no driver or toolkit matter: the entry binary-for-another-cpu-architecture reads it
  // (the dev split's three such logs, a Rosetta Python, an amd64 binary in an arm64 image, are all labelled
  // `unknown`, none the toolkit's; this rule read them as the toolkit's from batch 7 to 47).
  { pattern: 'dyld(?:\\[\\d+\\])?: Symbol not found|Symbol not found: \\(?_(?:MTL|cblas|ggml|llama)', signal: 'toolkitMismatch', weight: 5, note: 'a binary or library was built for a newer OS' },
  // ptxas refusing an instruction or feature for the build's target (block-scaled MMA needs sm_120a, not
  // plain sm_120): the build was configured for another architecture (variant) than its code needs. Weight 7,
  // like the other rules of a build without code for the GPU: the kernel it fails on may be flash attention's.
  { pattern: "not supported on \\.target '?sm_\\d+", signal: 'toolkitMismatch', weight: 7, note: "the build's target architecture lacks an instruction its code uses" },
  // A prebuilt engine or kernel plan (TensorRT) made on another GPU: it must be rebuilt for this one.
  { pattern: '(?:generated|built|compiled|created) (?:on|for) an? incompatible (?:device|GPU|platform)|expecting compute \\d+\\.\\d+,? got compute', signal: 'toolkitMismatch', weight: 6, note: 'the engine was built for another GPU architecture' },
  // A crash inside the Visual C++ runtime's thread or mutex code: an msvcp140.dll older than the one the
  // build was compiled against is loaded first (Visual Studio 2022 17.10 changed std::mutex). Only these
  // functions: a crash elsewhere in the runtime (a faulting VCRUNTIME140.dll) is any bug's crash.
  { pattern: MSVC_SYNC + '[^\\n]{0,80}msvcp140|msvcp140[^\\n]{0,80}' + MSVC_SYNC, signal: 'toolkitMismatch', weight: 5, note: "an older Visual C++ runtime (msvcp140.dll) than the build needs" },
  // PyTorch's C++ symbols: an extension (vLLM's _C, a kernel package) built against another torch version.
  { pattern: 'undefined symbol: _ZN(?:3c10|2at|5torch)', signal: 'toolkitMismatch', weight: 6, note: 'an extension was built against another PyTorch version' },
  // Ollama's AMD discovery (discover/amd_*.go): the GPU is seen, but its gfx target is not in the ROCm build,
  // so Ollama skips it and runs on the CPU. What the user meets is no GPU at work, and the dev logs that
  // print it are labelled so (6 of 7 after batch 22): the fix is still a ROCm build or override for the target.
  { pattern: 'amdgpu is not supported|amdgpu too old', signal: 'noDevice', weight: 6, note: "the AMD GPU's architecture is not in this ROCm build, so it is skipped" },
  // The list of targets the build has, beside it, keeps the mismatch as the second reading.
  { pattern: 'supported[_ ]types[=:] ?"?\\[gfx', signal: 'toolkitMismatch', weight: 4, note: "the AMD GPU's architecture is not among the ROCm build's targets" },
  { pattern: 'no longer supports this GPU|CUDA Setup failed|compiled without (?:support for )?(?:this|your) (?:GPU|architecture)', signal: 'toolkitMismatch', weight: 6, note: 'the build or the library does not support this GPU generation' },
  { pattern: 'NVRM: API mismatch|kernel module has the version|mismatches the version that was used to compile|named symbol not found|cudaErrorSymbolNotFound|COMPAT_NOT_SUPPORTED|CUBLAS_STATUS_(?:NOT_INITIALIZED|ARCH_MISMATCH|NOT_SUPPORTED)|invalid value for --gpu-architecture', signal: 'toolkitMismatch', weight: 6, note: 'the driver, the toolkit and the build do not match one another' },

  { pattern: 'driver on your system is too old|driver (?:version )?is too old|update your (?:GPU|NVIDIA|graphics) driver|has no device code compatible with|no device code|was compiled for: __CUDA_ARCH|Unable to load kernel|(?:ROCm|HIP|CUDA) error: invalid argument|hipMemGetInfo|unspecified launch failure', signal: 'toolkitMismatch', weight: 6, note: 'the driver or the build does not fit this GPU' },
  { pattern: 'cudaErrorUnsupportedPtxVersion|CUDA error: operation not supported|device does not support (?:fp16|int dot|the required)|HSA_OVERRIDE_GFX_VERSION(?:=|: ?)["\\\\]{0,3}(?:gfx)?\\d|required instruction set', signal: 'toolkitMismatch', weight: 4, note: 'the build expects a GPU feature this device or driver lacks' },
  { pattern: 'Could not (?:find|load) (?:module|library)|\\(or one of its dependencies\\)|The specified module could not be found|Could not load engine', signal: 'toolkitMismatch', weight: 5, note: 'a library of the runtime (or one it depends on) is missing' },
  // HIP registers a program's kernels when its library loads; it fails when the code objects do not fit this GPU or this HIP (ZLUDA's cuBLAS on another HIP, lshqqytiger/ZLUDA#43).
  { pattern: 'Cannot register (?:Static Global Var|Fat ?Binary|Function|Var)|__hipRegisterFatBinary', signal: 'toolkitMismatch', weight: 5, note: "the GPU runtime could not register the library's kernels: they were built for another GPU or HIP version" },
  // Metal could not compile the backend's shader library or find a kernel in it (MTLLibraryErrorDomain: a header
  // it cannot find, a static_assert the OS's headers fail, a function missing from it): the build does not match
  // this macOS or GPU. No lack of memory reads so, and the context that then fails to be created follows from it.
  { pattern: 'MTLLibraryErrorDomain|metal_library_init(?:_from_source)?: error compiling', signal: 'toolkitMismatch', weight: 6, note: 'Metal could not build or use the shader library: the build does not match this macOS or GPU' },
  // macOS refusing an app built for a newer macOS, and a Metal feature (residency sets, macOS 15) the GPU lacks (batch 35).
  { pattern: "(?:can.t|cannot) use this version of the application [^\\n]{0,80}with this version of macOS|requires macOS \\d+(?:\\.\\d+)* or (?:later|newer)|requires a newer version of macOS", signal: 'toolkitMismatch', weight: 6, note: 'the app or runtime was built for a newer macOS than this one' },
  { pattern: 'does not support residency sets', signal: 'toolkitMismatch', weight: 5, note: 'the build uses a Metal feature this GPU or macOS lacks' },
  { pattern: COULD_NOT + ' (?:load|compile|build) (?:the )?(?:default )?(?:Metal library|metallib)|only supported on GPUs with compute capability|LoadLibraryExW? failed', signal: 'toolkitMismatch', weight: 4, note: 'the GPU, its driver or the OS is too old for this build' },
  // A compiled shader library (Metal's metallib, a SPIR-V or HSACO blob) in a language version the OS or driver does
  // not have: the build is newer than the system it runs on.
  { pattern: 'language version \\d+(?:\\.\\d+)*,? (?:which )?' + NOT_SUPPORTED, signal: 'toolkitMismatch', weight: 6, note: "the build's GPU kernels use a language version this OS or driver does not support" },
  // A lost device is a GPU hang or reset (driver timeout, a crash in a kernel): a hint of a driver problem, not a verdict.
  { pattern: 'ErrorDeviceLost|VK_ERROR_DEVICE_LOST|device lost\\b|device was lost\\b', signal: 'toolkitMismatch', weight: 2, note: 'the GPU was lost (hang or reset)' },
  { pattern: 'load pipeline error|AIR builtin function|ggml_metal_init\\(\\) failed|' + COULD_NOT + ' (?:create|load) (?:the )?(?:compute )?pipeline|Compiler encountered an internal error', signal: 'toolkitMismatch', weight: 5, note: "the GPU's shader compiler or driver cannot build this build's kernels" },
  // A Vulkan driver without the extension or feature the build asks for; SYCL kernels not built for this device.
  { pattern: 'ErrorExtensionNotPresent|ErrorFeatureNotPresent|VK_ERROR_EXTENSION_NOT_PRESENT|VK_ERROR_FEATURE_NOT_PRESENT', signal: 'toolkitMismatch', weight: 5, note: 'the Vulkan driver lacks an extension or feature this build needs' },
  { pattern: 'PI_ERROR_INVALID_KERNEL_NAME|UR_RESULT_ERROR_INVALID_KERNEL_NAME|PI_ERROR_BUILD_PROGRAM_FAILURE|UR_RESULT_ERROR_PROGRAM_BUILD_FAILURE|No kernel named \\S+ was found', signal: 'toolkitMismatch', weight: 6, note: 'the SYCL build has no kernel for this device' },
  { pattern: 'requires Vulkan 1\\.\\d|Vulkan 1\\.\\d (?:or (?:later|newer|higher) )?(?:is )?required', signal: 'toolkitMismatch', weight: 5, note: 'the Vulkan driver is older than the build needs' },
  // A build without code for this GPU generation, in PyTorch's, Triton's and ptxas' words; a Vulkan device
  // without the storage types the shaders use.
  { pattern: 'supports CUDA capabilities sm_|is not defined for option .gpu-name|ptxas fatal', signal: 'toolkitMismatch', weight: 6, note: 'the build (or its compiler) has no code for this GPU generation' },
  { pattern: '-bit storage (?:is )?(?:not supported|unsupported)|(?:does not|doesn\'t) support (?:16|8)-bit storage', signal: 'toolkitMismatch', weight: 5, note: "the Vulkan driver lacks a feature this build's shaders need" },
  // A compiler error in a GPU backend's kernel sources (CUDA, HIP, Metal shaders) while building the runtime: the
  // source builds with the toolkits it was written for, so one that fails there is a toolkit (nvcc, hipcc, ROCm's
  // rocWMMA or rocBLAS headers) at a version it does not build with (ggml-org/llama.cpp#19269: ROCm 7.2's rocWMMA).
  // It outweighs the flash-attention kernel's name (fattn) in the same output: a kernel that does not compile is
  // the toolkit's failure, whichever kernel it is. A compiler prints the line and the column; ggml's own message at
  // run time ("fattn-wmma-f16.cu:437: ERROR: CUDA kernel … has no device code") has the line only.
  { pattern: '\\.(?:cu|cuh|hip|metal):\\d+:\\d+: (?:fatal )?error: ', signal: 'toolkitMismatch', weight: 8, note: "building a GPU backend failed in its kernel sources: the toolkit's compiler or headers are at a version this source does not build with" },
  // Versions that do not match, in any library's words: a driver said to be outdated, a library loaded at
  // another version than the build's, a build for a newer CUDA.
  { pattern: 'driver (?:is )?(?:outdated|out of date)|outdated (?:GPU |NVIDIA |AMD |graphics |display )?drivers?|Loaded runtime \\w+ library: [\\d.]+ but source was compiled with|(?:CUDA|cuDNN|driver|toolkit|ROCm|HIP|NCCL) version mismatch|(?:compiled with|compiled against|compiled for|built with|built against|built for) CUDA [\\d.]+,? but|requires CUDA [\\d.]+ or (?:later|newer|higher)|requires CUDA ?>= ?\\d', signal: 'toolkitMismatch', weight: 6, note: 'the driver, the toolkit and the build are at versions that do not fit' },
  // A build or library that names the toolkit's version as one it does not support (a build script, a wheel's check).
  { pattern: 'unsupported (?:CUDA|ROCm|HIP|cuDNN|NCCL|oneAPI|SYCL|Vulkan)(?: toolkit| runtime| SDK| driver)? version|(?:CUDA|ROCm|HIP|cuDNN)(?: toolkit| runtime| SDK)? version \\S{1,20} ' + NOT_SUPPORTED, signal: 'toolkitMismatch', weight: 6, note: 'the toolkit is at a version this build does not support' },
  // A library loaded at another version than the one the build was compiled against (PyTorch's cuDNN check, NCCL, the CUDA runtime).
  { pattern: '(?:cuDNN|CUDA|NCCL|cuBLAS|driver|ROCm|MIOpen) version incompatibility|compiled against (?:CUDA|cuDNN|NCCL|ROCm|PyTorch|torch) [\\d.]+ but (?:found|linked|loaded|the runtime)', signal: 'toolkitMismatch', weight: 6, note: 'a GPU library is at another version than the build was compiled against' },

  // --- a worker or process killed (the host ran out of memory) ---
  { pattern: 'Out of memory: Kill(?:ed)? process|invoked oom-killer|oom-kill|oom_reaper|OOMKilled|OOM killer|killed by the OOM', signal: 'processKilled', weight: 8, resource: 'ram', note: 'the kernel killed the process for lack of RAM' },
  // The kernel's OOM report beyond its first line (the memory summary, the task dump) and user-space OOM daemons.
  { pattern: 'Mem-Info:|Free swap += 0kB|lowmem_reserve\\[\\]|oom_kill_process|dump_tasks|Tasks state \\(memory values in pages\\)|Memory cgroup out of memory|memory\\.max reached|oom-kill:constraint', signal: 'processKilled', weight: 6, resource: 'ram', note: "the kernel's out-of-memory report" },
  { pattern: 'systemd-oomd\\[\\d+\\]: Killed|Killed \\S+ due to memory|at or below SIG(?:TERM|KILL) limits|sending SIG(?:TERM|KILL) to process \\d+|low virtual memory condition|killed due to memory pressure', signal: 'processKilled', weight: 6, resource: 'ram', note: 'the system killed or warned about a process for lack of memory' },
  { pattern: 'signal: killed|signal 9\\b|SIGKILL|exit (?:status|code):? (?:137|-9)\\b|exited with code 137|returned non-zero exit status -9|killed by signal 9|terminated by signal 9|exitcode: -9', signal: 'processKilled', weight: 6, resource: 'ram', note: 'the process was killed (signal 9, usually the OOM killer)' },
  // torchrun, Python's subprocess and asyncio: the exit code of a child killed by signal 9, spaced or not.
  { pattern: 'exitcode +: -9\\b|returncode[ =:]+-9\\b|return code -9\\b|exit code -9\\b|Signals\\.SIGKILL', signal: 'processKilled', weight: 6, resource: 'ram', note: 'a child process was killed (signal 9, usually the OOM killer)' },
  { pattern: 'status=9/KILL|Killed: 9\\b|code=killed', signal: 'processKilled', weight: 6, resource: 'ram', note: 'the process was killed (signal 9, usually the OOM killer)' },
  { pattern: 'Exited \\(137\\)|exit code 137\\b|exited with status 137', signal: 'processKilled', weight: 6, resource: 'ram', note: '137 is 128 + 9: the container or process was killed' },
  // Ray's own OOM monitor (vLLM's distributed workers): it kills a worker when the node's RAM crosses a threshold.
  { pattern: 'Memory on the node|ray-oom-prevention|node running low on memory|exceeds the memory usage threshold|Ray killed this worker', signal: 'processKilled', weight: 7, resource: 'ram', note: "Ray killed a worker because the node's RAM ran short" },
  { pattern: '已杀死|Getötet\\s*$|Убито\\s*$|' + LINE_START + '\\s*Killed\\s*$|\\] Killed|zsh: killed', signal: 'processKilled', weight: 6, resource: 'ram', note: 'the shell reports the process was killed' },
  // The shell's job report of a killed child, whatever shell or script printed it (and behind whatever prefix a log
  // collector adds: journald's, docker's "name | ", a front-end's "[INFO] "): bash names the script and
  // its line ("run.sh: line 5: 12989 Killed"), job control the job number ("[1]+  Killed", zsh's "[1]    16261 killed  cmd").
  { pattern: 'line \\d+: +\\d+ Killed\\b|(?:^|\\s|' + LINE_START + ')\\[\\d+\\](?: +[+-])? +\\d+ killed\\b|(?:^|\\s|' + LINE_START + ')\\[\\d+\\][+-]? +Killed\\b', signal: 'processKilled', weight: 6, resource: 'ram', note: 'the shell reports that a job was killed (signal 9, usually the OOM killer)' },
  // glibc's strsignal(SIGKILL) as a shell prints it in other locales (fr, es, it, pt, ja, ko).
  { pattern: LINE_START + '\\s*(?:Processus arrêté|Terminado \\(killed\\)|Ucciso|Morto|強制終了|죽었음)\\s*$', signal: 'processKilled', weight: 6, resource: 'ram', note: 'the shell reports the process was killed (in another language)' },
  { pattern: 'died unexpectedly|terminated abruptly|A process in the process pool was terminated|exited unexpectedly|runner process (?:has terminated|no longer running)|process has been terminated|was terminated unexpectedly', signal: 'processKilled', weight: 3, note: 'a worker process died' },
  { pattern: 'due to resource limitations|resource limitations or an internal error', signal: 'processKilled', weight: 3, note: 'the runner stopped, which the runtime blames on resources' },
  { pattern: 'memory pressure|low memory|jetsam|Memory Compression|swap(?:ping)? (?:heavily|full)|swap space', signal: 'processKilled', weight: 2, resource: 'ram', note: 'the system was short of memory' },
  // Containers and job runners that stop a process at its memory limit (Kubernetes, Docker, Slurm, cgroups).
  { pattern: '(?:container|process|pod|task|worker|job) (?:was )?killed (?:due to|because of|for) (?:memory|OOM|exceeding)|memory limit (?:exceeded|reached)(?: for| on| in)? (?:the )?(?:container|pod|cgroup|process)|exceeded (?:its |the )?(?:container |pod |job )?memory limit', signal: 'processKilled', weight: 6, resource: 'ram', note: 'the process was stopped at its memory limit' },

  // --- context-window refusals ---
  // The limit named by what it bounds: the context, or the length of a sequence, a prompt or an input the model takes.
  { pattern: EXCEEDS + ' (?:the )?(?:available |model.s )?(?:max(?:imum)? |allowed )?(?:' + CONTEXT + '\\b|(?:sequence|model|input|prompt) length\\b)|' + CONTEXT + ' (?:length|window|size) (?:exceeded|is too small|overflow)|context_length_exceeded|exceed_context_size', signal: 'contextRefused', weight: 7, note: 'the prompt does not fit the context' },
  // Running out of context or of tokens is the same limit: the session's token budget is its context.
  // llama.cpp's decode with no free cells left ("failed to find a memory slot for batch", llama-server's "KV cache is
  // full - try increasing it via the context size", a binding's "No KV slot available"): the context holds no more
  // tokens. A full context that the runtime tries to shift on a model whose positions cannot shift (M-RoPE: Qwen-VL,
  // Qwen3.5) stops in llama.cpp's assert that "seq_add() is only supported for n_pos_per_embd() == 1".
  { pattern: 'input truncated|input has been truncated|input was truncated|available context length|longer than the specified maximum sequence length|exceeds dimension size|could not find a KV slot|no KV slot (?:available|found)|seq_add\\(\\) is only supported|failed to find (?:a )?(?:memory|KV(?: cache)?) slot|KV[ _-]?cache is full|failed to find free space in the KV[ _-]?cache|n_tokens <= n_batch|context shift is disabled|does not support K-shift|' + CONTEXT + ' is full|(?:ran|run|runs|running) out of (?:' + CONTEXT + '|tokens)\\b', signal: 'contextRefused', weight: 5, note: 'the input did not fit the context (or the batch)' },
  { pattern: 'larger than the max context size|exceeds max context|max_tokens must be at least 1|n_tokens_all <= cparams\\.n_batch|too (?:long|large|big) for the model|prompt exceeds|exceeds the context length', signal: 'contextRefused', weight: 6, note: 'the input is longer than the context allows' },
  { pattern: 'must have less than \\d+ tokens', signal: 'contextRefused', weight: 5, note: 'the input did not fit the context (or the batch)' },
  { pattern: '`max_new_tokens` must be <=', signal: 'contextRefused', weight: 5, note: 'the input did not fit the context (or the batch)' },
  { pattern: '(?:prompt|input|message)(?: \\(\\d+ tokens\\))? (?:is |was )?too (?:long|large|big)|(?:request|context)(?: \\(\\d+ tokens\\))? (?:is |was )?too long', signal: 'contextRefused', weight: 6, note: 'the input is longer than the context allows' },
  { pattern: 'too many tokens|longer than the maximum|longer than the model|longer than the context|longer than context|max(?:imum)? ' + CONTEXT + ' (?:length|size|window) is|prompt size exceeds|truncating input prompt|input is too large to process', signal: 'contextRefused', weight: 6, note: 'the input is longer than the context allows' },
  // Chat front-ends (text-generation-webui, LM Studio, Open WebUI) that drop old messages to fit the context.
  { pattern: 'too many (?:messages|turns) for (?:the )?context|dropping \\d+ oldest messages?|oldest messages? (?:was |were )?(?:dropped|removed|discarded)|new size would be \\d+ tokens', signal: 'contextRefused', weight: 6, note: 'the conversation is longer than the context, so old messages were dropped' },
  { pattern: '超出(?:了)?(?:最大)?上下文|超过(?:了)?(?:最大)?上下文|上下文长度超(?:出|过)|コンテキスト長を超え|コンテキストの長さを超え', signal: 'contextRefused', weight: 6, note: 'the input is longer than the context allows (in another language)' },
  { pattern: 'Kontext(?:länge|fenster|größe)? (?:wurde )?überschritten|überschreitet (?:die |das )?(?:maximale )?Kontext|excede (?:el|la) (?:longitud|ventana|tamaño) (?:máxim[oa] )?de(?:l)? contexto|dépasse (?:la )?(?:longueur|taille|fenêtre) (?:maximale )?(?:du|de) contexte|excede (?:o|a) (?:comprimento|janela|tamanho) (?:máximo )?d[eo] contexto|превышает (?:максимальн\\S{0,4} )?(?:длину|размер) контекста|컨텍스트 (?:길이|크기)를 초과', signal: 'contextRefused', weight: 6, note: 'the input is longer than the context allows (in another language)' },
  // llama-server shifting the context: the conversation filled the whole window, and half of it is dropped.
  { pattern: 'slot context shift, n_keep = \\d+, n_left', signal: 'contextRefused', weight: 4, note: 'the conversation filled the context window, so the server dropped part of it (context shift)' },
  { pattern: 'n_keep \\(\\d+\\) >= n_ctx', signal: 'contextRefused', weight: 6, note: 'the input is longer than the context allows' },
  { pattern: 'n_keep: \\d+ >= n_ctx', signal: 'contextRefused', weight: 6, note: 'the input is longer than the context allows' },
  { pattern: CONTEXT + ' limit reached|reached (?:the )?(?:max(?:imum)? )?' + CONTEXT + ' (?:limit|length|size)|' + CONTEXT + ' window (?:is )?full', signal: 'contextRefused', weight: 6, note: 'the conversation filled the context' },
  // A prompt's length set against the limit in any runtime's sentence: "Prompt is 11543 tokens but the context window is 4096".
  { pattern: '(?:prompt|input|request|message|conversation)s? (?:is|has|contains|of|with) \\d+ tokens,? (?:but the |but model|which exceeds|exceeding the|while the |whereas the|and exceeds|that exceeds)', signal: 'contextRefused', weight: 6, note: 'the input is longer than the context allows' },
  // llama-server's "Context size has been exceeded." and its siblings in the passive voice.
  { pattern: CONTEXT + ' (?:length|window|size|limit) (?:has been|was|is|got) exceeded|exceeded (?:the )?(?:max(?:imum)? )?' + CONTEXT + ' (?:length|window|size|limit)', signal: 'contextRefused', weight: 7, note: 'the prompt does not fit the context' },
  { pattern: 'tokens to keep from the initial prompt is greater than the context|' + CONTEXT + ' (?:the )?overflows?|truncated to \\d+ tokens', signal: 'contextRefused', weight: 6, note: 'the input is longer than the context allows' },
  { pattern: '(?:greater|larger) than (?:the )?(?:derived |maximum )?max_model_len|max_model_len (?:is )?too (?:large|long)|exceeds the maximum sequence length|max_position_embeddings', signal: 'contextRefused', weight: 5, note: 'the configured length is beyond what the model or engine allows' },
  { pattern: 'n_ctx_(?:per_)?seq \\(\\d+\\) [<>] n_ctx_train', signal: 'contextRefused', weight: 2, note: 'the context is not the model\'s trained length' },
  // The KV cache cannot hold the model's maximum length: a context limit and a KV shortfall at once.
  { pattern: '(?:larger|greater|longer|more) than the max(?:imum)? number of tokens (?:that )?(?:can be stored|can fit|fit) in (?:the )?KV[ _-]?cache|estimated maximum model length is', signal: 'kvBelowModelLength', weight: 8, note: "the KV cache cannot hold the model's maximum length" },
  { pattern: 'too large for the available (?:VRAM|memory)|A context size of \\d+ is too large', signal: 'kvBelowModelLength', weight: 6, note: 'the asked context does not fit the free memory' },

  // --- flash attention refused ---
  // The kernel, build or version may stand between the name and the refusal ("this flash attention build does not support").
  { pattern: '(?:flash[ _-]?attn|flash[ _-]?attention|FlashAttention)(?:[ _-]?2(?:\\.0)?)?(?: build| kernel| version| backend| implementation| library)? (?:(?:is |was )?(?:not supported|unsupported|only supports?|requires|not compatible|incompatible|not available|cannot be used|forced off|disabled because|not implemented|enabled but not supported)|(?:isn.t|wasn.t) (?:supported|available|compatible|implemented)|(?:does not|doesn.t|did not|didn.t|cannot|can.t) (?:support|handle))', signal: 'flashAttentionRefused', weight: 6, note: 'flash attention was refused' },
  // A package reported as not installed is what the environment has (start-up banners list every optional kernel so),
  // not a refusal: it counts with a request for flash attention beside it, not alone.
  { pattern: '(?:flash[ _-]?attn|flash[ _-]?attention|FlashAttention)(?:[ _-]?2(?:\\.0)?)? (?:is |was )?not installed', signal: 'flashAttentionRefused', weight: 3, note: 'the flash-attention package is not installed' },
  { pattern: '(?:does not support|cannot use|requires|incompatible with) (?:flash[ _-]?attn|flash[ _-]?attention|FlashAttention)', signal: 'flashAttentionRefused', weight: 5, note: 'flash attention was refused' },
  { pattern: '(?:not supported|unsupported) (?:by|with|for) (?:flash[ _-]?attn|flash[ _-]?attention|FlashAttention)|not found in your environment: flash_attn|flash_attn_2_cuda|flash_attn_cuda', signal: 'flashAttentionRefused', weight: 5, note: 'flash attention cannot be used here (head size, dtype, or the package is missing)' },
  { pattern: 'not compiled with flash attention|use Flash Attention 2(?:\\.0)? with a model not initialized|flash attention (?:kernel )?(?:is )?unavailable', signal: 'flashAttentionRefused', weight: 5, note: 'flash attention is not available in this build or setup' },
  // "FA" for flash attention, in runtimes' and UIs' short words (after a space: an anchor may not start with hex letters).
  { pattern: ' FA not supported| FA unsupported| FA is not supported| FA is unsupported| FA not available| FA is not available| FA forced off| FA was forced off| FA auto-disabled| FA was auto-disabled', signal: 'flashAttentionRefused', weight: 5, note: 'flash attention was refused' },
  // FlashInfer (the attention kernels of SGLang and vLLM) rejecting a head size or a GPU it has no kernel for.
  { pattern: 'FlashInfer Internal Error: Invalid configuration|Invalid configuration : (?:num_frags_|NUM_MMA_)', signal: 'flashAttentionRefused', weight: 6, note: "FlashInfer's attention kernels have no configuration for this head size or GPU" },
  { pattern: 'FLASH_ATTN_EXT|flash_attn_ext|fattn|is_fa_version_supported', signal: 'flashAttentionRefused', weight: 7, note: 'the flash-attention kernel itself failed or is missing for this GPU' },
  { pattern: 'Flash Attention tensor is assigned to device CPU|but (?:the )?Flash Attention (?:tensor )?is assigned to device|Flash Attention not supported, set to disabled|auto, set to disabled|forcing flash attention off|disabling flash attention|No module named .?flash_attn|Failed to build flash-attn|flash_attn not found|toggled on, but it cannot be used', signal: 'flashAttentionRefused', weight: 5, note: 'flash attention was turned off or could not be used' },
  // TensorRT-LLM's fused (flash) attention kernels, refused on GPUs older than their minimum (NVIDIA/TensorRT-LLM#320).
  // (A span between the kernel's name and the refusal on either side made recheck's analysis run for minutes: only the path form is read.)
  { pattern: 'Unsupported architecture \\([^\\s)]{0,200}(?:fmha|FusedMultiHeadAttention)', signal: 'flashAttentionRefused', weight: 7, note: 'the fused (flash) attention kernels do not support this GPU' },
  { pattern: 'Using XFormers backend|Cannot use FlashAttention', signal: 'flashAttentionRefused', weight: 3, note: 'vLLM fell back from FlashAttention' },
  // vLLM's short name for FlashAttention: "Cannot use FA version 2 is not supported due to FA3 is only supported on devices with compute capability >= 8".
  { pattern: 'use FA (?:version )?\\d|FA (?:version )?\\d (?:is )?not supported|FA\\d (?:is )?only supported on', signal: 'flashAttentionRefused', weight: 6, note: 'this FlashAttention version is not supported on this GPU' },
  { pattern: 'Ampere (?:GPUs? )?or newer|ampere \\(30 series\\) or newer|compatibility mode', signal: 'flashAttentionRefused', weight: 5, note: 'flash attention needs a newer GPU than this one' },
  { pattern: '\\bFA on\\b|\\bFA off\\b|-fa on\\b|-fa off\\b|-fa [01]\\b|flash[ _-]?attn(?:ention)? (?:on|off|enabled|disabled)\\b|attention[_ ]backend', signal: 'flashAttentionRefused', weight: 2, note: 'flash attention is part of the question', perLine: true },
  // vLLM / SGLang: an attention backend refused for this GPU generation or model kind.
  { pattern: 'backends? (?:are|is) (?:only )?supported on|(?:attention|attn) backend (?:is )?not supported|unsupported attention backend|No (?:valid|available) attention backend', signal: 'flashAttentionRefused', weight: 4, note: 'the attention backend asked for is not supported here' },
  // An attention feature the model needs that only one backend has ("Attention sinks are only supported for TRTLLM backend").
  { pattern: '(?:attention|attn|sinks?|sliding[ _-]window|softcap(?:ping)?|alibi)\\b[^.]{0,40} (?:are|is) only supported (?:for|with|by|on|in) (?:the )?\\S+ (?:attention )?backend', signal: 'flashAttentionRefused', weight: 5, note: 'the attention backend in use does not support what this model needs' },
  // An attention library with no kernel built for this model's shape on this GPU (FlashInfer's TRT-LLM kernels, fmha).
  { pattern: '(?:trtllm-gen|fmha|attention|flashinfer) kernels? (?:not found|missing|not available|unavailable)', signal: 'flashAttentionRefused', weight: 5, note: 'the attention library has no kernel for this model (its head size) on this GPU' },
  // A chosen attention kernel refused for this model's shape (its head size) or configuration.
  { pattern: 'Selected backend \\S+ is not valid for this configuration|head_size not supported|headsize not supported|head size not supported|head_size is not supported|head size is not supported|unsupported head[_ ]size', signal: 'flashAttentionRefused', weight: 5, note: 'the attention kernel does not support this model (its head size) or configuration' },
  // The flash-attention kernels' checks on the head dimension (flash-attn's "head_size % 8 == 0 && head_size <= 128",
  // "headdim must be a multiple"): the model's head size is one the kernel does not handle.
  { pattern: '(?:head_size|head_dim|headdim) % ?\\d+ ?== ?0\\)|(?:head_size|head_dim|headdim) <= ?\\d+\\)|(?:head_size|head_dim|headdim|head dimension) (?:must|should) be (?:a multiple|divisible|<=|at most|one of|\\d+\\b)', signal: 'flashAttentionRefused', weight: 5, note: "the attention kernel's check on the head size failed: the model's head size is not one flash attention supports" },
  { pattern: 'V cache quantization requires flash|quantized V cache (?:requires|needs)|FLASH_ATTN_EXT\\(hs=', signal: 'flashAttentionRefused', weight: 6, note: 'quantized V cache needs flash attention, which is not available' },
  // Ollama (llm/server.go): a quantized KV cache asked for while flash attention is off falls back to f16.
  { pattern: 'cache requested but flash attention (?:is )?disabled', signal: 'flashAttentionRefused', weight: 6, note: 'the quantized KV cache was dropped because flash attention is off' },

  // --- illegal instruction ---
  { pattern: 'illegal (?:hardware )?ins|(?:illegal|invalid|undefined) (?:cpu |machine )?(?:instruction|opcode)|signal: ill|SIGILL|(?:status|code|Error|exception code:?|代码:) ?0xc000001d|STATUS_ILLEGAL_INSTRUCTION|trap invalid opcode|exit (?:status|code):? 132\\b|signal 4\\b', signal: 'illegalInstruction', weight: 8, note: 'the CPU met an instruction it does not have' },
  { pattern: 'EXC_BAD_INSTRUCTION|EXC_I386_INVOP', signal: 'illegalInstruction', weight: 7, note: 'macOS: the CPU met an instruction it does not have' },
  // glibc's strsignal(SIGILL) in the user's locale, as a shell prints it when the process dies.
  { pattern: 'Instrucci[oó]n ilegal|Instru[cç][aã]o ilegal|Instruction ill[eé]gale|Ung[uü]ltiger Maschinenbefehl|Istruzione non consentita|Ongeldige instructie|Nieprawid[lł]owa instrukcja|Otill[aå]ten instruktion|Neplatn[aá] instrukce|Недопустимая инструкция|Недозволена інструкція|不正な命令|非法指令|잘못된 명령', signal: 'illegalInstruction', weight: 8, note: 'the CPU met an instruction it does not have (in the OS language)' },
  { pattern: '(?:does not|doesn\'t) support (?:the )?(?:AVX|AVX2|AVX512|AVX-512|F16C|FMA|SSE4)|requires? (?:a CPU with )?(?:AVX|AVX2|AVX512)(?: support)?\\b|(?:AVX|AVX2|AVX512|AVX-512) (?:is )?(?:not supported|unsupported|required)|lacks? (?:AVX|AVX2|AVX512)|Incompatible hardware detected|(?:minimum|no) vector extensions', signal: 'illegalInstruction', weight: 6, note: 'the CPU lacks vector extensions the build needs' },

  { pattern: '(?:code|status|exit|exited)[ :=(]+(?:ExitStatus\\(ExitStatus\\(|ExitStatus\\()?(?:3221225501|-1073741795)\\b|general protection (?:fault|ip)|traps: [\\w.-]+\\[\\d+\\] (?:trap invalid opcode|general protection)', signal: 'illegalInstruction', weight: 6, note: '3221225501 is 0xC000001D, an illegal instruction' },
  { pattern: 'cpu feature \\w+ was required|required at build time but isn.t available|CPU does not have (?:AVX|vector extensions|the required)|CPU doesn.t have (?:AVX|vector extensions)|processor does not have (?:AVX|vector extensions)|without AVX2? support|without vector extension support', signal: 'illegalInstruction', weight: 6, note: 'the CPU lacks vector extensions the build needs' },
  { pattern: 'DLL\\)? initiali[sz]ation routine failed|(?:status|code|Error) 0xc0000142|ERROR_DLL_INIT_FAILED|rutina de inicializaci[oó]n de (?:una )?biblioteca|rotina de inicializa[cç][aã]o da biblioteca|routine d.initialisation d.une biblioth|DLL-Initialisierungsroutine|DLL\\) ?初始化例程失败|DLL\\) ?初期化ルーチン|инициализации библиотеки динамической компоновки', signal: 'illegalInstruction', weight: 4, note: 'a library failed to start, most often for lack of AVX' },
  // A runtime that switched to its build for CPUs without AVX2 says the CPU lacks it.
  { pattern: 'non-avx2 compatibility library|koboldcpp_noavx2|noavx2 (?:compatibility )?(?:library|mode|build)', signal: 'illegalInstruction', weight: 3, note: 'the runtime fell back to its build for CPUs without AVX2' },
  { pattern: '(?:CPU|processor) instruction set (?:is )?(?:not supported|unsupported)|unsupported (?:CPU )?instruction set|EXCEPTION_ILLEGAL_INSTRUCTION|Rosetta (?:2 )?(?:does not|doesn.t) (?:support|translate) AVX', signal: 'illegalInstruction', weight: 6, note: 'the CPU lacks instructions the build uses' },
  { pattern: 'CPU (?:does not|doesn.t) support (?:the )?(?:required |necessary )?instructions?(?: set)?|(?:CPU|processor) (?:is )?(?:missing|lacks) (?:the )?(?:required |necessary )?instructions?', signal: 'illegalInstruction', weight: 6, note: 'the CPU lacks instructions the build uses' },
  // Signal 4 as containers, systemd and Python report a child's death: 132 is 128 + 4, -4 is "killed by signal 4".
  { pattern: 'exited with (?:code|status) 132\\b|\\b4/ILL\\b|(?:exit status|exit code|exitcode:?|returncode[ =:]+|return code) ?-4\\b|Signals\\.SIGILL', signal: 'illegalInstruction', weight: 7, note: 'the process died of signal 4, an illegal instruction' },

  // --- the model file itself ---
  { pattern: 'invalid (?:file )?magic|\\bInvalidMagic\\b|not a (?:valid )?gguf|not in (?:the )?gguf format|key not found in model|error loading model (?:hyperparameters|architecture|vocabulary)|unknown (?:file |model |gguf |ggml )(?:format|version)|unknown (?:format|version)(?:: | \\d| \\()|failed to read magic|unknown model architecture|wrong number of tensors|missing tensor|has wrong shape|data is not within the file bounds|unsupported (?:file|gguf) version|invalid (?:model|gguf) file|format is no longer supported|Model format not supported|due to invalid format|GGUFv1 is no longer supported|no longer supported\\. please|Asserting on type \\d+|not implemented"|not supported by your version of|Unsupported model architecture|file is corrupted|unexpectedly reached end of file|failed to read (?:key|tensor)', signal: 'modelFormat', weight: 6, note: 'the model file could not be read' },
  // An architecture this build does not know, in each loader's words (llama.cpp and its bindings in Rust/Go,
  // transformers, vLLM, MLX).
  { pattern: 'unknown (?:gguf |model )?architecture|unsupported (?:gguf |model )?architecture|model architecture (?:is )?not supported|does not recognize this architecture|architectures? \\[[^\\]\\[]+\\] (?:is|are) not supported|Model type \\S+ ' + NOT_SUPPORTED + '|unsupported model type\\b', signal: 'modelFormat', weight: 6, note: 'this build does not know the model\'s architecture' },
  { pattern: "unknown \\(magic, version\\)|(?:unrecognized|unknown|unsupported|invalid) (?:ggml )?tensor type|is this really a GGML file|invalid magic characters|bad magic|tensors are not aligned|convert to (?:the )?new format|please re-?convert|tensor '[^'\\n]+' (?:was )?(?:not found|not present|could not be found|does not exist)", signal: 'modelFormat', weight: 6, note: 'the model file is of another format or version than this build reads' },
  // PyTorch and transformers checkpoints (.bin, .pt, config.json) cut short or replaced by something else: a Git LFS
  // pointer ("invalid load key, 'v'" from "version https://git-lfs…"), an HTML page ('<'), an interrupted download.
  { pattern: "Unable to load weights from pytorch checkpoint|PytorchStreamReader failed reading zip archive|UnpicklingError: invalid load key|config file at \\S+ is not a valid JSON file", signal: 'modelFormat', weight: 6, note: 'a checkpoint file is cut short or is not a checkpoint at all (a Git LFS pointer, an HTML page): the download is incomplete' },
  // A sharded checkpoint whose index names a shard that is not on disk (an interrupted download): vLLM's loader.
  { pattern: 'referenced in index but missing|FileNotFoundError: [^\\n]{0,200}\\.safetensors\\b', signal: 'modelFormat', weight: 6, note: 'a weight file the model names is missing: the download is incomplete' },
  // MSVC's and libstdc++'s words for a key the loader expected but the file lacks (an unknown architecture or tokenizer).
  { pattern: 'invalid unordered_map<K, T> key|_Map_base::at', signal: 'modelFormat', weight: 4, note: 'the model file lacks a key this build expects' },
  // llama.cpp's loader giving up on a file after its reader did (a bad magic, an unknown tensor type, a truncated
  // download): 15 of 15 dev logs holding it are the model file's, the reader's own line often cut from the paste.
  { pattern: 'llama_model_loader: failed to load model from', signal: 'modelFormat', weight: 4, note: "llama.cpp's loader could not read the model file" },
  // A runtime that knows only older versions of a model family ("MiniCPMV only supports versions 2.0, 2.5, 2.6"),
  // and a tokenizer this build cannot read ("byte not found in vocab"): both need a newer runtime (batch 35).
  { pattern: '\\bonly supports? (?:model )?versions? v?\\d', signal: 'modelFormat', weight: 5, note: 'this build knows only older versions of the model: it needs a newer runtime' },
  { pattern: 'byte not found in vocab', signal: 'modelFormat', weight: 5, note: "this build cannot read the model's tokenizer: it needs a newer runtime" },
  // A model's config holding a field this runtime's version does not know, or lacking one it needs: MLX's ModelArgs
  // ("missing 1 required positional argument: 'rope_theta'") and onnxruntime-genai's genai_config.json ("Unknown
  // value: pad_token_id"). The model is newer or older than the runtime (batch 46).
  { pattern: 'ModelArgs\\.__init__\\(\\) (?:missing \\d+ required|got an unexpected keyword)|genai_config\\.json[^\\n]{0,80}Unknown value: |JSON Error: Unknown value: \\w+ at line', signal: 'modelFormat', weight: 6, note: "the model's config does not match what this runtime version expects: update the runtime (or use a model made for it)" },
  // MLX's load_weights, strict: "Received 2 parameters not in model" (extra tensors) and "Missing 4 parameters:"
  // (absent ones), with or without the count, which newer MLX prints.
  { pattern: 'unknown pre-tokenizer type|' + COULD_NOT + ' read (?:the )?(?:gguf )?header|gguf_init_from_file(?:_impl)?: ' + COULD_NOT + '|Received (?:\\d+ )?parameters not in model|Missing \\d+ parameters?:', signal: 'modelFormat', weight: 6, note: 'the model file has parts this build does not read' },
  // A loader naming the weight tensor it did not find ("missing tok_embeddings.weight"): the file is of another layout.
  { pattern: "missing (?:tensor )?'?[\\w.-]{1,120}\\.(?:weight|bias)\\b|is missing from (?:the )?model|(?:tensor|key|weight) '[^'\\n]{1,120}' is missing|(?:tensor|key|weight) '[^'\\n]{1,120}' missing|\\blayer \\d+ (?:is )?missing (?:the )?[\\w/.]{2,60}", signal: 'modelFormat', weight: 6, note: 'the model file lacks a tensor or key this build expects' },
  // A multimodal projector (CLIP, mmproj) that does not load: small beside the weights, it fails on a projector type
  // or layout this build does not know far more often than on memory (an allocation failure outweighs this).
  { pattern: '(?:error loading|' + COULD_NOT + ' load) (?:the |a )?(?:multimodal|CLIP|vision|mmproj|projector)\\b', signal: 'modelFormat', weight: 4, note: 'the multimodal projector did not load' },
  // llama.cpp's mtmd and koboldcpp, when the projector was made for another text model.
  { pattern: 'mmproj embedding mismatch|mismatch between text model \\(n_embd|you may be using (?:the )?wrong mmproj|use the correct mmproj', signal: 'modelFormat', weight: 5, note: 'the vision projector (mmproj) belongs to another model' },
  // vLLM looking for a quantized checkpoint's own tensors (bitsandbytes, GPTQ, FP8 scales) that its loader does not map.
  { pattern: "KeyError: '[\\w.]{1,160}\\.(?:absmax|quant_map|quant_state|nested_absmax|qweight|qzeros|scales|g_idx|weight_scale|input_scale)'", signal: 'modelFormat', weight: 5, note: "the loader does not know a tensor of this checkpoint's quantization" },
  // A backend asserting that it has a conversion for the tensor's type (ggml-vulkan's to_fp16 for IQ quants): this
  // backend cannot run the file's quantization.
  { pattern: '(?:to_fp(?:16|32)|dequant|convert)\\w{0,24} != (?:nullptr|NULL)', signal: 'modelFormat', weight: 5, note: "this backend has no kernel for the model's quantization type" },
  // One word may name the model ("Could not load Llama model", "failed to load the model").
  { pattern: '(?:error loading|failed to load|unable to load|could not load|couldn.t load|cannot load) (?:the |a |\\w+ )?model\\b|Model failed to load', signal: 'modelFormat', weight: 1, note: 'the model did not load' },
  // llama-cpp-python's Llama() asserting on the model llama.cpp handed back: the load returned nothing, so the file
  // did not load (llama.cpp's own reason is printed above it only with verbose output).
  { pattern: 'assert self\\.model is not None', signal: 'modelFormat', weight: 3, note: 'llama-cpp-python got no model back: the file did not load' },
  // A model file that current builds do not load as a model, named by its kind: a GGML-era `ggml-*.bin` (GGUF files
  // end in .gguf) or a vocabulary-only GGUF (llama.cpp's `ggml-vocab-*.gguf`, which holds no weights). A hint: with a
  // failed load it makes the family.
  { pattern: '(?:^|[\\s/\\\\\'"=:(])ggml-(?:vocab-[\\w.-]*\\.gguf|[\\w.-]*\\.bin)\\b', signal: 'modelFormat', weight: 3, note: 'a GGML-era (.bin) or vocabulary-only model file' },
  // A GGML-era file named in the log: a hint, not a failure (it may only be the file being downloaded).
  { pattern: 'ggmlv3', signal: 'modelFormat', weight: 2, note: 'a GGML-era model file, which current builds no longer read' },
  // A load that failed on a file of the GGML era (ggmlv3, ggjt): the failure is that file's format, whatever the loader's words.
  // The file name comes within a few words of the failure (a span of 300 characters took recheck a minute).
  { pattern: "(?:could not load|couldn't load|failed to load|unable to load|cannot load|can't load|error loading) (?:\\S+ ){0,6}\\S*(?:ggmlv\\d|\\.ggml\\.[qf]\\d|ggjt)", signal: 'modelFormat', weight: 5, note: 'a GGML-era model file failed to load: current builds read only GGUF' },
  // A model with more experts or layers than the build was compiled for (llama.cpp's compile-time maxima, raised
  // when such models came out): the build is older than the model.
  { pattern: '<= LLAMA_MAX_(?:EXPERTS|LAYERS)\\b', signal: 'modelFormat', weight: 5, note: 'the model has more experts or layers than this build allows: it needs a newer build' },
  // A checkpoint's format or quantization that this install cannot run: LM Studio has no engine for MLX
  // (safetensors) models off macOS; vLLM refuses a quantization method the GPU is too old for.
  { pattern: "No LM Runtime found for model format '?(?:safetensors|mlx)|quantization method \\S+ is not supported for the current GPU|(?:Bfloat16|bf16|FP8|float8) is only supported on GPUs with compute capability", signal: 'modelFormat', weight: 5, note: "the model's format or quantization cannot run with this install or GPU" },
  // The runtime says the model needs a newer version of itself: the file's format or architecture is newer than the build.
  { pattern: '(?:update|upgrade) (?:your )?(?:llama\\.cpp|ollama|LM Studio|koboldcpp|runtime|the app) (?:to load this model|to run this model|to support this model|to use this model)|requires a newer version of (?:llama\\.cpp|Ollama|LM Studio|the runtime|koboldcpp)|(?:may be |is )?incompatible with (?:your|this) version of (?:llama\\.cpp|Ollama|LM Studio|the runtime|koboldcpp)', signal: 'modelFormat', weight: 5, note: 'the model needs a newer runtime than this one' },

  // --- where a Python traceback (vLLM, PyTorch) was: the innermost known frame names the stage ---
  { pattern: ' in (?:load_weights|load_model|make_layers|weight_loader|initialize_model|_init_model|get_model|from_pretrained|_load_state_dict|load_state_dict|_create_weights?|create_weights?|_load_weights|_load_pretrained_model|_load_state_dict_into_meta_model|_load_state_dict_into_model|load_shard_file|set_module_tensor_to_device|load_checkpoint_in_model|load_checkpoint_and_dispatch|dispatch_model)\\b', signal: 'stageHint', weight: 0, stage: 'weights', note: 'the traceback is in weight loading' },
  // A model file's frame names the weights only in its constructor: its `forward` frames are a forward pass.
  { pattern: 'lambda t: t\\.cuda\\(|Parameter\\(torch\\.empty|= nn\\.ModuleList\\(|model_executor/models/\\w+\\.py", line \\d+, in __init__', signal: 'stageHint', weight: 0, stage: 'weights', note: 'the traceback is in building the model or moving its weights to the GPU' },
  // PyTorch's Module.to() / .cuda() / .half() walk the parameters through `_apply`: the weights are being moved to the GPU.
  { pattern: 'return self\\._apply\\(|, in _apply\\b|return t\\.to\\(device', signal: 'stageHint', weight: 0, stage: 'weights', note: "the traceback is in moving the model's weights to the GPU (Module.to / .cuda)" },
  { pattern: ' in (?:_initialize_kv_caches|initialize_cache|_allocate_kv_cache|allocate_kv_cache|init_cache|_init_cache|initialize_kv_cache|init_memory_pool)\\b', signal: 'stageHint', weight: 0, stage: 'kv', note: 'the traceback is in KV cache allocation' },
  // SGLang's KV pool (mem_cache/memory_pool.py: MHATokenToKVPool, MLATokenToKVPool allocate the K and V buffers).
  { pattern: 'mem_cache/memory_pool\\.py|TokenToKVPool', signal: 'stageHint', weight: 0, stage: 'kv', note: "the traceback is in SGLang's KV cache pool" },
  { pattern: ' in (?:create_state_tensors|allocate_gpu_cache|_allocate_kv_cache_tensors|initialize_kv_cache_tensors|_init_cache_engine)\\b|= CacheEngine\\(|cache = cache_type\\(', signal: 'stageHint', weight: 0, stage: 'kv', note: 'the traceback is in KV cache allocation' },
  { pattern: ' in (?:profile_run|_dummy_run|_dummy_sampler_run|execute_model|forward|_forward|determine_available_memory|sample|_sample|generate|_generate|capture_model|compute_logits|compile_or_warm_up_model|_warm_up_model|warm_up_model|warmup|init_cuda_graphs|forward_extend|forward_decode|forward_batch_generation)\\b', signal: 'stageHint', weight: 0, stage: 'eval', note: 'the traceback is in a forward pass' },
  // transformers' and model code's generation loops and attention, as traceback frames ("line 123, in greedy_search"):
  // the weights are in place and a prompt is being run, whatever the model's own names.
  { pattern: 'line \\d+, in (?:greedy_search|_greedy_search|beam_search|_beam_search|contrastive_search|assisted_decoding|chat|stream_chat|stream_generate|_attn|_upcast_and_reordered_attn|attention_forward|eager_attention_forward|sdpa_attention_forward|scaled_dot_product_attention|memory_efficient_attention|flash_attn_func|flash_attn_varlen_func|_flash_attention_forward|prefill|_prefill|prepare_inputs_for_generation)\\b', signal: 'stageHint', weight: 0, stage: 'eval', note: 'the traceback is in generation or attention: a prompt was being run' },
  { pattern: 'model\\.generate\\(|\\.generate\\(\\*\\*|outputs = model\\(|attn_weights = torch\\.matmul|torch\\.matmul\\(query|attn_weights = nn\\.functional\\.softmax', signal: 'stageHint', weight: 0, stage: 'eval', note: 'the failing line runs the model on a prompt (generation, attention scores)' },
  // One PyTorch request of 8 GiB or more is no weight tensor (the largest, an embedding table, stays near 2-4 GiB
  // without tensor parallelism): it is what attention over a long input asks (heads × length² scores).
  { pattern: 'Tried to allocate (?:[89]|[1-9]\\d+)(?:\\.\\d+)? GiB', signal: 'stageHint', weight: 0, stage: 'eval', presumed: true, note: 'one request this large is activations of a long input, not a weight tensor' },
  // PyTorch's out-of-memory message names memory "allocated in private pools (e.g., CUDA Graphs)" only when there is
  // some: CUDA graphs are captured once the weights and the KV cache are in place (vLLM, SGLang, torch.compile), so
  // the run had loaded and was running (or capturing) a forward pass. Dev logs: 3 of 3 with it are compute buffers.
  { pattern: 'allocated in private pools', signal: 'stageHint', weight: 0, stage: 'eval', presumed: true, note: 'CUDA graphs (private pools) held memory: the model was loaded and running a forward pass' },
  // transformers (accelerate) refuses to load a quantized model whose modules do not all fit on the GPU.
  { pattern: 'modules are dispatched on the CPU or the disk|enough GPU RAM to fit (?:the )?(?:quantized )?model', signal: 'allocFailed', weight: 6, resource: 'vram', stage: 'weights', note: "the quantized model's weights do not fit in GPU memory" },
  // transformers prints these as generate() starts: the weights are in place and a prompt is being run.
  { pattern: 'for open-end generation|attention mask and the pad token id were not set|right-padding was detected', signal: 'stageHint', weight: 0, stage: 'eval', note: 'generation had started (transformers warns as generate() begins)' },
  { pattern: 'model warm ?up|warming up the model', signal: 'stageHint', weight: 0, stage: 'eval', note: 'the failure came while the model ran its first (warm-up) evaluation' },
  // ggml-cuda's frames of a graph being computed: memory that runs out there runs out while a prompt runs.
  { pattern: 'in function (?:ggml_cuda_compute_forward|ggml_cuda_op_\\w+|ggml_cuda_mul_mat\\w*|ggml_cuda_flash_attn_ext\\w*|cublas_handle|ggml_backend_cuda_graph_compute|ggml_cuda_graph_\\w+)', signal: 'stageHint', weight: 0, stage: 'eval', note: 'the failure came while a graph was computed' },
  { pattern: 'capture_end\\(|capture_begin\\(|cuda_graph\\.capture|torch/cuda/graphs\\.py', signal: 'stageHint', weight: 0, stage: 'eval', note: 'the failure came while a CUDA graph of a forward pass was captured' },
  // vLLM's out-of-memory hint to set VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS=0: its memory profile had estimated
  // the CUDA graphs, so the failure came after the profile, as graphs were captured or the model ran.
  { pattern: 'warming up sampler|dummy requests|during (?:CUDA )?graph capture|Capturing (?:the model for )?CUDA graphs?|Capturing cudagraphs?|VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS', signal: 'stageHint', weight: 0, stage: 'eval', note: 'vLLM was running a forward pass (sampler warm-up or graph capture)' },
  // vLLM's model runner wraps what failed in a batch ("Error in model execution (input dumped to …)").
  { pattern: 'Error in model execution', signal: 'stageHint', weight: 0, stage: 'eval', note: "vLLM's model runner failed while it ran a batch (its execute_model wraps the error): the model was loaded and running" },
  // A PyTorch module being called is a forward pass (Module.to and weight loading never call one).
  { pattern: ', in _(?:wrapped_)?call_impl\\b', signal: 'stageHint', weight: 0, stage: 'eval', note: 'a PyTorch module was being called: a forward pass' },
  // Uvicorn's access line for a completion request that failed: the Python servers that print it
  // (vLLM, SGLang, llama-cpp-python's) load the model at start, so the model was serving a prompt.
  { pattern: '"POST /v1/(?:chat/)?completions HTTP/1\\.[01]" 500', signal: 'stageHint', weight: 0, stage: 'eval', note: 'a completion request failed with 500: the model was loaded and running a prompt' },

  // Any Python frame named after its stage, whatever the runtime's own names: words before and after the stage's
  // word ("_load_model_weights", "alloc_kv_cache_pool", "run_prefill_batch"). The lists above name the known frames;
  // these catch a renamed or new runtime's.
  { pattern: 'line \\d+, in (?:_|[a-z0-9]+_){0,4}(?:load_?(?:weights?|model|checkpoint|state_dict|shards?|params|parameters)|weights?_loader|create_weights?|make_layers)(?:_[a-z0-9]+){0,4}\\b', signal: 'stageHint', weight: 0, stage: 'weights', note: 'the traceback is in a function named after loading the weights' },
  { pattern: 'line \\d+, in (?:_|[a-z0-9]+_){0,4}(?:kv_?caches?|cache_engine|init_?cache|allocate_?cache|alloc_?cache|cache_pool|kv_pool|block_pool|memory_pool)(?:_[a-z0-9]+){0,4}\\b', signal: 'stageHint', weight: 0, stage: 'kv', note: 'the traceback is in a function named after the KV cache' },
  { pattern: 'line \\d+, in (?:_|[a-z0-9]+_){0,4}(?:forward|prefill|decode|generate|generation|sample|sampling|warm_?up|dummy_run|profile_run|capture|attention|attn)(?:_[a-z0-9]+){0,4}\\b', signal: 'stageHint', weight: 0, stage: 'eval', note: 'the traceback is in a function named after running a prompt' },

  // --- slowness ---
  { pattern: 'tokens per second|tokens/s|tok/s|ms per token|tokens/sec', signal: 'slowdown', weight: 1, note: 'a speed figure' },
  { pattern: 'トークン/秒|トークン/s|トークン毎秒|tokens/秒|token/秒|令牌/秒|词元/秒|tokens每秒|токенов/с|токенов в секунду|Token/Sek|jetons/s|words/s|generation throughput: \\d|prompt throughput: \\d|Decode: \\d|token/s|tokens-per-sec|tokens_per_second|eval_duration|time_per_token', signal: 'slowdown', weight: 1, note: 'a speed figure' },
  { pattern: '_tps\\b|\\btps,|llama-bench|llama-batched-bench|sweep-bench| t/s\\b|\\dt/s\\b|\\(t/s\\)|ms/T\\b| tps\\b|throughput: \\d|Next Token|TPOT|TTFT|time to first token', signal: 'slowdown', weight: 1, note: 'a speed figure' },
  { pattern: 'pp\\d+ \\| pp\\d\\d\\d\\d+', signal: 'contextDepth', weight: 2, note: 'speed is measured at growing prompt lengths' },
  { pattern: '\\d @ d\\d', signal: 'contextDepth', weight: 2, note: 'speed is measured against context depth' },
  // Benchmark tables and CSVs: columns per depth ("@16K"), llama-bench's depth list, a context-length column.
  { pattern: '\\| @\\d+[Kk]? +\\||(?:^|\\s)-d \\d+,\\d|\\b(?:ctx|context|kv)_(?:tokens|depth)\\b', signal: 'contextDepth', weight: 2, note: 'speed is measured against context depth' },
  { pattern: 'n-depth|n_depth|CtxLimit:|prompt processing,? (?:progress|n_tokens)|cached tokens|as the context grows|as the context fills|context grows|context fills', signal: 'contextDepth', weight: 2, note: 'speed is measured against context depth' },
  { pattern: '\\bdepth\\b', signal: 'contextDepth', weight: 2, note: 'speed is measured against context depth' },
  { pattern: 'long context|longer context|long prompt|longer prompt|long conversation|longer conversation', signal: 'contextDepth', weight: 2, note: 'speed is measured against context depth' },
  { pattern: '\\dk context|\\dk tokens|\\dk prompt|\\dk ctx|short prompt|short context', signal: 'contextDepth', weight: 2, note: 'speed is measured against context depth' },
  // A speed table whose rows are context (or prompt) lengths.
  { pattern: LINE_START + ' ?(?:Context|Context length|Prompt length) ?\\||\\| Context \\||\\| Context  +\\||\\| Context length \\||\\| Prompt length \\||\\| n_ctx \\||\\| ctx \\||^ctx \\||\\| ctx_len \\|', signal: 'contextDepth', weight: 2, note: 'speed is measured at growing context lengths' },
  { pattern: 'Context: \\d+ tokens', signal: 'contextDepth', weight: 2, note: 'speed is measured against context depth' },
  { pattern: 'tokens in (?:the )?context|context usage|context fill', signal: 'contextDepth', weight: 2, note: 'speed is measured against how full the context is' },
  { pattern: 'context is \\d+(?:\\.\\d+)?% full|\\| +N_KV +\\||conversation (?:gets|grows|goes on)|chat (?:gets|grows) (?:longer|bigger)|the longer the (?:chat|conversation|context|prompt)', signal: 'contextDepth', weight: 2, note: 'speed is measured against how full the context is' },
  // Slowness tied to the context's growth, in any phrasing: "as the conversation gets longer", "slows down
  // with a longer prompt", "the more the history builds up".
  { pattern: '(?:as|when|once|the more) (?:the )?(?:context|conversation|chat|prompt|history|kv[ -]?cache|input)(?: length| size| window)? (?:grows|increases|gets longer|gets bigger|gets larger|gets full|fills(?: up)?|builds up|gets filled|expands|is (?:longer|larger|bigger))|(?:slower as|slower with|slower when|slows down as|slows down with|slows down when|degrades as|degrades with|drops as|drops with|falls as|falls with|decreases as|decreases with|gets worse as|gets worse with) (?:the |a |more |longer |larger |bigger )?(?:context|prompt|conversation|input|tokens)', signal: 'contextDepth', weight: 2, note: 'speed falls as the context grows' },
  { pattern: 'contexto (?:largo|longo|más largo|mais longo)|a medida que (?:crece|aumenta) el contexto|à medida que o contexto|je länger der Kontext|Kontext wächst|langer Kontext|contexte plus long|à mesure que le contexte|contesto lungo', signal: 'contextDepth', weight: 2, note: 'speed is measured against a long context (in another language)' },
  { pattern: '上下文越长|上下文变长|长上下文|上下文很长', signal: 'contextDepth', weight: 2, note: 'speed is measured against a long context (in Chinese)' },
  { pattern: 'コンテキストが長く|長いコンテキスト|긴 컨텍스트|컨텍스트가 길어|длинн(?:ый|ом|ого) контекст|contexte long|langen Kontext', signal: 'contextDepth', weight: 2, note: 'speed is measured against a long context (in another language)' },
  // vLLM's and SGLang's serving benchmarks name the prompt length they were run at.
  { pattern: '--(?:random-)?input-len \\d|\\binput_len[=:] ?\\d', signal: 'contextDepth', weight: 2, note: 'speed is measured at a chosen prompt length' },
  // Speed against the prompt's length, in the words of benchmark tables and scripts.
  { pattern: 'prompt (?:length|size|len)\\b|input (?:length|tokens)\\b|prompt_eval_count|prompt tokens\\b|KV[ _-]?cache usage: [1-9]', signal: 'contextDepth', weight: 2, note: 'speed is measured against the length of the prompt' },
  // Serving engines print how full the KV cache is beside their periodic speed (vLLM's "GPU KV cache usage: 12%",
  // SGLang's "token usage: 0.12"): speed read next to it is speed against the depth of the context.
  { pattern: '\\btoken usage: (?:0\\.\\d*[1-9]|1\\b)', signal: 'contextDepth', weight: 2, note: 'speed is logged beside how full the KV cache is' },
  { pattern: '\\bprompt=\\d{4,}|\\bprompt ?[=:] \\d|\\bpp\\d+/tg\\d+|/\\s*\\d{5,} tokens \\(', signal: 'contextDepth', weight: 2, note: 'speed is measured at a long or growing prompt' },
  { pattern: 'Offloaded: \\d|offload \\d+ ?GB|(?:-ngl|--n-gpu-layers|--gpu-layers|--gpulayers) (?:[1-9]|[1-8]\\d|9[0-8])\\b|n_gpu_layers[=:] ?(?:[1-9]|[1-8]\\d|9[0-8])\\b', signal: 'partialOffload', weight: 3, note: 'a chosen share of the layers is on the GPU (99 and more mean all)' },
  // A benchmark sweep over layer counts (llama-bench "-ngl 0,8,16"): the question is the share on the GPU.
  { pattern: '(?:-ngl|--n-gpu-layers|--gpu-layers) \\d+,\\d', signal: 'partialOffload', weight: 3, note: 'speed is compared across the number of layers on the GPU' },
  { pattern: 'cpu[ _-]?offload|offload(?:ed|ing)? to (?:the )?CPU|unloaded to (?:system )?RAM|n-cpu-moe|cpu-moe|override-tensor|% CPU/GPU|CPU/GPU|CPU maxed|partial(?:ly)? offload|split between (?:CPU|GPU)', signal: 'partialOffload', weight: 3, note: 'part of the model runs on the CPU' },
  // A GPU busy a few percent to under a third of the time while a model runs waits on the layers the CPU
  // computes ("GPU usage 12%", "load GPU 5-10%", "Using 20% GPU, 300% CPU"). 0-2 % is an idle GPU, which says
  // no layer is on it at all (no GPU in use), so it is left out.
  { pattern: '(?:GPU[- ](?:load|usage|utili[sz]ation|util|busy)|(?:load|usage|utili[sz]ation) (?:of (?:the )?)?GPU)[:= ]{1,3}(?:only |at |about |around |~)?(?:[3-9]|[12]\\d)(?:\\.\\d+)?(?: ?- ?(?:[3-9]|[12]\\d))? ?%|(?:^|[\\s,(])(?:[3-9]|[12]\\d) ?% GPU\\b', signal: 'partialOffload', weight: 3, note: 'the GPU is busy under a third of the time: it waits on layers that run on the CPU' },
  // RADV's GTT spill (RADV_PERFTEST=nogttspill turns it off) is VRAM buffers placed in system memory.
  { pattern: 'exps\\.?=CPU|-ot \\S{1,80}=CPU|shared GPU memory|Sysmem Fallback|system memory fallback|\\bgtt ?spill|nogttspill', signal: 'partialOffload', weight: 3, note: 'tensors are kept in (or spill into) system RAM' },
  // Windows Task Manager's "shared GPU memory" (the driver spilling VRAM into RAM) in the user's language.
  { pattern: '共有 GPU メモリ|共有GPUメモリ|共享 GPU 内存|共享GPU内存|共享显存|Gemeinsamer GPU-Speicher|m[eé]moire GPU partag[eé]e|memoria GPU compartida|Общая память GPU', signal: 'partialOffload', weight: 3, note: 'VRAM spills into system RAM (in the OS language)' },
  { pattern: 'spill(?:s|ed|ing)? (?:over )?(?:in)?to (?:system |shared )?(?:RAM|memory)|offloaded to the disk|meta device because', signal: 'partialOffload', weight: 3, note: 'part of the model spills into system RAM (or disk)' },
  // The split in plain words: layers (or the rest of the model) on the CPU, a model that does not fit the
  // GPU and runs on both, whatever runtime or UI says it.
  { pattern: '(?:rest|remaining|other|some|remainder) (?:of (?:the )?)?(?:layers?|model|weights|experts) (?:is |are |stays? |remains? |goes |go |runs? )?(?:on the CPU|on CPU|in the CPU|to the CPU|to CPU|in system RAM|to system RAM|in RAM|to RAM)\\b|layers? (?:kept |left |running |run |stay |remain )?(?:on the CPU|on CPU|in the CPU|in CPU|in system RAM)\\b|(?:does not|doesn\'t|did not|didn\'t|won\'t|can\'t|cannot) (?:fit in|fit into|fit on|fit entirely in|fit fully in|fit completely in|entirely fit in|fully fit in|completely fit in) (?:the |my )?(?:GPU|VRAM|video memory)|partially (?:offloaded|on (?:the )?GPU|in VRAM)|mixed CPU ?/ ?GPU|hybrid (?:CPU|GPU) ?/ ?(?:CPU|GPU) (?:inference|offload|split)', signal: 'partialOffload', weight: 3, note: 'the model is split between the GPU and the CPU' },
  { pattern: 'CPU/GPU混合|CPUとGPU|CPU と GPU|部分オフロード|一部のレイヤー|部分卸载|部分层|CPU 和 GPU|CPU和GPU|teilweise (?:auf der )?GPU|Rest auf der CPU|parcialmente en (?:la )?GPU|en partie sur (?:le )?GPU|частично на GPU', signal: 'partialOffload', weight: 3, note: 'the model is split between the GPU and the CPU (in another language)' },
  // The layer count set in Ollama's options, node-llama-cpp or a UI, below "all" (99 and more mean all).
  { pattern: '(?:num_gpu|gpuLayers|gpu_layers|gpulayers|GPULayers)"? ?[=:] ?(?:[1-9]|[1-8]\\d|9[0-8])\\b', signal: 'partialOffload', weight: 2, note: 'a chosen number of layers is on the GPU' },
  { pattern: '\\bslow(?:s|ed|er|ing|ly|down)?\\b|sluggish|crawl', signal: 'slowWords', weight: 2, note: 'slowness is reported' },
  { pattern: '(?:speed|throughput|performance|generation|tokens per second|t/s|tok/s) (?:drops|dropped|falls|decreases|decreased|degrades|degraded|collapses|collapsed|tanks|tanked|plummets|plummeted)', signal: 'slowWords', weight: 2, note: 'speed is said to fall' },
  { pattern: '速度很慢|速度太慢|非常慢|越来越慢|速度变慢|遅くなる|느려집니다|muy lento|muito lento|sehr langsam|très lent', signal: 'slowWords', weight: 2, note: 'slowness is reported (in another language)' },
  // Under one token a second, or seconds per token: slow whatever the hardware.
  { pattern: '\\b0\\.\\d+ ?(?:tokens/s|tok/s|t/s|tokens per second|tokens/sec)|seconds per token|s/token\\b|sec/token', signal: 'slowWords', weight: 2, note: 'less than one token a second' },
  // Ollama's GIN access log: a request that took minutes.
  { pattern: '\\[GIN\\] [^|]{1,40}\\| \\d{3} \\| +\\d+m\\d+(?:\\.\\d+)?s ', signal: 'slowWords', weight: 2, note: 'a request took minutes' },
];
