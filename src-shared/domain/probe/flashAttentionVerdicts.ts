import type { FlashAttentionVerdict, StepResult } from '../../contract/probe.js';

/** Speed ratios within this band of 1 are "no difference". Defaults to 5 %. */
export const SAME_SPEED_TOLERANCE = 0.05;

/**
 * Per context (and KV type) where both settings ran: does flash attention make it fit, break it,
 * or change the speed? The speed verdict uses the geometric mean of the prompt and generation ratios.
 */
export function flashAttentionVerdicts(steps: StepResult[], tolerance = SAME_SPEED_TOLERANCE): FlashAttentionVerdict[] {
  const groups = new Map<string, { on: StepResult[]; off: StepResult[] }>();
  for (const s of steps) {
    if (s.outcome === 'cancelled') continue;
    const key = `${s.contextSize}|${s.typeK}|${s.typeV}`;
    const group = groups.get(key) ?? { on: [], off: [] };
    (s.flashAttention ? group.on : group.off).push(s);
    groups.set(key, group);
  }
  const verdicts: FlashAttentionVerdict[] = [];
  for (const { on, off } of groups.values()) {
    if (!on.length || !off.length) continue;
    verdicts.push(verdict(on, off, tolerance));
  }
  return verdicts.sort((a, b) => a.contextSize - b.contextSize);
}

function verdict(on: StepResult[], off: StepResult[], tolerance: number): FlashAttentionVerdict {
  const first = on[0]!;
  const base = { contextSize: first.contextSize, typeK: first.typeK, typeV: first.typeV };
  const onOk = on.filter((s) => s.outcome === 'ok');
  const offOk = off.filter((s) => s.outcome === 'ok');
  const refusedOff = off.some((s) => s.outcome === 'error' && s.failure?.classification === 'invalid_config');
  if (onOk.length && !offOk.length && refusedOff) return { ...base, verdict: 'required', promptSpeedup: null, generationSpeedup: null };
  if (!onOk.length && !offOk.length) return { ...base, verdict: 'neither_fits', promptSpeedup: null, generationSpeedup: null };
  if (!offOk.length) return { ...base, verdict: 'makes_it_fit', promptSpeedup: null, generationSpeedup: null };
  if (!onOk.length) return { ...base, verdict: 'breaks_it', promptSpeedup: null, generationSpeedup: null };
  const promptSpeedup = ratio(onOk, offOk, (s) => s.promptTokensPerSecond);
  const generationSpeedup = ratio(onOk, offOk, (s) => s.generationTokensPerSecond);
  const known = [promptSpeedup, generationSpeedup].filter((r): r is number => r !== null);
  const overall = known.length ? Math.exp(known.reduce((s, r) => s + Math.log(r), 0) / known.length) : 1;
  const v = overall > 1 + tolerance ? 'faster' : overall < 1 - tolerance ? 'slower' : 'no_difference';
  return { ...base, verdict: v, promptSpeedup, generationSpeedup };
}

function ratio(on: StepResult[], off: StepResult[], speed: (s: StepResult) => number | null): number | null {
  const mean = (xs: StepResult[]) => {
    const values = xs.map(speed).filter((v): v is number => v !== null && v > 0);
    return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  };
  const a = mean(on);
  const b = mean(off);
  return a !== null && b !== null ? a / b : null;
}
