import { describe, expect, it } from 'vitest';
import { compileKnowledgeBase } from '../../src-shared/knowledge/compileKnowledgeBase';
import { diagnoseLog } from '../../src-shared/knowledge/diagnoseLog';
import { DiagnosisSchema } from '../../src-shared/knowledge/Diagnosis';
import { trainSimilarity } from '../../src-shared/knowledge/similarity/trainSimilarity';
import { knowledgeBase } from './knowledgeFixtures';

// The family layer on its own (a knowledge base with no entries) and with the entries: what happened,
// whatever the wording. The lines are FAKES in the runtimes' own words (ggml-cuda, ggml-vulkan,
// ggml-metal, ggml-sycl, Ollama, vLLM, LM Studio, GPT4All, LocalAI, Jan): these failures cannot be
// made for real on this machine, which has no GPU.

const familiesOnly = compileKnowledgeBase([]);
const bare = (text: string, answers?: Record<string, string>) => diagnoseLog(familiesOnly, { text, ...(answers ? { answers } : {}) });
const full = (text: string, answers?: Record<string, string>) => diagnoseLog(knowledgeBase(), { text, ...(answers ? { answers } : {}) });
/** The full knowledge base leads with the entry `id` of the `unknown` category: a cause outside the failure categories. */
function expectUnknownEntry(text: string, id: string) {
  const d = full(text);
  expect(d.category).toBe('unknown');
  expect(d.matches[0]).toMatchObject({ id, category: 'unknown' });
  return d;
}

