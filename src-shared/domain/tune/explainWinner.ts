import type { TuneCandidate, TuneSettings } from '../../contract/tune.js';
import type { Measured } from './rankCandidates.js';
import { rankCandidates } from './rankCandidates.js';

type Knob = { name: string; differs: (a: TuneSettings, b: TuneSettings) => boolean; say: (s: TuneSettings) => string };

const KNOBS: Knob[] = [
  { name: 'gpuLayers', differs: (a, b) => a.gpuLayers !== b.gpuLayers, say: (s) => (s.gpuLayers === 0 ? 'everything on the CPU' : `${s.gpuLayers} layers on the GPU`) },
  { name: 'nCpuMoe', differs: (a, b) => a.nCpuMoe !== b.nCpuMoe, say: (s) => `the experts of ${s.nCpuMoe} layers on the CPU` },
  { name: 'threads', differs: (a, b) => a.threads !== b.threads, say: (s) => `${s.threads} thread${s.threads === 1 ? '' : 's'}` },
  { name: 'flashAttention', differs: (a, b) => a.flashAttention !== b.flashAttention, say: (s) => `flash attention ${s.flashAttention ? 'on' : 'off'}` },
  { name: 'kv', differs: (a, b) => a.typeK !== b.typeK || a.typeV !== b.typeV, say: (s) => `a ${s.typeK}/${s.typeV} KV cache` },
  { name: 'batchSize', differs: (a, b) => a.batchSize !== b.batchSize || a.ubatchSize !== b.ubatchSize, say: (s) => `batch ${s.batchSize}` },
];

/**
 * Why the winner wins, from measured pairs that differ in one knob only: "1 thread is 31 % faster than
 * 4 threads at 512 tokens here". Then the comparison with the runtime's defaults, and what did not fit.
 */
export function explainWinner(winner: Measured, defaults: Measured | null, candidates: TuneCandidate[], pruned: { settings: TuneSettings; reason: string }[], defaultsName = 'node-llama-cpp-defaults'): string[] {
  const theDefaults = defaultsName === 'llama.cpp-fit' ? "llama.cpp's --fit defaults" : "node-llama-cpp's defaults";
  const ranked = rankCandidates(candidates);
  const ctx = winner.first.settings.contextSize;
  const why: string[] = [];
  for (const knob of KNOBS) {
    const rival = ranked.filter((m) => m.key !== winner.key && onlyDiffers(knob, winner.first.settings, m.first.settings))[0];
    if (!rival) continue;
    const gain = rival.requestSeconds / winner.requestSeconds - 1;
    why.push(`${cap(knob.say(winner.first.settings))} is ${faster(gain)} ${knob.say(rival.first.settings)} at ${ctx} tokens on this machine (${winner.requestSeconds.toFixed(2)} s vs ${rival.requestSeconds.toFixed(2)} s).`);
  }
  if (defaults && defaults.key !== winner.key) {
    why.push(`Against ${theDefaults}: ${defaults.requestSeconds.toFixed(2)} s → ${winner.requestSeconds.toFixed(2)} s per request (prompt ${defaults.promptTokensPerSecond.toFixed(0)} → ${winner.promptTokensPerSecond.toFixed(0)} tok/s, generation ${defaults.generationTokensPerSecond.toFixed(1)} → ${winner.generationTokensPerSecond.toFixed(1)} tok/s; ${winner.runs} and ${defaults.runs} runs averaged).`);
  } else if (defaults) {
    why.push(`${cap(theDefaults)} were the fastest measured here; nothing tune tried beat them.`);
  }
  const failed = candidates.filter((c) => c.outcome !== 'ok');
  if (failed.length > 0) why.push(`${failed.length} candidate${failed.length === 1 ? '' : 's'} failed when run (${[...new Set(failed.map((c) => c.outcome))].join(', ')}); failures are results and never win.`);
  if (pruned.length > 0) why.push(`${pruned.length} combination${pruned.length === 1 ? ' was' : 's were'} ruled out by the memory model before running (e.g. ${pruned[0]!.reason}).`);
  return why;
}

function onlyDiffers(knob: Knob, a: TuneSettings, b: TuneSettings): boolean {
  return knob.differs(a, b) && KNOBS.every((k) => k === knob || !k.differs(a, b)) && a.contextSize === b.contextSize;
}

/** "22 % faster" for small gains, "3.4× as fast" once the ratio passes 2. */
const faster = (gain: number) => (gain >= 1 ? `${(1 + gain).toFixed(1)}× as fast per request as` : `${(gain * 100).toFixed(0)} % faster per request than`);
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
