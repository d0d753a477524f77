// One measurement in a fresh process (RSS is not returned after dispose): load a model, create one context,
// and report the RSS it added plus the buffer sizes llama.cpp printed. Args: JSON of
// {modelPath, contextSize, flashAttention, typeK, typeV, ubatch}.
import { getLlama, LlamaLogLevel, GgmlType } from 'node-llama-cpp';

const o = JSON.parse(process.argv[2]);
const lines = [];
const llama = await getLlama({
  gpu: false,
  logLevel: LlamaLogLevel.debug,
  logger: (_level, text) => lines.push(text),
});
const model = await llama.loadModel({ modelPath: o.modelPath, useMmap: true });
global.gc?.();
const before = process.memoryUsage().rss;
const context = await model.createContext({
  contextSize: o.contextSize,
  threads: 1,
  flashAttention: o.flashAttention,
  batchSize: o.ubatch ?? 512,
  sequences: 1,
  ignoreMemorySafetyChecks: true,
  experimentalKvCacheKeyType: GgmlType[o.typeK.toUpperCase()],
  experimentalKvCacheValueType: GgmlType[o.typeV.toUpperCase()],
});
const after = process.memoryUsage().rss;
await new Promise((resolve) => setTimeout(resolve, 300));
const mib = (re) => lines.flatMap((l) => [...l.matchAll(re)].map((m) => Number(m[1])));
const result = {
  contextSize: context.contextSize,
  rssAddedBytes: after - before,
  printedKvMiB: mib(/llama_kv_cache: size =\s*([\d.]+) MiB/g).reduce((a, b) => a + b, 0),
  printedComputeMiB: mib(/CPU compute buffer size =\s*([\d.]+) MiB/g).at(-1) ?? null,
  printedOutputMiB: mib(/CPU\s+output buffer size =\s*([\d.]+) MiB/g).at(-1) ?? null,
  kvLines: lines.filter((l) => /llama_kv_cache: size|creating .*KV cache|n_u?batch|n_ctx /.test(l)).map((l) => l.trim()),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
await context.dispose();
await model.dispose();
await llama.dispose();
