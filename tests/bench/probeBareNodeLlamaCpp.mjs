// node-llama-cpp with nothing of Headroom around it: the same context settings and the same counts
// as a probe step, timed directly. The speed benchmark runs it beside the probe to show what the
// probe's own machinery (worker protocol, prompt builder) adds or takes away: it should be nothing.
// Usage: node probeBareNodeLlamaCpp.mjs MODEL CONTEXT on|off PROMPT_TOKENS GENERATE THREADS
import { getLlama, LlamaLogLevel } from 'node-llama-cpp';

const [model, context, fa, promptTokens, generate, threads] = process.argv.slice(2);
const llama = await getLlama({ gpu: false, build: 'never', maxThreads: Number(threads), logLevel: LlamaLogLevel.error });
const loaded = await llama.loadModel({ modelPath: model, gpuLayers: 0 });
const ctx = await loaded.createContext({ contextSize: Number(context), batchSize: 512, flashAttention: fa === 'on', threads: { ideal: Number(threads), min: Number(threads) }, sequences: 1, failedCreationRemedy: false });
const sequence = ctx.getSequence();
// Arbitrary token ids, as llama-bench uses: the speed of decoding does not depend on which tokens.
const tokens = Array.from({ length: Number(promptTokens) }, (_, i) => 100 + ((i * 7919) % 30000));
for await (const _ of sequence.evaluate(tokens.slice(0, 512))) break;
await sequence.clearHistory();
const t0 = performance.now();
await sequence.evaluateWithoutGeneratingNewTokens(tokens);
const t1 = performance.now();
let token = 1000;
const t2 = performance.now();
for (let i = 0; i < Number(generate); i++) {
  for await (const next of sequence.evaluate([token])) {
    token = next;
    break;
  }
}
const t3 = performance.now();
process.stdout.write(JSON.stringify({ pp: Number(promptTokens) / ((t1 - t0) / 1000), tg: Number(generate) / ((t3 - t2) / 1000) }) + '\n');
process.exit(0);