describe('families without any entry', () => {
  it.each([
    ['CUDA, stage from the line', 'llama_kv_cache_init: failed to allocate buffer for kv cache\nCUDA error: out of memory', 'gpu_oom_kv_cache'],
    ['HIP, new wording', 'ggml_backend_hip_buffer_type_alloc_buffer: hipMallocAsync failed: out of memory (weights)\nllama_model_load: error loading model: unable to allocate ROCm0 buffer', 'gpu_oom_weights'],
    ['Vulkan compute', 'ggml_vulkan: Device memory allocation of size 1073741824 failed.\nggml_vulkan: vk::Device::allocateMemory: ErrorOutOfDeviceMemory\nggml_gallocr_reserve_n: failed to allocate Vulkan0 buffer of size 1073741824\ngraph_reserve: failed to allocate compute buffers', 'gpu_oom_compute_buffer'],
    ['Metal while computing', 'ggml_metal_graph_compute: command buffer 0 failed with status 5\nerror: Insufficient Memory (00000008:kIOGPUCommandBufferCallbackErrorOutOfMemory)', 'gpu_oom_compute_buffer'],
    ['SYCL', "Native API failed. Native API returns: -5 (PI_ERROR_OUT_OF_RESOURCES)\ncan't malloc 4294967296 Bytes memory on device", 'gpu_oom_weights'],
    ['RAM', 'terminate called after throwing an instance of \'std::bad_alloc\'\n  what():  std::bad_alloc', 'host_oom'],
    ['a killed vLLM worker', 'ERROR [multiproc_executor.py:140] Worker proc VllmWorker-0 died unexpectedly, shutting down executor.\nKilled', 'host_oom'],
    ['Ollama with no GPU', 'time=2025-01-01T00:00:00Z level=INFO source=gpu.go:386 msg="no compatible GPUs were discovered"\nlevel=INFO source=types.go:131 msg="inference compute" id=0 library=cpu', 'gpu_not_detected'],
    ['llama.cpp built without GPU', 'warning: no usable GPU found, --gpu-layers option will be ignored\nwarning: one possible reason is that llama.cpp was compiled without GPU support', 'gpu_not_detected'],
    ['PTX toolchain', 'CUDA error: the provided PTX was compiled with an unsupported toolchain.\n  current device: 0, in function ggml_cuda_compute_forward', 'driver_or_toolkit_mismatch'],
    ['HIP arch', 'rocBLAS error: Cannot read /opt/rocm/lib/rocblas/library/TensileLibrary.dat: for GPU arch : gfx1103\nhipErrorNoBinaryForGpu: Unable to find code object for all current devices!', 'driver_or_toolkit_mismatch'],
    ['GPT4All context', 'ERROR: The prompt size exceeds the context window size and cannot be processed.', 'context_exceeds_limit'],
    ['flash attention', 'ValueError: The current flash attention version does not support sliding window, flash_attn requires Ampere GPUs or newer.', 'flash_attention_unsupported'],
    ['illegal instruction', 'Error: llama runner process has terminated: exit status 0xc000001d', 'cpu_unsupported_instructions'],
    ['model file', 'gguf_init_from_file_impl: invalid magic characters: \'lmgg\', expected \'GGUF\'', 'model_load_format'],
    // Wordings added after batch 5 (fakes in the runtimes' and OSes' own words).
    ['ENOMEM in German', 'mmap: Nicht genügend Hauptspeicher verfügbar', 'host_oom'],
    ['paging file in French', 'OSError: [WinError 1455] Le fichier de pagination est insuffisant pour terminer cette opération', 'host_oom'],
    ['Windows STATUS_NO_MEMORY exit', 'Error: llama runner process has terminated: exit status 0xc0000017', 'host_oom'],
    ['killed behind a quote prefix', '> Generating response...\n> Killed', 'host_oom'],
    ['killed, Chinese shell', '已杀死', 'host_oom'],
    // Wordings added after batch 6 (fakes, worded unlike the dev logs they generalise).
    ['Docker CDI without the GPU', 'docker: Error response from daemon: failed to inject CDI devices: unresolvable CDI devices nvidia.com/gpu=0', 'gpu_not_detected'],
    ['a VM without graphics', 'WARNING: /sys/class/drm does not exist on this system (likely a virtual machine with no graphics)', 'gpu_not_detected'],
    ['NTSTATUS wrapped by the runtime', 'llama-server failed: Process exited with code ExitStatus(3221225501)', 'cpu_unsupported_instructions'],
    ['a CPU without AVX, llamafile', 'fatal error: the cpu feature AVX2 was required at build time but isn\'t available on this system', 'cpu_unsupported_instructions'],
    ['a CPU without AVX, Ollama', 'level=WARN source=gpu.go:100 msg="CPU does not have AVX or AVX2, disabling GPU support."', 'cpu_unsupported_instructions'],
    ['a chat front-end dropping history', 'Warning: too many messages for context size, dropping 3 oldest message(s).', 'context_exceeds_limit'],
    ['an old GGML file', 'llama_model_load: error loading model: unknown (magic, version) combination: 67676d6c, 00000001; is this really a GGML file?', 'model_load_format'],
    ['a missing tensor', "llama_model_load: error loading model: create_tensor: tensor 'blk.3.attn_q.weight' not found", 'model_load_format'],
    ['the CUDA pool grows while computing', 'CUDA error: out of memory\n  current device: 1, in function alloc at ggml/src/ggml-cuda/ggml-cuda.cu:412\n  cuMemAddressReserve(&pool_addr, CUDA_POOL_VMM_MAX_SIZE, 0, 0, 0)', 'gpu_oom_compute_buffer'],
    ['LM Studio guardrail on a Mac', '[ggml-metal] Error: Model loading was stopped due to insufficient system resources. Continuing would overload your system.', 'gpu_oom_weights'],
    ['speed at growing prompts', '| backend | pp1024 | pp16384 | pp65536 |\n| cuda | 2100.5 | 1500.1 | 700.3 |', 'slow_long_context'],
    ['the kernel OOM report without its first line', '[ 8123.1] Mem-Info:\n[ 8123.1] Free swap  = 0kB\n[ 8123.1] Tasks state (memory values in pages):', 'host_oom'],
    ['earlyoom', 'earlyoom[812]: low memory! at or below SIGTERM limits: mem 10.00%, swap 10.00%\nearlyoom[812]: sending SIGTERM to process 4242 uid 1000 "llama-server": badness 900', 'host_oom'],
    ['an NGC container without the GPU', 'WARNING: The NVIDIA Driver was not detected.  GPU functionality will not be available.', 'gpu_not_detected'],
    ['Ollama driver library that does not start', 'level=WARN source=gpu.go:612 msg="unknown error initializing cuda driver library /usr/lib/libcuda.so.550: cuda driver library init failure: 999"', 'gpu_not_detected'],
    ['a Vulkan driver without an extension', 'terminate called after throwing an instance of \'vk::ExtensionNotPresentError\'\n  what():  vk::PhysicalDevice::createDevice: ErrorExtensionNotPresent', 'driver_or_toolkit_mismatch'],
    ['SYCL without a kernel for the device', 'No kernel named _ZTS7mul_mat was found -46 (PI_ERROR_INVALID_KERNEL_NAME)', 'driver_or_toolkit_mismatch'],
    // Ollama skips the GPU and runs on the CPU: no GPU at work first, the build's missing target second (see below).
    ['Ollama AMD target not in the build', 'level=WARN source=amd_linux.go:300 msg="amdgpu is not supported (supported types:[gfx1030 gfx1100])" gpu_type=gfx1031', 'gpu_not_detected'],
    ['a tokenizer this build does not know', "llama_model_load: error loading model: error loading model vocabulary: unknown pre-tokenizer type: 'newtok'", 'model_load_format'],
    ['killed, French shell', './llama-server -m big.gguf\nProcessus arrêté', 'host_oom'],
    ['no GPU, Chinese UI', '错误：未检测到 GPU，将使用 CPU 运行', 'gpu_not_detected'],
    ['context exceeded, Chinese', '请求失败：输入超出最大上下文长度 (8192)', 'context_exceeds_limit'],
    ['torchrun child killed', 'torch.distributed.elastic.multiprocessing.api: [ERROR] failed (exitcode: -9) local_rank: 0 (pid: 4242)\n  exitcode  : -9 (pid: 4242)', 'host_oom'],
    ['nvidia-smi without a driver', "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.", 'gpu_not_detected'],
    ['koboldcpp without its CUDA library', 'Warning: CuBLAS library file not found. Non-BLAS library will be used.', 'gpu_not_detected'],
    ['PyTorch without MPS', 'UserWarning: MPS backend is not available, falling back to CPU', 'gpu_not_detected'],
    ['nvJitLink symbol', 'ImportError: libcusparse.so.12: undefined symbol: __nvJitLinkAddData_12_1, version libnvJitLink.so.12', 'driver_or_toolkit_mismatch'],
    ['kernel module API mismatch', 'NVRM: API mismatch: the client has the version 550.54, but this kernel module has the version 545.29', 'driver_or_toolkit_mismatch'],
    ['FlashAttention head size', 'ValueError: Head size 80 is not supported by FlashAttention. Supported head sizes are: [64, 128, 256].', 'flash_attention_unsupported'],
    ['Flash Attention 2.0 dtype', 'ValueError: Flash Attention 2.0 only supports torch.float16 and torch.bfloat16 dtypes', 'flash_attention_unsupported'],
    ['architecture in Rust', "Error: called `Result::unwrap()` on an `Err` value: Unknown GGUF architecture `gemma5`", 'model_load_format'],
    ['VRAM in Chinese', 'RuntimeError: 加载模型失败：显存不足', 'gpu_oom_weights'],
    ['a GPU backend library not loaded', 'load_backend: failed to load /usr/lib/ollama/cuda_v12/libggml-cuda.so: libcudart.so.12: wrong ELF class', 'gpu_not_detected'],
    ['GPU too old for PyTorch', 'UserWarning: Found GPU0 Tesla K80 which is of cuda capability 3.7. PyTorch no longer supports this GPU because it is too old.', 'driver_or_toolkit_mismatch'],
    ['SDPA without flash attention', 'UserWarning: 1Torch was not compiled with flash attention. (Triggered internally at ..\\aten\\src\\ATen\\native\\transformers\\cuda\\sdp_utils.cpp:455.)', 'flash_attention_unsupported'],
    ['architecture in transformers', 'ValueError: The checkpoint you are trying to load has model type `qwen9` but Transformers does not recognize this architecture.', 'model_load_format'],
    // Wordings added after batch 7 (fakes, worded unlike the dev logs they generalise).
    ['illegal instruction, German shell', './llama-cli -m m.gguf -p hi\nUngültiger Maschinenbefehl (Speicherabzug geschrieben)', 'cpu_unsupported_instructions'],
    ['illegal instruction, Japanese shell', './main -m m.bin\n不正な命令です (コアダンプ)', 'cpu_unsupported_instructions'],
    ['context exceeded, passive voice', 'Error: the context window was exceeded (4096 tokens)', 'context_exceeds_limit'],
    ['NVML return 18 as a bare number', 'nvmlInit_v2 err: 18\nlevel=INFO source=gpu.go:300 msg="Unable to load nvml management library"', 'driver_or_toolkit_mismatch'],
    ['Ollama CUDA driver refusing the runtime by number', 'level=WARN source=gpu.go:612 msg="error initializing cuda driver library /usr/lib/libcuda.so.535: cuda driver library init failure: 804"', 'driver_or_toolkit_mismatch'],
    ['graph allocator, renamed function', 'ggml_gallocr_reserve_n_impl: failed to allocate ROCm0 buffer of size 8589934592', 'gpu_oom_compute_buffer'],
    ['HIP enum for missing device code', 'HIP error: hipErrorInvalidDeviceFunction\n  current device: 0, in function ggml_cuda_op_mul_mat', 'driver_or_toolkit_mismatch'],
    ['a torch extension built for another torch', 'ImportError: /site-packages/vllm/_C.abi3.so: undefined symbol: _ZN3c104cuda9SetDeviceEi', 'driver_or_toolkit_mismatch'],
    ['speed in Japanese, VRAM spilling into shared memory', '生成速度: 2.1 トークン/秒\nタスクマネージャー: 共有 GPU メモリ 6.8 GB 使用中', 'slow_partial_offload'],
    ['a GPU busy a tenth of the time while generating', 'eval rate: 6.40 tokens/s\nnvtop: GPU utilization: 12%, CPU 780%', 'slow_partial_offload'],
    ['a GPU at a few percent as a share', 'generation: 4.1 tok/s (Using 8% GPU, 400% CPU)', 'slow_partial_offload'],
    ['a serving benchmark at a long prompt', 'vllm bench serve --random-input-len 32000 --random-output-len 128\nMean TTFT (ms): 9120.44\nOutput token throughput (tok/s): 41.20', 'slow_long_context'],
    ['Ollama naming the vendor library', 'level=INFO source=amd_windows.go:120 msg="no compatible amdgpu devices detected"', 'gpu_not_detected'],
    ['a GPU survey that counts zero', '[LM Studio] GPU survey: 0 GPUs detected', 'gpu_not_detected'],
    ['vLLM without a platform', 'WARNING 05-01 12:00:00 [__init__.py:221] No platform detected, vLLM is running on UnspecifiedPlatform', 'gpu_not_detected'],
    // Wordings added after batch 8 (fakes, worded unlike the dev logs they generalise).
    ['a GPU found but set aside, ROCm', 'level=INFO source=discover.go:210 msg="skipping ROCm device" id=GPU-1 gfx=gfx803 reason="not in supported list"', 'gpu_not_detected'],
    ['a GPU found but set aside, Vulkan', 'ggml_vulkan: ignoring Vulkan device that reports no compute queue: llvmpipe (LLVM 17.0.6, 256 bits)', 'gpu_not_detected'],
    ['a GPU that did not start, filtered out', 'level=INFO source=runner.go:140 msg="filtering device which did not finish its self-test" library=ROCm', 'gpu_not_detected'],
    ['a build without the backend, macro name', 'register_backend: GGML_USE_VULKAN is not defined; only the CPU backend is registered', 'gpu_not_detected'],
    ['a build without the backend, in words', 'warning: this binary was built without CUDA; all layers stay on the CPU', 'gpu_not_detected'],
    ['a build without the backend, SYCL', 'main: SYCL backend is not available in this build', 'gpu_not_detected'],
    ['a library that fails to start, Portuguese, in the non-AVX2 fallback', 'Loading noavx2 compatibility library: engine_noavx2.dll\nOSError: Uma rotina de inicialização da biblioteca de vínculo dinâmico (DLL) falhou.', 'cpu_unsupported_instructions'],
    // Wordings added after batch 13 (fakes, worded unlike the dev logs they generalise).
    ['MLX: one buffer over the allowed maximum', 'RuntimeError: [metal] Requested 90000000000 bytes, which is greater than the maximum allowed buffer size of 77309411328 bytes.', 'gpu_oom_compute_buffer'],
    ['a buffer over the supported maximum, other wording', 'error: the attention buffer is bigger than the maximum supported buffer size of this device', 'gpu_oom_compute_buffer'],
    ['HIP fat binary without a code object, reworded', ':3:hip_code_object.cpp :507 : Could not find a compatible code object for gfx1201', 'driver_or_toolkit_mismatch'],
    ['Intel XPU out of memory in PyTorch', 'torch.OutOfMemoryError: XPU out of memory. Tried to allocate 512.00 MiB. GPU 0 has a total capacity of 15.11 GiB.\n  File "loader.py", line 70, in load_state_dict', 'gpu_oom_weights'],
    ['a speed table by context length', '| ctx | tok/s |\n|---|---|\n| 8k | 60.1 |\n| 64k | 21.7 |', 'slow_long_context'],
    ["ggml's scheduler failing a running graph", 'ggml_backend_sched_alloc_splits: failed to allocate graph\nsrv  send_error: task id = 12, error: Compute error.', 'gpu_oom_compute_buffer'],
    ['vLLM refusing a FlashAttention version', 'WARNING [fa_utils.py:80] Cannot use FA version 3: FA3 is only supported on devices with compute capability 9.0', 'flash_attention_unsupported'],
    // Wordings added in round kb15 (fakes, worded unlike the dev logs they generalise).
    ['a job killed, bash job control', '$ ./llama-cli -m big.gguf -c 32768 &\n[1]+  Killed                  ./llama-cli -m big.gguf -c 32768', 'host_oom'],
    ['a job killed, zsh with the job marker', '[2]  + 48213 killed     python serve.py --model big', 'host_oom'],
    ['a job killed, inside a script', 'start-server.sh: line 12:  7781 Killed                  vllm serve big-model', 'host_oom'],
    ['rows of the OOM task dump, old kernel columns, no header', '[12034.551] [  10422]  1000 10422  9183344  7712001  61440  122  0        0 llama-server\n[12034.551] [   811]     0   811    12045      220    126976       18         -1000 systemd-udevd', 'host_oom'],
    ['a GGML-era file that would not load, other loader', "ERROR: couldn't load the model: /srv/models/ggml-mistral-7b-q5_1.bin", 'model_load_format'],
    ['a device listing with nothing under it', '$ ./llama-bench --list-devices\nAvailable devices:\n\n$ echo done', 'gpu_not_detected'],
    ['a device listing that says none, behind a front-end', '[launcher][INFO] Device list output:\n  (none)\n[launcher][WARN] continuing with the CPU backend', 'gpu_not_detected'],
    ['a compute buffer sized on the CPU alone', 'llama_context:        CPU  output buffer size =     0.58 MiB\nllama_context:        CPU compute buffer size =   300.01 MiB\nllama_context: graph nodes  = 1158', 'gpu_not_detected'],
    ['a build that lists no supported GPU target', 'level=WARN source=discover.go:88 msg="GPU skipped" gpu_type=gfx1151 supported targets: []', 'gpu_not_detected'],
    ['ggml asserting on the pointer an allocation returned', '/src/ggml/ggml-cpu/repack.cpp:902: GGML_ASSERT(buf != NULL) failed\nAborted (core dumped)', 'host_oom'],
    ['a compute buffer, another verb', 'graph_reserve: could not reserve compute buffers (ROCm0: 4210.00 MiB)', 'gpu_oom_compute_buffer'],
    ['a KV cache, another verb', 'llama_init_from_model: cannot allocate the kv cache: out of memory on CUDA0', 'gpu_oom_kv_cache'],
    ['a context, another verb', 'node-llama-cpp: could not create a context: not enough VRAM left', 'gpu_oom_kv_cache'],
    ['a CPU buffer, another verb', 'load_tensors: could not alloc CPU_Mapped buffer of size 41233.5 MiB', 'host_oom'],
    ['the graph allocator, another verb', 'ggml_gallocr_reserve_n: unable to reserve Vulkan0 buffer of size 2147483648', 'gpu_oom_compute_buffer'],
    ['a request larger than the context, reworded', 'srv  send_error: task id = 3, error: the request (9120 tokens) is larger than the available ctx (8192)', 'context_exceeds_limit'],
    ['a prompt too large, reworded', 'ValueError: Input prompt (40112 tokens) is too large for this server', 'context_exceeds_limit'],
    ['a ctx limit reached', 'slot 0: ctx limit reached, stopping generation', 'context_exceeds_limit'],
    ['a GPU target unsupported, other word order', 'level=WARN source=amd_linux.go:300 msg="amdgpu gfx1036 unsupported by this build"', 'driver_or_toolkit_mismatch'],
    ["flash attention that isn't supported", "warn: flash attention isn't supported on this device, running without it", 'flash_attention_unsupported'],
    ['a model type unsupported, other word order', 'ValueError: Model type qwen9_moe is unsupported.', 'model_load_format'],
    ['GPU acceleration that will not be available', 'NVIDIA GPU found, but the driver is not loaded. GPU acceleration will not be available.', 'gpu_not_detected'],
    ['a backend found but not started', 'Vulkan: Vulkan was found, but could not initialize it (falling back)', 'driver_or_toolkit_mismatch'],
    ['a GPU library that could not be opened', 'OSError: libcudart.so.13: could not open shared object file: No such file or directory', 'driver_or_toolkit_mismatch'],
    ['the graph allocator short of space, other word', 'ggml_allocr_alloc: insufficient space in the buffer (needed 402653184, largest block available 20971520)', 'gpu_oom_compute_buffer'],
    ['the context length reached, without an article', 'Error: reached max ctx length of 8192 tokens; start a new chat or raise the limit', 'context_exceeds_limit'],
    ['a ctx overflow', 'slot update_slots: ctx overflow while decoding, n_past = 4096', 'context_exceeds_limit'],
    ['killed behind a docker compose prefix', 'llm-1  | loading model weights...\nllm-1  | Killed', 'host_oom'],
    ['killed behind a log level', '2026-03-01 10:00:01 INFO starting worker\n2026-03-01 10:04:12 ERROR Killed', 'host_oom'],
    ['a job killed behind a journald prefix', 'Mar 01 10:04:12 box runner.sh[812]: [1]+  Killed                  ./llama-server -m big.gguf', 'host_oom'],
    ['a device listing behind a log prefix', '[2026-03-01][10:00:01][device][INFO] Available devices:\n[2026-03-01][10:00:01][device][WARN] none usable', 'gpu_not_detected'],
    ["a KV cache that cannot hold the model's length, reworded", "ValueError: the model's max length (32768) is greater than the maximum number of tokens that can fit in the kv_cache (12000)", 'gpu_oom_kv_cache'],
    ['negative memory for the cache, hyphenated', 'INFO worker.py:240 Available kv-cache memory: -1.25 GiB after the weights', 'gpu_oom_kv_cache'],
    ['an invalid opcode, in other words', 'worker 1 crashed: invalid instruction (core dumped) while loading the model', 'cpu_unsupported_instructions'],
    ['not enough RAM, in plain words', 'Error: this model requires more RAM (41.2 GiB) than is available (31.0 GiB)', 'host_oom'],
    ['a failure to allocate, as a noun', 'Failure to allocate compute buffers on CUDA0 (needed 3.1 GiB)', 'gpu_oom_compute_buffer'],
    ['a KV cache allocation failure', 'llama_context: kv cache allocation failure (needs 16384.00 MiB on Vulkan0)', 'gpu_oom_kv_cache'],
    ['a PyTorch OOM in a frame named after the prefill', 'Traceback (most recent call last):\n  File "/srv/engine/runner.py", line 88, in run_prefill_step\n    out = self.model(batch)\ntorch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB.', 'gpu_oom_compute_buffer'],
    ['a PyTorch OOM in a frame named after the KV cache', 'Traceback (most recent call last):\n  File "/srv/engine/pool.py", line 51, in alloc_kv_cache_pool\n    t = torch.empty(shape, device="cuda")\ntorch.OutOfMemoryError: CUDA out of memory. Tried to allocate 6.00 GiB.', 'gpu_oom_kv_cache'],
    ["llama.cpp's graph reserve naming the device buffer", 'graph_reserve: could not allocate ROCm0 buffer of size 2214592512', 'gpu_oom_compute_buffer'],
    ['a vocabulary-only GGUF loaded as a model', 'main: error: unable to load model\nllama_model_load_from_file: loading /models/ggml-vocab-llama-bpe.gguf', 'model_load_format'],
    // Added after batch 17 (a fake, worded unlike the dev logs it generalises).
    ['a tensor type this build does not know', 'gguf_init: tensor blk.0.attn_q.weight has unsupported tensor type 41 (a newer quantization)\nllama_model_load: error loading model', 'model_load_format'],
    // Wordings added after batch 16 (fakes, worded unlike the dev logs they generalise).
    ['only the CPU backend loaded by ggml', 'load_backend: loaded CPU backend from /opt/app/lib/libggml-cpu-haswell.so\nsystem_info: n_threads = 8', 'gpu_not_detected'],
    ['a model over a server memory budget', "error: model 'Llama-3.3-70B' (39.6 GB) exceeds the allowed memory (24 GB) of this server", 'gpu_oom_weights'],
    ["rocBLAS listing the kernels it has, not the GPU's", 'rocBLAS error: Cannot read TensileLibrary_lazy_gfx1012.dat\n  /opt/rocm/lib/rocblas/library/TensileLibrary_lazy_gfx1030.dat', 'driver_or_toolkit_mismatch'],
    ["a chip not in the toolkit's list", 'CMake Error: SOC_VERSION Ascend310B4 is not in the supported list: ascend910b1;ascend310p1', 'driver_or_toolkit_mismatch'],
    // Added after batch 21 (fakes, worded unlike the dev logs they generalise).
    ['NVML that cannot reach the GPU in a container', "RuntimeError: nvidia-smi exited with 255: Failed to initialize NVML: Unknown Error\ncontainer has no GPU devices", 'gpu_not_detected'],
    ['a layer the loader finds without a tensor it needs', 'panic: load model: llama4: layer 12 is missing the ffn_gate_inp weights', 'model_load_format'],
    ['a model with more experts than the build allows', 'GGML_ASSERT(hparams.n_expert <= LLAMA_MAX_EXPERTS) failed\nAborted (core dumped)', 'model_load_format'],
    // Added after batch 23 (fakes, worded unlike the dev logs they generalise).
    ['an OpenCL driver library the app cannot open', 'E/TVM: Error! Cannot load libOpenCL.so from the vendor partition\nchat reload failed', 'gpu_not_detected'],
    ['a browser runtime that finds no usable GPU', 'Error: could not find a usable GPU adapter (WebGPU). Check chrome://gpu', 'gpu_not_detected'],
    ["ggml's OpenCL buffer type failing at load", 'llm_load_tensors: offloading 20 repeating layers to GPU\nggml_backend_opencl_buffer_type_alloc_buffer: failed to allocate 2210.00 MiB\nllama_model_load: error loading model', 'gpu_oom_weights'],
    ['a quantized model whose modules do not fit on the GPU', 'ValueError: Some modules are dispatched on the CPU or the disk. Make sure you have enough GPU RAM to fit the quantized model.', 'gpu_oom_weights'],
    ['a model the installed runtime version cannot read', 'Error: llama runner process has terminated: this model is incompatible with your version of Ollama, please upgrade', 'model_load_format'],
    ['a Rust loader refusing the file magic', "thread 'main' panicked at 'called `Result::unwrap()` on an `Err` value: InvalidMagic { path: \"models/old-q4_0.bin\" }'", 'model_load_format'],
    ['memory that ran out while capturing CUDA graphs', 'INFO worker.py:212 Capturing cudagraphs for decoding. This may lead to unexpected consequences\ntorch.OutOfMemoryError: CUDA out of memory. Tried to allocate 64.00 MiB. GPU 0 has a total capacity of 23.65 GiB of which 41.06 MiB is free.', 'gpu_oom_compute_buffer'],
    ['a speed table with and without RADV\'s GTT spill', '| config | pp512 t/s | tg128 t/s |\n| gttspill (default) | 212.4 | 18.3 |\n| RADV_PERFTEST=nogttspill | 1480.9 | 96.1 |', 'slow_partial_offload'],
    ['a library whose symbol dyld, in parentheses, cannot find in the OS', 'ImportError: dlopen(/opt/homebrew/lib/python3.12/site-packages/llama_cpp/lib/libllama.dylib, 0x0006): Symbol not found: (_ggml_backend_metal_buffer_type)\n  Expected in: /usr/lib/libSystem.B.dylib', 'driver_or_toolkit_mismatch'],
    ['an attention kernel that takes one head size only', 'RuntimeError: paged prefill kernel: head_dim must be 256 for this build (model has 80)', 'flash_attention_unsupported'],
    ['a Metal shader library that does not compile, then no context', 'ggml_metal_init: loading embedded library\nggml_metal_init: error: Error Domain=MTLLibraryErrorDomain Code=3 "program_source:812:5: error: use of undeclared identifier \'simdgroup_half8x8\'"\nllama_init_from_model: failed to initialize the context: failed to initialize Metal backend', 'driver_or_toolkit_mismatch'],
    ['a Metal backend that did not start, so no context', 'ggml_metal_init: found device: Apple M3 Pro\nllama_init_from_model: failed to initialize the context: failed to initialize Metal backend', 'gpu_not_detected'],
    ['a CUDA build whose target lacks an instruction (ptxas)', "ptxas /tmp/tmpxft_0001a2b3-7_fattn-mma.ptx, line 4410; error   : Instruction 'tcgen05.mma' not supported on .target 'sm_100'\nninja: build stopped: subcommand failed.", 'driver_or_toolkit_mismatch'],
    ['a prebuilt engine made on another GPU', '[TensorRT-LLM][ERROR] Assertion failed: engine built on an incompatible device: expecting compute 9.0, got compute 8.6. Rebuild the engine on this GPU.', 'driver_or_toolkit_mismatch'],
    ["a crash in the Visual C++ runtime's mutex code", 'Exception thrown at 0x00007FFC1A2B3C4D (msvcp140.dll) in llama-server.exe: 0xC0000005: Access violation reading location 0x0000000000000000.\n>  msvcp140.dll!_Mtx_lock() Unknown', 'driver_or_toolkit_mismatch'],
    ['MLX weights that lack parameters the model declares', 'Traceback (most recent call last):\n  File "mlx/nn/layers/base.py", line 185, in load_weights\nValueError: Missing 4 parameters: \nvision_tower.patch_embed.proj.weight,\nvision_tower.patch_embed.proj.bias.', 'model_load_format'],
    // Added after batch 26 (fakes, worded unlike the dev logs they generalise).
    ['more sequences asked for than the state cache has blocks', 'RuntimeError: requested 512 concurrent requests, but there are not enough KV cache blocks (410) on this GPU; lower max_num_seqs', 'gpu_oom_kv_cache'],
    ['an attention feature only one backend has', 'AssertionError: sliding window attention is only supported for the FLASH_ATTN backend (got XFORMERS)', 'flash_attention_unsupported'],
    ["llama-server's newer progress line on a long prompt", 'srv  update_slots: id  1 | task 7 | prompt processing, n_tokens = 81920, progress = 0.62, t = 655.10 s / 125.05 tok/s\nsrv  stop: cancel task, id_task = 7', 'slow_long_context'],
    // Added after batch 27 (fakes, worded unlike the dev logs they generalise).
    ['a container whose GPU has no CDI spec', 'Error: device nvidia.com/gpu=all has no CDI spec; run "nvidia-ctk cdi generate --output=/etc/cdi/nvidia.yaml"', 'gpu_not_detected'],
    ["HIP refusing a library's kernels", 'hip_platform.cpp:120 : 9911 us: [pid:41 tid:0x7] Cannot register Fat Binary, error:13\nAborted (core dumped)', 'driver_or_toolkit_mismatch'],
    ["TensorRT-LLM's fused attention on an old GPU", '[TensorRT-LLM][ERROR] Assertion failed: Unsupported architecture (/src/cpp/tensorrt_llm/kernels/contextFusedMultiHeadAttention/fmhaRunner.cpp:91)\nterminate called after throwing an instance of \'tensorrt_llm::common::TllmException\'', 'flash_attention_unsupported'],
    // Added after batch 28 (fakes, worded unlike the dev logs they generalise).
    ['Ollama listing no GPU library it can use', 'time=2026-02-01T10:00:00.000Z level=DEBUG source=runner.go:88 msg="compatible libraries" compatible=[ ]\ntime=2026-02-01T10:00:00.100Z level=INFO source=server.go:400 msg="starting runner"', 'gpu_not_detected'],
    ['a binary built against a newer libstdc++', './llama-server: symbol lookup error: ./libllama.so: undefined symbol: _ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE10_M_replaceEmmPKcm', 'driver_or_toolkit_mismatch'],
    ['a full context the model cannot shift', 'srv  update_slots: id  0 | task 88 | slot context shift, n_keep = 0, n_left = 8190\n/src/llama-context.cpp:1207: The current context does not support K-shift\nAborted (core dumped)', 'context_exceeds_limit'],
    ["a container's /dev/shm too small for NCCL", 'node-0:311:311 [0] NCCL INFO Failed to create shared memory segment /dev/shm/nccl-Xy12ab of 33030144 bytes\nRuntimeError: NCCL Error 2: unhandled system error', 'host_oom'],
    // Added after batch 29 (fakes, worded unlike the dev logs they generalise).
    ['PyTorch without kernels for the GPU, only its last line pasted', 'If you want to use the NVIDIA GeForce RTX 5060 GPU with PyTorch, please check the instructions at https://pytorch.org/get-started/locally/\nRuntimeError: CUDA error: no kernel image', 'driver_or_toolkit_mismatch'],
    ["the kernel's trace of a failed page allocation", 'Jan 02 03:04:05 host kernel: CPU: 7 PID: 4321 Comm: llama-server\nJan 02 03:04:05 host kernel:  warn_alloc+0x13b/0x160\nJan 02 03:04:05 host kernel:  __alloc_pages_slowpath.constprop.0+0xc1d/0xd70', 'host_oom'],
    ['an attention kernel missing for the head size', 'RuntimeError: fmha kernel not found for head_dim=256 on sm_120', 'flash_attention_unsupported'],
    // Added after batch 30 (fakes, worded unlike the dev logs they generalise).
    ['a GPU generation newer than the CUDA toolkit', 'WARNING: Failed to get device capability: SM 10.x requires CUDA >= 12.8.\nRuntimeError: ninja: build stopped: subcommand failed.', 'driver_or_toolkit_mismatch'],
    ["Ollama unable to read the NVIDIA GPU's memory", 'time=2025-01-02T03:04:05.000Z level=INFO source=gpu.go:210 msg="error looking up nvidia GPU memory" error="cuda driver library failed to get primary device context 999"', 'gpu_not_detected'],
    ["koboldcpp's launcher finding no GPU", 'Welcome to KoboldCpp - Version 1.90\nUnable to detect VRAM, please set layers manually.\nAuto Selected Default Backend (flag=1)', 'gpu_not_detected'],
    ['an MLX model in an app that has no MLX engine here', "Failed to load model: No LM Runtime found for model format 'mlx'", 'model_load_format'],
    ['a quantization the GPU is too old for', 'ValueError: The quantization method fp8 is not supported for the current GPU. Minimum capability: 89. Current capability: 80.', 'model_load_format'],
    // Added after batch 31 (fakes, worded unlike the dev logs they generalise).
    ['an OpenCL (CLBlast) build that cannot create a buffer on the device', 'llm_load_tensors: offloaded 40/41 layers to GPU\nggml_opencl: clCreateBuffer(context, CL_MEM_READ_ONLY, size, NULL, &err) error -4 at ggml-opencl.cpp:1120', 'gpu_oom_weights'],
    ["llama.cpp's fit giving up on layers the user fixed", 'common_params_fit_impl: projected to use 13000 MiB of device memory vs. 11800 MiB of free device memory\ncommon_fit_params: failed to fit params to free device memory: n_gpu_layers already set by user to 99, abort', 'gpu_oom_weights'],
    ['a container started with device nodes the host lacks', 'Error response from daemon: error gathering device information while adding custom device "/dev/dri": no such file or directory', 'gpu_not_detected'],
    ['a download that is not a GGUF file', 'Error: the selected file is not in GGUF format (model.safetensors)', 'model_load_format'],
    // Added after batch 32.
    ["PyTorch's out-of-memory body without its first words, with vLLM's hint about its CUDA-graph estimate", 'Tried to allocate 64.00 MiB. GPU 1 has a total capacity of 11.99 GiB of which 18.50 MiB is free.\nIf the problem persists, set VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS=0 and retry', 'gpu_oom_compute_buffer'],
    ['llama-server shifting a full context', 'slot update_slots: id  3 | task 17 | slot context shift, n_keep = 1, n_left = 4094, n_discard = 2047', 'context_exceeds_limit'],
    // Added after batch 33 (fakes, worded unlike the dev logs they generalise).
    ["llama.cpp's multimodal tool given another model's projector", 'mismatch between text model (n_embd = 4096) and mmproj (n_embd = 2048)\nhint: you may be using wrong mmproj', 'model_load_format'],
    ["vLLM missing a GPTQ checkpoint's own tensor", "KeyError: 'model.layers.0.self_attn.q_proj.qzeros'", 'model_load_format'],
    ['a dtype the GPU generation lacks, outside vLLM', 'RuntimeError: bf16 is only supported on GPUs with compute capability >= 8.0', 'model_load_format'],
    ["llama.cpp turning flash attention off for a tensor on another device", 'llama_context: layer 0 is assigned to device CUDA0 but the Flash Attention tensor is assigned to device Vulkan0 (usually due to missing support)', 'flash_attention_unsupported'],
    // Added after batch 34 (a fake, worded unlike the dev logs it generalises).
    ["llama.cpp's loader giving up on a file, the reader's reason cut from the paste", 'main: loading model from /models/phi-3-mini.Q4_K_M.gguf\nllama_load_model_from_file: failed to load model\nllama_model_load: error loading model: llama_model_loader: failed to load model from /models/phi-3-mini.Q4_K_M.gguf', 'model_load_format'],
    // Added after batch 35 (fakes, worded unlike the dev logs they generalise).
    ['a loader that knows only older versions of a model family', 'ValueError: the Qwen2-VL processor only supports versions 1 and 2 of its vision config; got 3', 'model_load_format'],
    ['a tokenizer byte this build cannot map', 'llama_tokenize_internal: ERROR: byte not found in vocab: 0x0A\nSegmentation fault (core dumped)', 'model_load_format'],
    ['an app built for a newer macOS', 'Error: this build of the LLM server requires macOS 15.0 or later (this Mac runs 14.6.1)', 'driver_or_toolkit_mismatch'],
    ['a Metal GPU without residency sets', 'ggml_metal_device_init: GPU name: AMD Radeon Pro 5500M\nggml_metal_init: error: this device does not support residency sets\nAbort trap: 6', 'driver_or_toolkit_mismatch'],
    // Added after batch 36 (a fake, worded unlike the dev log it generalises).
    ['a runtime refusing GPUs under its minimum compute capability', 'ValueError: Devices with compute capability less than 7.5 are unsupported by this build (found Tesla P40, 6.1)', 'driver_or_toolkit_mismatch'],
    // Added after batch 37 (a fake, worded unlike the dev log it generalises).
    ['llama-cpp-python handed no model for a GGML-era file', 'llama.cpp: loading model from /srv/models/mistral-7b-instruct-v0.1.ggmlv3.q5_K_M.bin\n  File "/srv/venv/lib/python3.10/site-packages/llama_cpp/llama.py", line 340, in __init__\n    assert self.model is not None\nAssertionError', 'model_load_format'],
    // Added after batch 39 (a fake, worded unlike the dev logs it generalises).
    ['a Windows engine that could not find a DLL it links against', 'Error: model runner exited with status code -1073741515', 'driver_or_toolkit_mismatch'],
    // Added after batch 40 (fakes, worded unlike the dev logs they generalise).
    ["a flash-attention kernel source that does not compile with this toolkit", "/build/llama.cpp/ggml/src/ggml-cuda/fattn-mma-f16.cuh:412:9: error: use of undeclared identifier '__shfl_xor_sync'\n  412 |         __shfl_xor_sync(0xFFFFFFFF, KQ_max, 16);\nmake[2]: *** [ggml/src/ggml-cuda/CMakeFiles/ggml-cuda.dir/build.make:90] Error 1", 'driver_or_toolkit_mismatch'],
    ["vLLM's model runner running out of memory in a batch", 'torch.OutOfMemoryError: Error in model execution (input dumped to /tmp/err_execute_model_input_20250301-101010.pkl): CUDA out of memory. Tried to allocate 512.00 MiB.', 'gpu_oom_compute_buffer'],
    // Added after batch 41 (a fake, worded unlike the dev log it generalises).
    ["FlashInfer's attention kernels without a configuration for a head size", 'ValueError: Invalid configuration : NUM_MMA_Q=1 NUM_MMA_D_QK=5 NUM_MMA_D_VO=5 NUM_MMA_KV=2 NUM_WARPS_Q=4 NUM_WARPS_KV=1 please create an issue', 'flash_attention_unsupported'],
    // Checkpoint files cut short or replaced (fakes, from the frameworks' own messages; no dev log has them yet).
    ['a PyTorch checkpoint that is a Git LFS pointer', '  File "/opt/venv/lib/python3.10/site-packages/torch/serialization.py", line 1040, in load\n    return _legacy_load(opened_file, map_location, pickle_module, **pickle_load_args)\n_pickle.UnpicklingError: invalid load key, \'v\'.', 'model_load_format'],
    ['a PyTorch checkpoint cut short', 'RuntimeError: PytorchStreamReader failed reading zip archive: failed finding central directory', 'model_load_format'],
    ["llama.cpp's decode with no free cell left in the context", 'decode: failed to find a memory slot for batch of size 2048\nllama_decode: failed to decode, ret = 1', 'context_exceeds_limit'],
    // Added after batch 42 (fakes, worded unlike the dev logs they generalise).
    ['a binding whose context has no cell left for the next token', 'ValueError: llama_decode returned 1: no KV slot found for a batch of 512 tokens', 'context_exceeds_limit'],
    ['a full context shifted on a vision model whose positions cannot shift', '/src/llama.cpp/src/llama-kv-cache.cpp:512: GGML_ASSERT(hparams.n_pos_per_embd() == 1 && "seq_add() is only supported for n_pos_per_embd() == 1") failed\nAborted (core dumped)', 'context_exceeds_limit'],
    ["a sharded checkpoint whose index names a shard that never downloaded", "FileNotFoundError: [Errno 2] No such file or directory: '/models/Llama-3.3-70B-Instruct/model-00017-of-00030.safetensors'", 'model_load_format'],
    ['a Rust engine that finds no CUDA driver library', 'thread \'main\' panicked at cudarc-0.12.1/src/driver/sys/mod.rs:72:9:\nUnable to find cuda lib under the names ["cuda", "nvcuda"]. Please open GitHub issue.', 'gpu_not_detected'],
    ["MLX failing to build its Metal kernels on this macOS", 'libc++abi: terminating due to uncaught exception of type std::runtime_error: [metal::Device] Unable to build metal library from source\nmlx/backend/metal/kernels/steel/attn/kernels/steel_attention.h:48:18: warning: unused variable', 'driver_or_toolkit_mismatch'],
    // Added after batch 44 (a fake, worded unlike the dev log it generalises).
    ['GPT4All running a model on the CPU that its GPU backend cannot run', '[Debug] (Tue Apr 2 10:01:11 2024): chatllm: Meta-Llama-3-8B-Instruct.Q6_K.gguf fallback reason: Model or quant has no GPU support', 'gpu_not_detected'],
    // Added after batch 46 (fakes, worded unlike the dev logs they generalise).
    ["a runtime's memory planner refusing weights over its budget", '[plan] unified memory: 48.0 GiB, wired limit 36.0 GiB\nError: weights and draft model need 39.4 GiB but the wired memory budget is 36.0 GiB', 'gpu_oom_weights'],
    ["MLX's model arguments not matching the model's config", "  File \"mlx_lm/models/gemma3_text.py\", line 28, in from_dict\nTypeError: ModelArgs.__init__() got an unexpected keyword argument 'sliding_window_pattern'", 'model_load_format'],
    ["onnxruntime-genai reading a config value its version does not know", "RuntimeError: Error encountered while parsing '/home/u/phi-4-mini-onnx/cpu/genai_config.json' JSON Error: Unknown value: sliding_window at line 40 index 23", 'model_load_format'],
    ["llama.cpp's Metal shaders failing to compile on this macOS", "ggml_metal_library_init: error compiling source\nprogram_source:2134:9: error: unknown type name 'bfloat4x4'", 'driver_or_toolkit_mismatch'],
    ['onnxruntime-genai asked for a provider its package lacks', "  File \"run_phi.py\", line 9, in <module>\n    config.append_provider('cuda')\nRuntimeError: Unknown provider type: cuda", 'gpu_not_detected'],
    // Added after batch 47.
    ["Foundry Local asked for an execution provider it has not registered", '[10:02:11 ERR] The specified EP dml is not registered.\nFailed to load model phi-4-mini-instruct-generic-gpu', 'gpu_not_detected'],
    // Added after batch 48.
    ['bitsandbytes with no build for the CUDA version it found', 'CUDA SETUP: Detected CUDA version 124\nCUDA SETUP: Required library version not found: libbitsandbytes_cuda124.so. Maybe you need to compile it from source?\nCUDA SETUP: Defaulting to libbitsandbytes_cpu.so...\nthe installed version of bitsandbytes was compiled without GPU support.', 'driver_or_toolkit_mismatch'],
  ])('%s', (_name, text, category) => {
    const d = bare(text);
    expect(d.category).toBe(category);
    expect(d.candidates[0]).toMatchObject({ category, basis: 'family', entryId: null });
    expect(d.candidates[0]!.evidence.length).toBeGreaterThan(0);
    expect(d.candidates[0]!.fixes!.length).toBeGreaterThan(0);
    expect(() => DiagnosisSchema.parse(d)).not.toThrow();
  });

  it("reads Ollama skipping an AMD GPU whose target the build lacks as no GPU at work, with the mismatch second", () => {
    const d = bare('level=WARN source=amd_windows.go:138 msg="amdgpu is not supported" gpu=0 gpu_type=gfx1036 supported_types="[gfx1030 gfx1100 gfx906]"\nlevel=INFO source=types.go:71 msg="inference compute" id=0 library=cpu');
    expect(d.candidates.map((c) => c.category).slice(0, 2)).toEqual(['gpu_not_detected', 'driver_or_toolkit_mismatch']);
  });

  it('reads the stage from a Python traceback (vLLM profiling) and the working set from Metal\'s numbers', () => {
    const vllm = bare(['  File "/vllm/worker/gpu_model_runner.py", line 2270, in profile_run', '  File "/vllm/model_executor/layers/sampler.py", line 90, in forward', 'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB.'].join('\n'));
    expect(vllm.category).toBe('gpu_oom_compute_buffer');
    const metal = bare(['ggml_metal_init: recommendedMaxWorkingSetSize  =  5461.34 MB', "ggml_metal_add_buffer: allocated 'data            ' buffer, size =  3533.78 MB, offs =   4160536576, ( 7630.41 /  5461.34)"].join('\n'));
    expect(metal.category).toBe('gpu_oom_weights');
    expect(metal.families).toMatchObject({ resource: 'unified', stage: 'weights' });
  });

  it('does not read a warning or a hint as a failed allocation (mlock, "if you are running out of VRAM", a NaN estimate)', () => {
    expect(bare('warning: failed to mlock 2147483648-byte buffer (after previously locking 0 bytes): Cannot allocate memory\nTry increasing RLIMIT_MEMLOCK').category).toBe('unknown');
    expect(bare("common_init_from_params: failed to load model 'x.gguf', try reducing --n-gpu-layers if you're running out of VRAM").category).not.toMatch(/oom/);
    expect(bare('Error: Model loading was stopped due to insufficient system resources. It requires approximately NaN undefined of memory.').category).toBe('unknown');
    // Windows error 1114 by its number alone says a library did not start, not why: no family on its own.
    expect(bare('OSError: [WinError 1114] loading engine_gpu.dll').category).toBe('unknown');
    // The same words beside a real failure still count.
    expect(bare('warning: failed to mlock 1024-byte buffer: Cannot allocate memory\nggml_backend_cpu_buffer_type_alloc_buffer: failed to allocate buffer of size 40000000000\nterminate called after throwing an instance of \'std::bad_alloc\'').category).toBe('host_oom');
  });

  it('reads a llama-bench sweep over layer counts as a question of partial offload', () => {
    const table = ['./llama-bench -m m.gguf -ngl 0,10,20', '| model | backend | ngl | test | t/s |', '| llama 7B | CUDA | 10 | tg128 | 9.12 ± 0.10 |', '| llama 7B | CUDA | 20 | tg128 | 14.80 ± 0.20 |'].join('\n');
    expect(bare(table).category).toBe('slow_partial_offload');
  });

  it('reads a Metal failure at compute as the stage whose allocation crossed the working set', () => {
    const metal = bare(['ggml_metal_init: recommendedMaxWorkingSetSize  = 10922.67 MB', "ggml_metal_add_buffer: allocated 'data            ' buffer, size =  3648.58 MiB, ( 3649.20 / 10922.67)", "ggml_metal_add_buffer: allocated 'kv              ' buffer, size =  9000.00 MiB, ( 12649.20 / 10922.67)", 'ggml_metal_graph_compute: command buffer 0 failed with status 5'].join('\n'));
    expect(metal.category).toBe('gpu_oom_kv_cache');
  });

  it('keeps two readings of an out-of-memory line with no stage, asks the stage, and re-ranks on the answer', () => {
    const text = 'ggml_backend_cuda_buffer_type_alloc_buffer: allocating 512.00 MiB on device 0: cudaMalloc failed: out of memory';
    const d = bare(text);
    expect(d.candidates.map((c) => c.category).slice(0, 2)).toEqual(['gpu_oom_weights', 'gpu_oom_compute_buffer']);
    expect(d.question?.id).toBe('stage');
    const answered = bare(text, { stage: 'eval' });
    expect(answered.category).toBe('gpu_oom_compute_buffer');
    expect(answered.candidates[0]!.decidingFact).toMatch(/^you said: when the prompt ran/);
    expect(answered.question?.id).not.toBe('stage');
    // An answer that favours a category no candidate had adds it first.
    expect(bare(text, { stage: 'context' }).category).toBe('gpu_oom_kv_cache');
    // An unknown question or answer changes nothing.
    expect(bare(text, { stage: 'sometime' }).candidates).toEqual(d.candidates);
  });

  it('offers both readings when the KV cache cannot hold the model\'s length, with the question that separates them', () => {
    const text = "ValueError: The model's max seq len (131072) is larger than the maximum number of tokens that can be stored in KV cache (42304). Try increasing `gpu_memory_utilization` or decreasing `max_model_len` when initializing the engine.";
    const d = full(text);
    expect(d.candidates.map((c) => c.category)).toEqual(expect.arrayContaining(['gpu_oom_kv_cache', 'context_exceeds_limit']));
    expect(d.question?.id).toBe('kvLength');
    const shorter = full(text, { kvLength: 'no' });
    expect(shorter.category).toBe('context_exceeds_limit');
    expect(shorter.question).toBeNull();
    expect(full(text, { kvLength: 'yes' }).category).toBe('gpu_oom_kv_cache');
  });

  it('offers both readings when a KV cache kept in RAM does not fit: the context, and RAM', () => {
    const d = bare('ggml_backend_cpu_buffer_type_alloc_buffer: failed to allocate buffer of size 68719476736\nllama_kv_cache_init: failed to allocate buffer for kv cache');
    expect(d.category).toBe('gpu_oom_kv_cache');
    expect(d.candidates.map((c) => c.category)).toContain('host_oom');
  });

  it('leads with the weights for a bare PyTorch CUDA OOM, with the compute buffer second, and with the compute buffer for one in a forward pass', () => {
    const oom = 'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 270.00 MiB. GPU 0 has a total capacity of 23.57 GiB of which 60.69 MiB is free.';
    const plain = full(oom);
    expect(plain.candidates.slice(0, 2).map((c) => c.category)).toEqual(['gpu_oom_weights', 'gpu_oom_compute_buffer']);
    const forward = full(`  File "/vllm/v1/sample/sampler.py", line 86, in forward\n    logits = logits.to(torch.float32)\n${oom}`);
    expect(forward.category).toBe('gpu_oom_compute_buffer');
  });

  it('reads a PyTorch OOM by the latest traceback frame: generation and attention are a forward pass, Module.to is the weights', () => {
    // FAKE tracebacks in transformers' and PyTorch's own frame names.
    const oom = 'torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 1.50 GiB (GPU 0; 23.65 GiB total capacity; 20.10 GiB already allocated; 900.00 MiB free; 21.00 GiB reserved in total by PyTorch)';
    const generating = ['  File "chat.py", line 40, in <module>', '    response, history = model.chat(tokenizer, query, history=history)', '  File "modeling_qwen.py", line 1140, in chat', '  File "modeling_qwen.py", line 690, in _attn', '    attn_weights = torch.matmul(query, key.transpose(-1, -2))', oom].join('\n');
    expect(bare(generating).families?.stage).toBe('eval');
    expect(bare(generating).category).toBe('gpu_oom_compute_buffer');
    const moving = ['  File "app.py", line 12, in <module>', '    model = model.to("cuda")', '  File "torch/nn/modules/module.py", line 1160, in to', '    return self._apply(convert)', '  File "torch/nn/modules/module.py", line 833, in _apply', '    param_applied = fn(param)', oom].join('\n');
    expect(bare(moving).families?.stage).toBe('weights');
    expect(bare(moving).category).toBe('gpu_oom_weights');
    // The latest frame wins over an earlier one of another stage (a model built, then a forward pass).
    const both = ['  File "x.py", line 9, in from_pretrained', '  File "x.py", line 30, in forward', oom].join('\n');
    expect(bare(both).families?.stage).toBe('eval');
    // transformers' warning as generate() begins says the same without a traceback.
    const warned = `Setting \`pad_token_id\` to \`eos_token_id\`:2 for open-end generation.\n${oom}`;
    expect(bare(warned).category).toBe('gpu_oom_compute_buffer');
    // The entries read the same frames through the stage where memory ran out (oomStage).
    for (const text of [generating, warned]) {
      expect(full(text).extracted.oomStage).toBe('eval');
      expect(full(text).category).toBe('gpu_oom_compute_buffer');
    }
    expect(full(moving).extracted.oomStage).toBe('weights');
    expect(full(moving).category).toBe('gpu_oom_weights');
    // accelerate placing checkpoint shards (from_pretrained with a device_map) is the weights; SGLang's memory pool is the KV cache.
    const placing = ['  File "transformers/modeling_utils.py", line 4200, in _load_pretrained_model', '  File "accelerate/utils/modeling.py", line 330, in set_module_tensor_to_device', oom].join('\n');
    expect(full(placing).category).toBe('gpu_oom_weights');
    expect(bare(['  File "sglang/srt/model_executor/model_runner.py", line 900, in init_memory_pool', oom].join('\n')).category).toBe('gpu_oom_kv_cache');
    // An attention kernel's frame (xformers) and a warm-up frame are a forward pass.
    expect(bare(['  File "xformers/ops/fmha/__init__.py", line 223, in memory_efficient_attention', oom].join('\n')).category).toBe('gpu_oom_compute_buffer');
    expect(bare(['  File "vllm/v1/worker/gpu_worker.py", line 290, in compile_or_warm_up_model', oom].join('\n')).category).toBe('gpu_oom_compute_buffer');
  });

  it('reads the frames beside the failure before the stage lines printed earlier', () => {
    // FAKE logs: the step a run had reached (weights loaded, a context created), then the function it failed in.
    const vllm = bare(['INFO [gpu_model_runner.py:1800] Loading weights took 12.31 seconds', '  File "/vllm/v1/worker/gpu_model_runner.py", line 2270, in profile_run', 'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 1.20 GiB.'].join('\n'));
    expect(vllm.families?.stage).toBe('eval');
    const ggml = bare(['llama_context: n_ctx = 8192', 'CUDA error: out of memory', '  current device: 0, in function ggml_cuda_op_mul_mat at ggml-cuda.cu:1700'].join('\n'));
    expect(ggml.families?.stage).toBe('eval');
    expect(ggml.category).toBe('gpu_oom_compute_buffer');
  });

  it("reads a recurrent model's state buffer as the cache being in place", () => {
    // FAKE llama.cpp lines for a hybrid (Mamba-style) model: the state buffer allocated, then the next allocation failed.
    const d = bare(['llama_memory_recurrent:      CUDA0 RS buffer size =    16.07 MiB', 'ggml_backend_cuda_buffer_type_alloc_buffer: allocating 3072.00 MiB on device 0: cudaMalloc failed: out of memory'].join('\n'));
    expect(d.extracted.oomStage).toBe('compute');
    expect(d.category).toBe('gpu_oom_compute_buffer');
  });

  it('reads memory that runs out after a server said it was up as running a prompt', () => {
    // FAKE Ollama lines: the runner started, a request came, then CUDA ran out with no function named.
    const text = ['time=2025-03-01T10:00:05Z level=INFO source=server.go:619 msg="llama runner started in 3.51 seconds"', '[GIN] 2025/03/01 - 10:00:20 | 200 | 2.1s | 127.0.0.1 | POST "/api/chat"', 'CUDA error: out of memory'].join('\n');
    expect(bare(text).families?.stage).toBe('eval');
    expect(full(text).extracted.oomStage).toBe('eval');
    expect(full(text).category).toBe('gpu_oom_compute_buffer');
  });

  it('reads one PyTorch request of 8 GiB or more as activations when no frame says where the run was', () => {
    // FAKE lines in PyTorch's two formats.
    const huge = 'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 18.75 GiB. GPU 0 has a total capacity of 47.50 GiB of which 12.10 GiB is free.';
    expect(bare(huge).category).toBe('gpu_oom_compute_buffer');
    expect(full(huge).category).toBe('gpu_oom_compute_buffer');
    expect(full(huge.replace('18.75 GiB', '640.00 MiB')).category).toBe('gpu_oom_weights');
    // A frame still decides: a huge tensor made while loading is the weights.
    expect(bare(`  File "load.py", line 5, in load_state_dict\n${huge}`).category).toBe('gpu_oom_weights');
    expect(full(`  File "load.py", line 5, in load_state_dict\n${huge}`).category).toBe('gpu_oom_weights');
    const old = bare('RuntimeError: CUDA out of memory. Tried to allocate 12.00 GiB (GPU 0; 39.39 GiB total capacity; 20.00 GiB already allocated; 15.20 GiB free; 21.00 GiB reserved in total by PyTorch)');
    expect(old.extracted).toMatchObject({ totalMiB: expect.closeTo(39.39 * 1024, 0), freeMiB: expect.closeTo(15.2 * 1024, 0) });
  });

  it('reads a GPU busy under a third of the time as a split, but neither an idle nor a full GPU', () => {
    // FAKE lines: a speed figure beside the GPU's utilisation.
    const at = (load: string) => bare(`eval rate: 6.40 tokens/s\nGPU usage ${load}`);
    expect(at('5-10%').category).toBe('slow_partial_offload');
    expect(at('25%').category).toBe('slow_partial_offload');
    for (const load of ['0%', '1%', '35%', '100%', '90-100%']) expect(at(load).candidates.map((c) => c.category), load).not.toContain('slow_partial_offload');
    // A cache's usage is no GPU utilisation.
    expect(bare('eval rate: 6.40 tokens/s\nGPU KV cache usage: 12.5%').category).toBe('slow_long_context');
  });

  it('reads a PyTorch OOM inside a called module, or before a failed completion request, as a forward pass, entries and families alike', () => {
    // FAKE tracebacks and access lines in PyTorch's and uvicorn's own words.
    const oom = 'torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 416.00 MiB. GPU 0 has a total capacity of 23.65 GiB of which 300.00 MiB is free.';
    const called = ['  File "torch/nn/modules/module.py", line 1736, in _wrapped_call_impl', '    return self._call_impl(*args, **kwargs)', '  File "torch/nn/modules/module.py", line 1747, in _call_impl', '    return forward_call(*args, **kwargs)', '  File "quant/awq.py", line 169, in apply', oom].join('\n');
    const request = [oom, 'INFO:     10.0.0.5:41576 - "POST /v1/chat/completions HTTP/1.1" 500 Internal Server Error', 'ERROR:    Exception in ASGI application'].join('\n');
    for (const text of [called, request]) {
      expect(bare(text).families?.stage).toBe('eval');
      // The hint comes after the OOM line, or no stage line came before it: the entries get the stage too.
      expect(full(text).extracted.oomStage).toBe('eval');
      expect(full(text).category).toBe('gpu_oom_compute_buffer');
    }
    // A request that succeeded says nothing; nor does a failed request to load a model.
    expect(full(`${oom}\nINFO:     10.0.0.5:41576 - "POST /v1/chat/completions HTTP/1.1" 200 OK`).category).toBe('gpu_oom_weights');
    expect(full(`${oom}\nINFO:     10.0.0.5:41576 - "POST /v1/internal/model/load HTTP/1.1" 500 Internal Server Error`).category).toBe('gpu_oom_weights');
    // A stage hint in a log with no out-of-memory line sets no stage for the entries.
    expect(full('INFO:     10.0.0.5:41576 - "POST /v1/chat/completions HTTP/1.1" 500 Internal Server Error').extracted.oomStage).toBeUndefined();
  });

  it('reads memory held in private pools (CUDA graphs) as a forward pass when no frame says where the run was', () => {
    // FAKE PyTorch message: PyTorch names private pools only when they hold memory, i.e. graphs were captured.
    const graphs = 'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 900.00 MiB. GPU 0 has a total capacity of 79.10 GiB of which 512.00 MiB is free. Of the allocated memory 70.00 GiB is allocated by PyTorch, with 1.25 GiB allocated in private pools (e.g., CUDA Graphs), and 300.00 MiB is reserved by PyTorch but unallocated.';
    expect(bare(graphs).category).toBe('gpu_oom_compute_buffer');
    expect(full(graphs).category).toBe('gpu_oom_compute_buffer');
    // Without the pools the same request stays a weights question first.
    const noGraphs = graphs.replace(', with 1.25 GiB allocated in private pools (e.g., CUDA Graphs)', '');
    expect(bare(noGraphs).category).toBe('gpu_oom_weights');
    expect(full(noGraphs).category).toBe('gpu_oom_weights');
    // A frame still decides: it says where the run was, the pools only what had happened before.
    expect(bare(`  File "model_runner.py", line 9, in _allocate_kv_cache\n${graphs}`).category).toBe('gpu_oom_kv_cache');
  });

  it('reads a bare "unable to allocate backend buffer" as RAM first, GPU weights second, unless a GPU buffer failed first', () => {
    const bareLine = 'Error: llama runner process has terminated: error loading model: unable to allocate backend buffer';
    expect(bare(bareLine).candidates.map((c) => c.category)).toEqual(['host_oom', 'gpu_oom_weights']);
    for (const device of ['CUDA0', 'Vulkan0', 'ROCm1']) {
      const d = bare(`alloc_tensor_range: failed to allocate ${device} buffer of size 9437184000\nllama_model_load: error loading model: unable to allocate backend buffer`);
      expect(d.category, device).toBe('gpu_oom_weights');
      expect(d.candidates.map((c) => c.category)).not.toContain('host_oom');
    }
    // ggml's Metal backend names itself in the function, not in the buffer's name.
    for (const fn of ['ggml_metal_buffer_init', 'ggml_backend_metal_buffer_type_alloc_buffer']) {
      const d = bare(`${fn}: error: failed to allocate buffer, size = 18000.00 MiB\nllama_model_load: error loading model: unable to allocate backend buffer`);
      expect(d.category, fn).toBe('gpu_oom_weights');
      expect(d.families).toMatchObject({ resource: 'unified' });
    }
  });

  it('does not read a healthy load (metadata, a full offload, timings) as slowness', () => {
    const healthy = [
      'llama_model_loader: - kv   2:                       llama.context_length u32              = 131072',
      'load_tensors: offloaded 33/33 layers to GPU',
      'llama_context: n_ctx_per_seq (4096) < n_ctx_train (131072) -- the full capacity of the model will not be utilized',
      'prompt eval time =     120.50 ms /    42 tokens (    2.87 ms per token,   348.55 tokens per second)',
      '       eval time =    1500.00 ms /   128 runs   (   11.72 ms per token,    85.33 tokens per second)',
    ].join('\n');
    // Neither a family nor an entry: at most a resemblance (the similarity model reads timing lines as speed reports).
    expect(bare(healthy).category).toBe('unknown');
    expect(full(healthy).candidates.filter((c) => c.basis !== 'similarity')).toEqual([]);
  });

  it('reads a device listing as no GPU only when no device is listed in it', () => {
    expect(bare('Available devices:\n  (none)').category).toBe('gpu_not_detected');
    const listed = bare('Available devices:\n  Vulkan0: AMD Radeon RX 7800 XT (16368 MiB, 15900 MiB free)');
    expect(listed.category).toBe('unknown');
    expect(listed.families?.signals.noDevice).toBeUndefined();
  });

  it('does not read an mlock warning as a failed allocation, whatever its verb', () => {
    expect(bare('warning: unable to mlock 1555828736-byte buffer (after previously locking 0 bytes): Cannot allocate memory').category).toBe('unknown');
  });

  it('reads sizes and settings whether a line separates them with "=" or ":"', () => {
    const d = bare('llama_context: n_ctx: 32768\nllama_context: n_batch: 2048\nload_tensors: CUDA0 model buffer size: 7100.00 MiB\nllama_context: CUDA0 compute buffer size: 560.00 MiB\nllama_kv_cache: size: 4096.00 MiB');
    expect(d.extracted).toMatchObject({ contextSize: 32768, batchSize: 2048, modelMiB: 7100, computeMiB: 560, kvCacheMiB: 4096 });
  });

  it("reads Ollama's eval rates whatever the unit's spelling", () => {
    const d = bare('prompt eval count:    9000 token(s)\nprompt eval rate:     850.10 tok/s\neval rate:            7.45 t/s');
    expect(d.speeds.map((x) => [x.phase, x.depth, x.tokensPerSecond])).toEqual([['prompt', 9000, 850.1], ['generation', 9000, 7.45]]);
  });

  it("does not read a GPU kernel's invalid instruction as the CPU's", () => {
    expect(bare('CUDA error: an invalid instruction was encountered\n  current device: 0, in function ggml_cuda_mul_mat').candidates.map((c) => c.category)).not.toContain('cpu_unsupported_instructions');
  });

  it('reads flash attention that makes every measured test much slower as refused (a fallback), and not one that helps', () => {
    const table = (on: [number, number]) =>
      `| model | backend | ngl | fa | pp1024 t/s | tg64 t/s |\n| --- | --- | --- | --- | --- | --- |\n| llama 8B Q4_K | Vulkan | 99 | 0 | 812.4 ± 3.1 | 41.2 ± 0.2 |\n| llama 8B Q4_K | Vulkan | 99 | 1 | ${on[0]} ± 2.0 | ${on[1]} ± 0.1 |`;
    const slower = bare(table([301.7, 24.9]));
    expect(slower.category).toBe('flash_attention_unsupported');
    expect(slower.extracted.flashAttentionSpeedRatio).toBeCloseTo(24.9 / 41.2, 2);
    expect(slower.candidates[0]!.evidence.length).toBe(2);
    expect(bare(table([905.0, 43.0])).candidates.map((c) => c.category)).not.toContain('flash_attention_unsupported');
  });

  // A FAKE table (CUDA, q5_1, depths), unlike the Vulkan iq4_nl one of the dev split it was learned from.
  it('reads a KV cache type far slower than another with flash attention on as one flash attention has no kernel for', () => {
    const table = (q51: number, f16 = 2410.5) =>
      [
        '| model | size | params | backend | ngl | type_k | type_v | fa | test | t/s |',
        '| --- | ---: | ---: | --- | --: | ---: | ---: | -: | ---: | ---: |',
        `| llama 8B Q4_K - Medium | 4.58 GiB | 8.03 B | CUDA | 99 | f16 | f16 | 1 | pp2048 @ d4096 | ${f16} ± 11.2 |`,
        '| llama 8B Q4_K - Medium | 4.58 GiB | 8.03 B | CUDA | 99 | f16 | f16 | 1 | tg128 @ d4096 | 96.40 ± 0.31 |',
        `| llama 8B Q4_K - Medium | 4.58 GiB | 8.03 B | CUDA | 99 | q5_1 | q5_1 | 1 | pp2048 @ d4096 | ${q51} ± 3.0 |`,
        '| llama 8B Q4_K - Medium | 4.58 GiB | 8.03 B | CUDA | 99 | q5_1 | q5_1 | 1 | tg128 @ d4096 | 88.10 ± 0.20 |',
      ].join('\n');
    const fallback = bare(table(310.2));
    expect(fallback.extracted.kvCacheSpeedRatio).toBeCloseTo(310.2 / 2410.5, 2);
    expect(fallback.category).toBe('flash_attention_unsupported');
    expect(fallback.candidates[0]!.evidence.map((e) => e.line)).toEqual([3, 5]);
    // A quantized cache a fifth slower is dequantization's usual cost, not a missing kernel.
    const usual = bare(table(1930.0));
    expect(usual.extracted.kvCacheSpeedRatio).toBeCloseTo(1930.0 / 2410.5, 2);
    expect(usual.candidates.map((c) => c.category)).not.toContain('flash_attention_unsupported');
    // Nor is one of two runs that differ in depth only: the types must be compared on the same test.
    expect(bare(table(310.2).replace('q5_1 | q5_1 | 1 | pp2048 @ d4096', 'q5_1 | q5_1 | 1 | pp2048 @ d32768')).extracted.kvCacheSpeedRatio).toBeCloseTo(88.1 / 96.4, 2);
  });

  it('does not read the CPU backend loaded beside a GPU backend as a run without a GPU', () => {
    const both = 'load_backend: loaded CUDA backend from /usr/lib/ollama/libggml-cuda.so\nload_backend: loaded CPU backend from /usr/lib/ollama/libggml-cpu-haswell.so\nError: unknown model architecture: \'qwen9\'';
    expect(bare(both).candidates.map((c) => c.category)).not.toContain('gpu_not_detected');
  });

  it('does not read a CPU compute buffer beside a GPU one as a run without a GPU', () => {
    const d = bare('llama_context:      CUDA0 compute buffer size =   560.00 MiB\nllama_context:        CPU compute buffer size =    24.01 MiB');
    expect(d.candidates.map((c) => c.category)).not.toContain('gpu_not_detected');
  });

  // The scratch pool of older builds (sized from a table per model and batch) was taught by batch 31.
  it.each([
    ['context', 'ggml_new_object: not enough space in the context\'s memory pool (needed 2097312, available 2097152)\nSegmentation fault (core dumped)'],
    ['scratch', 'Processing Prompt [BLAS] (2048 / 5000 tokens)ggml_new_tensor_impl: not enough space in the scratch memory pool (needed 905969664, available 805306368)'],
  ])("reads ggml's %s pool sized too small as the runtime's own bug, not a device out of memory", (_pool, text) => {
    expect(bare(text).candidates.map((c) => c.category)).not.toContain('gpu_oom_compute_buffer');
    const d = expectUnknownEntry(text, 'ggml-context-pool-too-small');
    expect(d.matches[0]!.fixes.map((f) => f.title)).toContain('Lower the batch size');
  });

  // After batch 47: a binary of another CPU architecture is neither a driver nor a toolkit matter (the dev split's three
  // such logs are all labelled `unknown`); the entry names it and says which build to install. Fakes.
  it.each([
    ['macOS, a Rosetta Python', "OSError: dlopen(/opt/venv/lib/python3.12/site-packages/llama_cpp/lib/libggml-base.dylib, 0x0006): tried: '/opt/venv/lib/python3.12/site-packages/llama_cpp/lib/libggml-base.dylib' (mach-o file, but is an incompatible architecture (have 'arm64', need 'x86_64h' or 'x86_64'))"],
    ['Linux, an image of the other platform', 'ollama-1  | exec /bin/ollama: exec format error\nollama-1 exited with code 255'],
    ['Windows, a DLL of the other width', "OSError: [WinError 193] %1 is not a valid Win32 application\n  File \"C:\\llm\\site-packages\\ctransformers\\lib.py\", line 41, in load_library"],
    ['macOS, an arm64 binary on an Intel Mac', 'zsh: bad CPU type in executable: ./llama-server'],
  ])('reads %s as a binary of another CPU architecture, not a driver or toolkit mismatch', (_where, text) => {
    expect(bare(text).candidates.map((c) => c.category)).not.toContain('driver_or_toolkit_mismatch');
    expectUnknownEntry(text, 'binary-for-another-cpu-architecture');
  });

  // Batch 46: a model path with no file behind it is no bad model file, whatever the loader's next lines say.
  it.each([
    ['llama.cpp', "gguf_init_from_file: failed to open '/models/mistral-7b-instruct.Q4_K_M.gguf': 'No such file or directory'\nllama_model_load: error loading model: llama_model_loader: failed to load model from /models/mistral-7b-instruct.Q4_K_M.gguf\nllama_load_model_from_file: failed to load model"],
    ['llama-cpp-python', '  File "llama_cpp/llama.py", line 365, in __init__\n    raise ValueError(f"Model path does not exist: {model_path}")\nValueError: Model path does not exist: ./models/llama-2-7b-chat.Q5_K_M.gguf'],
  ])('reads %s finding no file at the model path as a path to fix, not a bad model file', (_runtime, text) => {
    const family = bare(text).candidates.find((c) => c.category === 'model_load_format');
    expect(family?.evidence.map((e) => e.text).join('\n') ?? '').not.toContain('failed to open');
    expectUnknownEntry(text, 'model-file-not-at-path');
  });

  // Entries of the `unknown` category taught by batch 32: causes outside the failure categories, with their fixes.
  it.each([
    ['vulkan-device-lost', 'ggml_vulkan: device lost on Radeon 8060S Graphics (RADV GFX1151)\nsrv  update_slots: decode() failed: vk::Queue::submit: ErrorDeviceLost', 'Make each submission shorter'],
    ['llama-server-swa-full-reprocess', 'slot update_slots: id  1 | task 88 | forcing full prompt re-processing due to lack of cache data (likely due to SWA or hybrid/recurrent memory)\nslot update_slots: id  1 | task 88 | prompt processing progress, n_past = 4096, n_tokens = 4096, progress = 0.25', 'Keep a full-size sliding-window cache'],
    ['llama-noncausal-ubatch-too-small', 'llama-context.cpp:1009: GGML_ASSERT((cparams.causal_attn || cparams.n_ubatch >= n_tokens_all) && "non-causal attention requires n_ubatch >= n_tokens") failed', 'Raise the batch and micro-batch to the longest input'],
    ['row-split-unsupported', 'ggml-cuda.cu:2101: GGML_ASSERT(!ggml_backend_buffer_is_cuda_split(src0->buffer) && "mul_mat_id does not support split buffers") failed', 'Split by layers instead'],
    ['disk-full', 'time=2025-01-02T10:00:00Z level=ERROR msg="failed to extract files" error="write /tmp/ollama123/runners/rocm/libggml.so: no space left on device"', 'Free space, or point the runtime at a larger directory'],
    // Taught by batch 33.
    ['openmp-duplicate-runtime', 'OMP: Error #15: Initializing libiomp5.so, but found libomp.so already initialized.\nAborted (core dumped)', 'Keep one OpenMP runtime in the process'],
    ['backend-cannot-run-op', "ggml/src/ggml-backend.cpp:941: pre-allocated tensor (cache_k_l0 (view) (copy of Kcur-0)) in a buffer (SYCL0) that cannot run the operation (CPY)", 'Avoid the unsupported operation or backend'],
    // Taught by batch 34.
    ['mtp-context-without-mtp-layers', "llama_init_from_model: context type MTP requested but model doesn't contain MTP layers\nsrv    load_model: failed to create MTP context", 'Drop MTP speculation for this model'],
    // Taught by batch 36.
    ['runtime-library-truncated', '/usr/local/bin/llama-server: error while loading shared libraries: libggml-base.so: file too short', 'Reinstall the runtime from a fresh download'],
  ])('explains %s without naming a failure category, with its fix', (id, text, fix) => {
    const d = expectUnknownEntry(text, id);
    expect(d.matches[0]!.fixes.map((f) => f.title)).toContain(fix);
  });

  it('lets a sure entry of the unknown category outrank a weaker family: a cache miss is not slowness at long context', () => {
    const text = [
      'slot update_slots: id  0 | task 9 | forcing full prompt re-processing due to lack of cache data (likely due to SWA, see https://github.com/ggml-org/llama.cpp/pull/13194)',
      'slot print_timing: id  0 | task 9 | prompt eval time =   60211.02 ms / 30210 tokens (    1.99 ms per token,   501.74 tokens per second)',
      'slot print_timing: id  0 | task 9 |        eval time =   30000.00 ms /   300 tokens (  100.00 ms per token,    10.00 tokens per second)',
    ].join('\n');
    expect(bare(text).category).toBe('slow_long_context');
    const d = full(text);
    expect(d.category).toBe('unknown');
    expect(d.matches[0]!.id).toBe('llama-server-swa-full-reprocess');
    // An entry that names a failure still leads: the cache miss does not hide an out-of-memory.
    const oom = full(`${text}\nCUDA error: out of memory\n  current device: 0, in function ggml_cuda_op_mul_mat`);
    expect(oom.category).toBe('gpu_oom_compute_buffer');
    expect(oom.matches.map((m) => m.id)).toContain('llama-server-swa-full-reprocess');
  });

  it("reads a runtime's own missing library as no GPU matter, and its GPU backend's as one", () => {
    // mostlygeek/llama-swap#781 (batch 34): a container image that lost one of llama.cpp's own libraries.
    expect(bare('./llama-server: error while loading shared libraries: libllama-server-core.so.1: cannot open shared object file: No such file or directory').candidates[0]?.category).not.toBe('driver_or_toolkit_mismatch');
    expect(bare('/opt/app/llama-cli: error while loading shared libraries: libggml-cuda.so: cannot open shared object file: No such file or directory').category).toBe('driver_or_toolkit_mismatch');
  });

  it("keeps a layer's KV cache too large for the backend's buffer (operation NONE) a KV-cache failure, not an operation the backend lacks", () => {
    const d = full('/llama.cpp/ggml/src/ggml-backend.cpp:941: pre-allocated tensor (cache_k_l0) in a buffer (Vulkan0) that cannot run the operation (NONE)');
    expect(d.category).toBe('gpu_oom_kv_cache');
    expect(d.matches.map((m) => m.id)).not.toContain('backend-cannot-run-op');
  });

  it("names the dtype, not the toolkit, when vLLM refuses bfloat16 on an older GPU, with --dtype half", () => {
    const d = full('ValueError: Bfloat16 is only supported on GPUs with compute capability of at least 8.0. Your Tesla T4 GPU has compute capability 7.5.');
    expect(d.category).toBe('model_load_format');
    expect(d.matches[0]).toMatchObject({ id: 'vllm-bfloat16-needs-ampere' });
    expect(d.matches[0]!.fixes.flatMap((f) => Object.values(f.commands ?? {}))).toContainEqual(expect.stringContaining('--dtype half'));
  });

  it('names the GPU, not the dtype, when vLLM also refuses the GPU generation itself', () => {
    // vllm-project/vllm#1284 (batch 36): the bfloat16 refusal comes first, but float16 would be refused too.
    const d = full('Bfloat16 is only supported on GPUs with compute capability of at least 8.0. Your Quadro P5000 GPU has compute capability 6.1.\nRuntimeError: GPUs with compute capability below 7.0 are not supported.');
    expect(d.category).toBe('driver_or_toolkit_mismatch');
    expect(d.matches[0]).toMatchObject({ id: 'vllm-gpu-below-minimum-capability' });
  });

  it("reads ExLlamaV2 refusing a job larger than its paged cache as the request's length, not as memory", () => {
    // theroyallab/tabbyAPI#119 (batch 37): a CFG request holds two sequences in a cache sized for one.
    const d = full("AssertionError('Job requires 65 pages (only 64 available) and cannot be enqueued. Total cache allocated is 64 * 256 = 16384 tokens')");
    expect(d.category).toBe('context_exceeds_limit');
    expect(d.matches[0]).toMatchObject({ id: 'exllamav2-job-exceeds-cache' });
    expect(d.matches[0]!.fixes.map((f) => f.title)).toContain('Make the cache larger than the longest request');
  });

  it("reads Ollama's compute graph estimate larger than the free VRAM as the compute buffer, and not one that fits", () => {
    // ollama/ollama#11790 (batch 38): three slots of 128k made a 96 GiB graph, so no layer went to the GPU. FAKES below.
    const line = (graph: string) => `time=2025-09-02T10:00:00.000+02:00 level=INFO source=server.go:498 msg=offload library=cuda layers.requested=-1 layers.model=49 layers.offload=0 layers.split="" memory.available="[23.1 GiB]" memory.gpu_overhead="0 B" memory.required.full="61.0 GiB" memory.required.kv="24.0 GiB" memory.weights.total="17.2 GiB" memory.graph.full="${graph}" memory.graph.partial="${graph}"`;
    const d = full(line('38.5 GiB'));
    expect(d.category).toBe('gpu_oom_compute_buffer');
    expect(d.matches[0]).toMatchObject({ id: 'ollama-graph-exceeds-free-vram' });
    expect(full(line('2.5 GiB')).matches.map((m) => m.id)).not.toContain('ollama-graph-exceeds-free-vram');
  });

  it('reads a safetensors header that cannot be parsed as a broken model file, in either of its words', () => {
    // QwenLM/Qwen3-VL#264 (batch 38): a shard corrupted on upload. FAKES below: a Git LFS pointer, and a short file.
    for (const text of [
      'File "/opt/conda/lib/python3.11/site-packages/transformers/modeling_utils.py", line 512, in load_state_dict\n    with safe_open(checkpoint_file, framework="pt") as f:\nsafetensors_rust.SafetensorError: Error while deserializing header: HeaderTooLarge',
      'Error: SafetensorError: Error while deserializing header: incomplete metadata, file not fully covered',
    ]) {
      const d = full(text);
      expect(d.category).toBe('model_load_format');
      expect(d.matches[0]).toMatchObject({ id: 'safetensors-header-corrupt' });
    }
  });

  it('reads Ollama running the vision projector on the CPU for want of VRAM as a partial offload', () => {
    // ollama/ollama#16570 and #16496 (batch 40): image prompts crawled once the projector went to the CPU. FAKE below.
    const d = full('time=2026-07-01T09:00:00.000Z level=INFO source=llama_server.go:598 msg="disabling multimodal projector offload" reason=limited-vram model=/models/blobs/sha256-0a1b\nclip_ctx: CLIP using CPU backend');
    expect(d.category).toBe('slow_partial_offload');
    expect(d.matches[0]).toMatchObject({ id: 'ollama-vision-projector-on-cpu' });
  });

  it("reads MLX's Metal resource limit as a count of buffers, not memory running out", () => {
    // blaizzy/mlx-vlm#1972 (batch 40): a cache leaked buffers on every token. FAKE below: an uncaught exception's words.
    const d = full('libc++abi: terminating due to uncaught exception of type std::runtime_error: [metal::malloc] Resource limit (499000) exceeded.');
    expect(d.category).toBe('unknown');
    expect(d.matches[0]).toMatchObject({ id: 'mlx-metal-buffer-count-limit' });
  });

  it("reads a segfault after the CPU backend's AMX buffer as that backend's crash, and an AMX buffer alone as nothing", () => {
    // ollama/ollama#17249 and stanfordnlp/dspy#10079 (batches 40 and 41): GCC 11 miscompiled the AMX code. FAKE below: llama.cpp's own words.
    const amx = 'load_tensors:          AMX model buffer size =   812.25 MiB\nload_tensors:   CPU_Mapped model buffer size =  1103.62 MiB';
    const d = full(`${amx}\nmain: server is listening on http://127.0.0.1:8080\nSegmentation fault (core dumped)`);
    expect(d.category).toBe('unknown');
    expect(d.matches[0]).toMatchObject({ id: 'cpu-amx-backend-crash' });
    expect(full(amx).matches.map((m) => m.id)).not.toContain('cpu-amx-backend-crash');
  });

  it("reads an out-of-memory in SGLang's KV cache pool as the KV cache, however large the request, entries and families alike", () => {
    // FAKE, from SGLang's source (mem_cache/memory_pool.py allocates the K and V buffers at start-up): no log has it yet.
    const d = full('Traceback (most recent call last):\n  File "/opt/sglang/python/sglang/srt/mem_cache/memory_pool.py", line 412, in _create_buffers\n    torch.zeros((self.size + self.page_size, self.head_num, self.head_dim), dtype=self.store_dtype, device=self.device)\ntorch.OutOfMemoryError: CUDA out of memory. Tried to allocate 12.00 GiB. GPU 0 has a total capacity of 23.56 GiB of which 9.80 GiB is free.');
    expect(d.category).toBe('gpu_oom_kv_cache');
    expect(d.families).toMatchObject({ stage: 'kv' });
  });

  it("reads a llama-server slot released with its conversation truncated as context exceeded, and not an untruncated one", () => {
    // ggml-org/llama.cpp#12251 (batch 37): -np 10 left each slot a tenth of -c, and the slot shifted its context.
    const d = full('slot      release: id  3 | task 1204 | stop processing: n_tokens = 4096, truncated = 1\nsrv  update_slots: all slots are idle');
    expect(d.category).toBe('context_exceeds_limit');
    expect(d.matches[0]).toMatchObject({ id: 'llama-server-request-exceeds-context' });
    expect(full('slot      release: id  3 | task 1204 | stop processing: n_tokens = 4096, truncated = 0\nsrv  update_slots: all slots are idle').matches).toEqual([]);
  });

  it("does not read llama.cpp turning off another fused operation (Gated Delta Net) as flash attention refused", () => {
    const text = 'resolve_fused_ops: layer 0 is assigned to device CPU but fused Gated Delta Net (autoregressive) is assigned to device CUDA0 (usually due to missing support)\nresolve_fused_ops: fused Gated Delta Net (autoregressive) not supported, set to disabled';
    expect(bare(text).candidates.map((c) => c.category)).not.toContain('flash_attention_unsupported');
    expect(bare('resolve_fused_ops: Flash Attention not supported, set to disabled').category).toBe('flash_attention_unsupported');
  });

  it('says unknown, with what to paste next, only when nothing relevant is there', () => {
    const d = bare('srv  log_server_r: request: GET /health 127.0.0.1 200\nmain: server is listening on http://127.0.0.1:8080');
    expect(d).toMatchObject({ category: 'unknown', candidates: [], question: null });
    expect(d.nextSteps.length).toBeGreaterThan(0);
  });
});

