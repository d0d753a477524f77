import type { ProbeStepProgressEvent, StepConfig, StepResult } from '../../../src-shared/contract/probe';
import { formatBytes } from '../../components/formatBytes';
import { stepMemory } from './chartPoints';

const n = (v: number | null, digits = 1) => (v === null ? '—' : v.toFixed(digits));
const seconds = (ms: number) => (ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 60_000).toFixed(1)} min`);

const FILLS: Record<NonNullable<StepConfig['fill']>, string> = {
  prompt: 'The prompt was evaluated to fill the context',
  none: 'Memory at allocation and a first full batch (depth 0)',
  copy: 'One batch evaluated at the far end of the cache (its cells filled with copied rows)',
};

function fillNote(s: StepResult): string {
  if (s.fill === 'none') return ' · alloc';
  if (s.fill === 'copy') return s.depth === null ? ' · at depth' : ` · depth ${s.depth}`;
  return '';
}

/** "prompt 512/1,024 tokens · 84 tok/s · 12 s · ≈ 30 s left" */
function progressText(p: ProbeStepProgressEvent | null): string {
  if (!p) return 'starting…';
  const parts = [p.tokensDone !== null && p.tokensTotal !== null ? `${p.phase} ${p.tokensDone}/${p.tokensTotal} tokens` : p.phase];
  if (p.tokensPerSecond !== null && p.tokensDone) parts.push(`${p.tokensPerSecond.toFixed(1)} tok/s`);
  parts.push(`${seconds(p.elapsedMs)} elapsed`);
  if (p.remainingMs !== null) parts.push(`≈ ${seconds(p.remainingMs)} left`);
  return parts.join(' · ');
}

/** Every step as it arrived, the running one last. */
export function StepTable({ steps, running }: { steps: StepResult[]; running: { index: number; config: StepConfig; progress: ProbeStepProgressEvent | null } | null }) {
  return (
    <table className="probe-steps" data-testid="step-table">
      <thead>
        <tr>
          <th>#</th><th>context</th><th>FA</th><th>K/V</th><th>outcome</th><th>pp tok/s</th><th>tg tok/s</th><th title="Generation by llama.cpp's own timers: its compute alone, as llama-server and Ollama count it, without node-llama-cpp's per-token round trip">tg llama.cpp</th><th>TTFT</th><th>memory</th><th>detail</th>
        </tr>
      </thead>
      <tbody>
        {steps.map((s) => (
          <tr key={s.index} className={`outcome-${s.outcome}`} data-testid="step-row">
            <td>{s.index + 1}</td>
            <td title={FILLS[s.fill ?? 'prompt']}>{s.contextSize}{fillNote(s)}</td>
            <td>{s.flashAttention ? 'on' : 'off'}</td>
            <td>{s.typeK}/{s.typeV}</td>
            <td><span className={`outcome ${s.outcome}`}>{s.outcome}</span></td>
            <td>{n(s.promptTokensPerSecond)}</td>
            <td>{n(s.generationTokensPerSecond)}</td>
            <td>{n(s.llamaCppTimings?.generationTokensPerSecond ?? null)}</td>
            <td>{s.timeToFirstTokenMs === null ? '—' : `${s.timeToFirstTokenMs.toFixed(0)} ms`}</td>
            <td>{stepMemory(s) === null ? '—' : formatBytes(stepMemory(s)!)}</td>
            <td className="small muted" title={s.failure?.stderrTail.slice(-8).join('\n')}>
              {s.failure ? `${s.failure.classification.replace(/_/g, ' ')}${s.failure.signal ? ` (${s.failure.signal})` : ''} in ${s.failure.phase}` : `${(s.durationMs / 1000).toFixed(1)} s`}
            </td>
          </tr>
        ))}
        {running && (
          <tr className="running" data-testid="running-row">
            <td>{running.index + 1}</td>
            <td title={FILLS[running.config.fill ?? 'prompt']}>{running.config.contextSize}</td>
            <td>{running.config.flashAttention ? 'on' : 'off'}</td>
            <td>{running.config.typeK}/{running.config.typeV}</td>
            <td colSpan={7} data-testid="running-progress"><span className="spinner-dot inline" aria-hidden /> {progressText(running.progress)}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
