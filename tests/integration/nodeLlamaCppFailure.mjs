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
import { getLlama, LlamaChatSession } from 'node-llama-cpp';

const [scenario, modelPath] = process.argv.slice(2);
const gpu = scenario === 'cuda' ? 'cuda' : scenario.startsWith('vram-cap') ? 'vulkan' : false;
const llama = await getLlama({ gpu, build: 'never', maxThreads: 1 });
if (scenario === 'cuda') {
  console.log(`loaded the ${llama.gpu} binary`);
  process.exit(0);
}
if (scenario === 'vram-cap-layers') {
  await llama.setVramCap(4096);
  await llama.loadModel({ modelPath, gpuLayers: 'max' });
}
const model = await llama.loadModel({ modelPath, gpuLayers: scenario === 'vram-cap-context' ? 'max' : 0 });
if (scenario === 'ram-cap') {
  await llama.setRamCap(64 * 1024 * 1024);
  await model.createContext({ contextSize: model.trainContextSize, threads: 1 });
} else if (scenario === 'vram-cap-context') {
  await llama.setVramCap(64 * 1024 * 1024);
  await model.createContext({ contextSize: model.trainContextSize, threads: 1 });
} else if (scenario === 'long-prompt') {
  const context = await model.createContext({ contextSize: 128, threads: 1 });
  await new LlamaChatSession({ contextSequence: context.getSequence() }).prompt('word '.repeat(2000), { maxTokens: 4 });
}
console.log(`no failure in ${scenario}`);
process.exit(0);