// Round kb16: what the rewording probe (tests/bench/rewordingProbe.ts) showed the families leaned on. The lines
// are FAKES, worded unlike the dev logs: no C function name in front, other units, other collectors' prefixes.
describe('families read the same facts under another wording', () => {
  it("reads the stage from an older ggml buffer's name, whatever function printed it", () => {
    expect(bare("unable to allocate 'kv      ' buffer, size = 3072.00 MB\nerror: the model could not be initialised").category).toBe('gpu_oom_kv_cache');
    expect(bare("warning: could not allocate 'eval  ' buffer, size = 900.00 MB").category).toBe('gpu_oom_compute_buffer');
    expect(bare("mem required  = 11520.40 MB\nerror: failed to allocate 'data  ' buffer, size = 11521.00 MB").category).toBe('gpu_oom_weights');
  });

  it('reads a failure after a request was being served (a cache slot, an encoded image) as memory a prompt needed', () => {
    const slot = 'level=DEBUG msg="loading cache slot" id=2 prompt=2310 used=0\nallocating 1100.25 MiB on device 1: cudaMalloc failed: out of memory\nfailed to allocate CUDA1 buffer of size 1153695744';
    expect(bare(slot).category).toBe('gpu_oom_compute_buffer');
    const image = 'image slice encoded in 1840 ms\nallocating 700.00 MiB on device 0: hipMalloc failed: out of memory\nfailed to allocate ROCm0 buffer of size 734003200';
    expect(bare(image).category).toBe('gpu_oom_compute_buffer');
  });

  it('reads buffer sizes printed in GiB or GB as in MiB, so a KV cache that dwarfs the rest still names the stage', () => {
    const d = bare('recommendedMaxWorkingSetSize = 21.33 GiB\nKV self size = 16.00 GiB\nMetal compute buffer size = 0.75 GiB\ncommand buffer 1 failed with status 5');
    expect(d.extracted).toMatchObject({ kvCacheMiB: 16384, computeMiB: 768, totalMiB: 21841.92 });
    expect(d.category).toBe('gpu_oom_kv_cache');
  });

  it('reads GPU memory by any of its names (VRAM, video memory) and layers counted as "layer(s)"', () => {
    expect(bare('RuntimeError: the loaded weights leave no VRAM for the KV cache; lower the context').category).toBe('gpu_oom_kv_cache');
    expect(bare('error: not enough video memory to hold the model tensors').category).toBe('gpu_oom_weights');
    expect(bare('llm: offloaded 0/28 layer(s) to the GPU\nusing the CPU for all layers').category).toBe('gpu_not_detected');
  });

  it('reads a speed table whose test columns spell the unit tok/s or tokens/s', () => {
    const table = ['| model | fa | pp1024 tok/s | tg64 tokens/s |', '| --- | --- | --- | --- |', '| mistral 7B | 0 | 702.3 ± 2.0 | 38.0 ± 0.1 |', '| mistral 7B | 1 | 250.9 ± 1.1 | 19.2 ± 0.3 |'].join('\n');
    expect(bare(table).extracted.flashAttentionSpeedRatio).toBeCloseTo(19.2 / 38.0, 2);
  });

  it("reads a llama-bench table whose speed column spells the unit out, and one a log viewer shouted in capitals", () => {
    const table = [
      '| model | backend | ngl | fa | test | tokens/s |',
      '| --- | --- | --: | -: | ---: | ---: |',
      '| qwen3 14B Q4_K | ROCm | 99 | 0 | pp512 @ d8192 | 1210.4 ± 5.0 |',
      '| qwen3 14B Q4_K | ROCm | 99 | 1 | pp512 @ d8192 | 402.7 ± 2.2 |',
    ].join('\n');
    for (const text of [table, table.replace('tokens/s', 'tok/s'), table.toUpperCase()]) {
      const d = bare(text);
      expect(d.speeds.map((s) => [s.phase, s.depth, s.flashAttention])).toEqual([['prompt', 8192, false], ['prompt', 8192, true]]);
      expect(d.extracted.flashAttentionSpeedRatio).toBeCloseTo(402.7 / 1210.4, 2);
    }
  });

  it("reads pinned host memory that could not be allocated, whatever the words for running out (an entry's signature)", () => {
    expect(full('WARNING: failed to allocate 2048.00 MB of pinned memory: OOM\nCUDA error 2 at C:\\src\\ggml-cuda.cu:990: OOM\n  current device: 0').category).toBe('host_oom');
  });

  it("reads llama.cpp's timing and progress lines whatever the rate's unit", () => {
    const d = bare('prompt eval time =    4100.00 ms /  8200 tokens (    0.50 ms per token,  2000.00 tok/s)\n       eval time =    9000.00 ms /    90 runs   (  100.00 ms per token,    10.00 t/s)');
    expect(d.speeds.map((x) => [x.phase, x.depth, x.tokensPerSecond])).toEqual([['prompt', 8200, 2000], ['generation', 8200, 10]]);
  });

  it("reads lines behind llama.cpp's own logger prefix (time and a one-letter level)", () => {
    expect(bare('0.04.117.902 I Killed').category).toBe('host_oom');
    const d = bare('0.01.002.003 I prompt eval count:    6400 token(s)\n0.01.002.004 I eval rate:            2.20 tokens/s');
    expect(d.speeds.map((x) => [x.phase, x.depth, x.tokensPerSecond])).toEqual([['generation', 6400, 2.2]]);
  });

  it('reads a prompt length given as "prompt: N" like "prompt = N"', () => {
    expect(bare('* prompt: 2k -> TPOT 9.1 ms\n* prompt: 120k -> TPOT 48 ms').category).toBe('slow_long_context');
  });

  it("reads a shell's Killed behind a timestamp prefix", () => {
    expect(bare('2026-01-07T22:41:09.004512Z Killed').category).toBe('host_oom');
  });

  it('reads speed figures and tables behind a log collector prefix', () => {
    const rates = bare('[22:41:09] prompt eval count:    7000 token(s)\n[22:41:09] prompt eval rate:     610.20 tokens/s\n[22:41:09] eval rate:            3.10 tokens/s');
    expect(rates.speeds.map((x) => [x.phase, x.depth, x.tokensPerSecond])).toEqual([['prompt', 7000, 610.2], ['generation', 7000, 3.1]]);
    const row = (fa: number, pp: number, tg: number) => `2026-01-07T22:41:1${fa}Z | qwen 14B Q5 | Vulkan | ${fa} | ${pp} ± 1.0 | ${tg} ± 0.1 |`;
    const table = ['2026-01-07T22:41:09Z | model | backend | fa | pp2048 t/s | tg32 t/s |', '2026-01-07T22:41:09Z | --- | --- | --- | --- | --- |', row(0, 640.5, 30.2), row(1, 211.0, 14.8)].join('\n');
    expect(bare(table).category).toBe('flash_attention_unsupported');
    expect(bare('Jan 07 22:41:09 box bench[91]: Context | prompt t/s | gen t/s\n4096 | 900 | 30\n65536 | 300 | 9\nit gets slow').category).toBe('slow_long_context');
  });
});

