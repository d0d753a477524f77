// Makes one of node-llama-cpp's own failures for real and lets it go uncaught, so that stdout and
// stderr hold exactly what a user of node-llama-cpp would see and paste: its log lines and Node's
// report of the error. Usage: node nodeLlamaCppFailure.mjs SCENARIO MODEL
//   ram-cap      a context refused by node-llama-cpp's estimate (a RAM cap stands in for a full machine)
//   long-prompt  a chat prompt longer than the context
//   truncated    a GGUF cut short (MODEL is that file)
//   cuda         the CUDA binary asked for on this machine (fails where CUDA is not usable)
//   vram-cap-context  a context refused for VRAM (Vulkan; a VRAM cap stands in for a full GPU)
//   vram-cap-layers   every layer asked on the GPU, refused for VRAM (the same cap)
//   unknown-architecture  a GGUF whose architecture this llama.cpp does not know (MODEL is that file)
//   vulkan-kv-over-buffer-limit  a layer's KV cache larger than lavapipe's 128 MiB buffer limit (a native abort)
import { getLlama, LlamaChatSession } from 'node-llama-cpp';

const [scenario, modelPath] = process.argv.slice(2);
const gpu = scenario === 'cuda' ? 'cuda' : scenario.startsWith('vram-cap') || scenario.startsWith('vulkan') ? 'vulkan' : false;
const llama = await getLlama({ gpu, build: 'never', maxThreads: 1 });
if (scenario === 'cuda') {
  console.log(`loaded the ${llama.gpu} binary`);
  process.exit(0);
}
if (scenario === 'vram-cap-layers') {
  await llama.setVramCap(4096);
  await llama.loadModel({ modelPath, gpuLayers: 'max' });
}
const model = await llama.loadModel({ modelPath, gpuLayers: gpu === 'vulkan' ? 'max' : 0 });
if (scenario === 'ram-cap') {
  await llama.setRamCap(64 * 1024 * 1024);
  await model.createContext({ contextSize: model.trainContextSize, threads: 1 });
} else if (scenario === 'vram-cap-context') {
  await llama.setVramCap(64 * 1024 * 1024);
  await model.createContext({ contextSize: model.trainContextSize, threads: 1 });
} else if (scenario === 'vulkan-kv-over-buffer-limit') {
  // 128k tokens × 8 KV heads × 128 × 2 bytes: 256 MiB of K per layer (its estimate checks are what is bypassed).
  await model.createContext({ contextSize: 131072, threads: 1, ignoreMemorySafetyChecks: true });
} else if (scenario === 'long-prompt') {
  const context = await model.createContext({ contextSize: 128, threads: 1 });
  await new LlamaChatSession({ contextSequence: context.getSequence() }).prompt('word '.repeat(2000), { maxTokens: 4 });
}
console.log(`no failure in ${scenario}`);
process.exit(0);
