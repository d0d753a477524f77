import type { StepResult } from '../../../src-shared/contract/probe';
import { formatBytes } from '../../components/formatBytes';

const rate = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} tok/s`);
const bytes = (v: number | null) => (v === null ? '—' : formatBytes(v));

/** The failing configuration and the fixed one, measured on this machine, side by side. */
export function BeforeAfter({ before, after }: { before: StepResult; after: StepResult }) {
  const rows: [string, (s: StepResult) => string][] = [
    ['Outcome', (s) => s.outcome + (s.failure ? ` (${s.failure.classification}, at ${s.failure.phase})` : '')],
    ['Context', (s) => (s.actualContextSize ?? s.contextSize).toLocaleString()],
    ['Flash attention', (s) => ((s.actualFlashAttention ?? s.flashAttention) ? 'on' : 'off')],
    ['KV cache', (s) => `${s.typeK} / ${s.typeV}`],
    ['Batch', (s) => `${s.batchSize} / ${s.ubatchSize}`],
    ['Budget', (s) => (s.budget ? `${s.budget.mechanism}${s.budget.ramBytes ? ` · RAM ${bytes(s.budget.ramBytes)}` : ''}${s.budget.vramBytes ? ` · VRAM ${bytes(s.budget.vramBytes)}` : ''}` : 'none')],
    ['KV cache buffer', (s) => bytes(s.reported?.kvBytes ?? null)],
    ['Compute buffer', (s) => bytes(s.reported?.computeBytes ?? null)],
    ['Peak memory (RSS)', (s) => bytes(s.peakRssBytes)],
    ['Peak address space', (s) => bytes(s.peakVirtualBytes)],
    ['Peak VRAM', (s) => bytes(s.vramPeakBytes)],
    ['Prompt speed', (s) => rate(s.promptTokensPerSecond)],
    ['Generation speed', (s) => rate(s.generationTokensPerSecond)],
  ];
  return (
    <table className="before-after" data-testid="before-after">
      <thead><tr><th /><th>Before (as it failed)</th><th>After (with the fix)</th></tr></thead>
      <tbody>
        {rows.map(([label, get]) => (
          <tr key={label}><th>{label}</th><td data-testid={`before-${label}`} className={label === 'Outcome' ? `outcome ${before.outcome}` : undefined}>{get(before)}</td><td data-testid={`after-${label}`} className={label === 'Outcome' ? `outcome ${after.outcome}` : undefined}>{get(after)}</td></tr>
        ))}
      </tbody>
    </table>
  );
}