describe('runtimes recognised by their wording', () => {
  it.each([
    ['localai', '7:25AM INF BackendLoader starting backend=llama-cpp modelID=phi-4 o.model=phi-4-q4_k_m.gguf\n7:25AM INF [llama-cpp] Fails: could not load model: rpc error: code = Unavailable desc = error reading from server: EOF'],
    ['jan', '2024-06-24T15:03:45.534Z [CORTEX]::Debug: Spawn cortex at path: /home/u/jan/extensions/@janhq/inference-cortex-extension/dist/bin/linux-cpu/cortex-cpp'],
    ['gpt4all', 'llamamodel.cpp: LLAMA ERROR: failed to load model from /home/u/.local/share/nomic.ai/GPT4All/model.gguf'],
  ])('%s', (runtime, text) => {
    expect(full(text).runtime).toBe(runtime);
  });
});

describe('backends recognised by their wording', () => {
  it("reads PyTorch's MPS backend as Metal: its memory is unified", () => {
    // FAKE: PyTorch's MPS allocator message.
    const d = bare('RuntimeError: MPS backend out of memory (MPS allocated: 17.80 GB, other allocations: 1.10 GB, max allowed: 18.13 GB). Tried to allocate 800.00 MB on private pool.\n  File "gen.py", line 12, in generate');
    expect(d.backend).toBe('metal');
    expect(d.families).toMatchObject({ resource: 'unified', stage: 'eval' });
    expect(d.category).toBe('gpu_oom_compute_buffer');
  });
  it('reads MLX (mlx-lm, mlx-vlm) as Metal, so its memory is unified', () => {
    // FAKE: an MLX traceback's paths.
    const d = bare('  File "/opt/conda/lib/python3.12/site-packages/mlx_lm/generate.py", line 310, in generate_step\nRuntimeError: [metal::malloc] Attempting to allocate 21474836480 bytes which is greater than the maximum allowed buffer size of 17179869184 bytes.');
    expect(d.backend).toBe('metal');
    expect(d.families).toMatchObject({ resource: 'unified', stage: 'compute' });
    expect(d.extracted).toMatchObject({ requestedMiB: 20480, maxBufferMiB: 16384 });
  });
});

describe('the similarity fallback', () => {
  const examples = [
    ...['the engine stalled waiting on the widget queue', 'widget queue stalled again in the engine', 'engine widget queue stalled after warmup'].map((text) => ({ text, category: 'slow_long_context' as const })),
    ...['the gizmo cannot open its spool file', 'spool file of the gizmo cannot open', 'gizmo spool file missing cannot open'].map((text) => ({ text, category: 'model_load_format' as const })),
  ];
  const kb = { ...compileKnowledgeBase([]), similarity: trainSimilarity(examples, { minLogs: 2 }) };

  it('offers a likely category, shown as similarity, only when nothing is recognised', () => {
    const d = diagnoseLog(kb, { text: 'again the engine widget queue stalled' });
    expect(d.candidates[0]).toMatchObject({ category: 'slow_long_context', basis: 'similarity', entryId: null });
    expect(d.candidates[0]!.confidence).toBeLessThan(0.5);
    expect(d.candidates[0]!.title).toMatch(/^Likely, by similarity/);
    // A recognised failure is not second-guessed by resemblance: it leads, and a resemblance may
    // only follow it as a lower candidate.
    const sure = diagnoseLog(kb, { text: 'the engine widget queue stalled\nCUDA error: out of memory\nllama_kv_cache_init: failed to allocate buffer for kv cache' });
    expect(sure.candidates[0]!.basis).not.toBe('similarity');
    const first = sure.candidates.findIndex((c) => c.basis === 'similarity');
    if (first >= 0) expect(sure.candidates.slice(first).every((c) => c.basis === 'similarity' && c.confidence <= sure.candidates[first - 1]!.confidence)).toBe(true);
  });

  it('fills the tail of the candidates with what the log resembles, behind what was recognised', () => {
    const d = diagnoseLog(kb, { text: 'the engine widget queue stalled again\nCUDA error: out of memory\nllama_kv_cache_init: failed to allocate buffer for kv cache' });
    expect(d.candidates[0]!.basis).not.toBe('similarity');
    expect(d.candidates.map((c) => c.category)).toContain('slow_long_context');
    const tail = d.candidates.find((c) => c.category === 'slow_long_context')!;
    expect(tail).toMatchObject({ basis: 'similarity' });
    expect(tail.confidence).toBeLessThanOrEqual(d.candidates[0]!.confidence);
  });

  it('says unknown, not a resemblance, when nothing is recognised and nothing is likely', () => {
    expect(diagnoseLog(kb, { text: 'hello there, all went fine today' }).category).toBe('unknown');
  });
});
