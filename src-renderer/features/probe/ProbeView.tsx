import { useState } from 'react';
import type { ErrorInfo } from '../../../src-shared/contract/envelope';
import type { ProbeDetail, SpeedSource, StepResult } from '../../../src-shared/contract/probe';
import { activeBridge } from '../../bridge/activeBridge';
import { navigate } from '../../app/navigation';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Spinner } from '../../components/Spinner';
import { formatBytes } from '../../components/formatBytes';
import { chartPoints, memoryLabel, memoryLimit, oomBoundary } from './chartPoints';
import { ProbeMemoryChart } from './ProbeMemoryChart';
import { SpeedChart } from './SpeedChart';
import { StepTable } from './StepTable';
import { useProbeLive } from './useProbeLive';

/** One probe, live while it runs: the maximum so far, the charts, the steps, cancel and resume. */
export function ProbeView({ id }: { id: string }) {
  const { detail, steps, running, error, reload } = useProbeLive(id);
  const [actionError, setActionError] = useState<ErrorInfo | null>(null);
  if (error) return <ErrorPanel error={error} onRetry={reload} />;
  if (!detail) return <Spinner label="Opening the probe…" />;
  const s = detail.summary;
  const act = (channel: 'probe:cancel' | 'probe:resume') => {
    setActionError(null);
    void activeBridge.api[channel]({ id }).then((r) => (r.ok ? reload() : setActionError(r.error)));
  };
  const points = chartPoints(steps);
  const budget = s.budget;
  const limit = memoryLimit(budget, steps);
  const boundaries = [true, false].flatMap((fa) => {
    const at = oomBoundary(steps, fa);
    return at === null ? [] : [{ label: `OOM FA ${fa ? 'on' : 'off'}`, contextSize: at }];
  });
  return (
    <div className="probe-view" data-testid="probe-view">
      <header className="screen-head">
        <div>
          <button className="secondary small" onClick={() => navigate('probe')}>← Probes</button>
          <h1>{s.model.name}</h1>
          <p className="muted">
            {modeLabel(s.mode)} · <span data-testid="probe-status" className={`status ${s.status}`}>{s.status}</span> · {s.stepCount} steps
            {budget && ` · ${budget.mechanism} budget ${formatBytes(budget.ramBytes ?? budget.vramBytes ?? 0)}`}
          </p>
        </div>
        <div className="toolbar">
          {s.status === 'running' && <button className="secondary" onClick={() => act('probe:cancel')}>Cancel</button>}
          {(s.status === 'interrupted' || s.status === 'cancelled') && <button className="primary" onClick={() => act('probe:resume')}>Resume</button>}
          {s.status !== 'running' && s.okCount > 0 && (
            <button className="primary" onClick={() => navigate('export', { probe: id })}>
              Export settings
            </button>
          )}
        </div>
      </header>
      {actionError && <ErrorPanel error={actionError} />}
      {s.message && <p className="muted">{s.message}</p>}
      <MaxContext detail={detail} running={s.status === 'running'} />
      <div className="probe-charts">
        <SpeedChart points={points} metric="pp" title="Prompt processing (tok/s)" />
        <SpeedChart points={points} metric="tg" title="Generation (tok/s)" />
        <ProbeMemoryChart points={points} limit={limit} boundaries={boundaries} title={memoryLabel(budget ? budget.mechanism : limit ? 'device' : undefined)} />
      </div>
      <StepTable steps={steps} running={running} />
      {s.status !== 'running' && <Analysis detail={detail} steps={steps} />}
    </div>
  );
}

function MaxContext({ detail, running }: { detail: ProbeDetail; running: boolean }) {
  const max = detail.summary.maxContext;
  return (
    <section className="probe-max" data-testid="max-context">
      <div>
        <span className="muted small">Largest context, flash attention on</span>
        <strong data-testid="max-on">{max.flashAttention.on ?? '—'}</strong>
      </div>
      <div>
        <span className="muted small">flash attention off</span>
        <strong data-testid="max-off">{max.flashAttention.off ?? '—'}</strong>
      </div>
      <div className="muted small">{running ? 'searching…' : max.verified ? 'verified: the next size up ran out of memory' : detail.summary.mode === 'findMax' ? 'not verified' : 'largest that ran'}</div>
      {(['on', 'off'] as const).map((k) => {
        const b = max.bounds?.[k];
        return b ? <div key={k} className="small" data-testid={`bound-${k}`}>FA {k}: {BOUNDS[b.by](b.contextSize)}{b.atDepth ? ' · checked at full depth' : ''}</div> : null;
      })}
      <TimeLine detail={detail} running={running} />
    </section>
  );
}

const BOUNDS: Record<NonNullable<NonNullable<ProbeDetail['summary']['maxContext']['bounds']>['on']>['by'], (at: number | null) => string> = {
  oom: (at) => `bounded by memory (${at} ran out of memory)`,
  not_measured: (at) => `not measured in time or failed otherwise at ${at}: not a memory limit`,
  model_limit: () => 'the largest context tried (the model’s limit)',
  time_budget: () => 'the time cap stopped the search',
  none_fits: () => 'nothing fits',
};

/** Where a time prediction comes from, in words. */
const SOURCES: Record<SpeedSource, string> = {
  measured: 'from the speed this probe measured',
  machine_record: 'from this machine’s speed record',
  rough_prior: 'rough prior: no speed record on this machine yet',
};

/** Elapsed, predicted (before start and now), the cap, and what the cap skipped. */
function TimeLine({ detail, running }: { detail: ProbeDetail; running: boolean }) {
  const t = detail.summary.time;
  if (!t) return null;
  const min = (ms: number) => (ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 60_000).toFixed(1)} min`);
  return (
    <div className="small muted" data-testid="probe-time">
      {min(t.elapsedMs)} in steps
      {running && t.remainingMs !== null && ` · ≈ ${min(t.remainingMs)} more on this machine (memory only ≈ ${min(t.memoryRemainingMs ?? 0)}; ${SOURCES[t.source ?? 'measured']})`}
      {t.atStart && <span data-testid="probe-predicted-at-start">{` · predicted before start: ≈ ${min(t.atStart.totalMs)}, memory only ≈ ${min(t.atStart.memoryMs)} (${SOURCES[t.atStart.source]})`}</span>}
      {t.budgetMs !== null && ` · cap ${min(t.budgetMs)}`}
      {t.skipped.length > 0 && ` · skipped by the cap: ${t.skipped.join('; ')}`}
    </div>
  );
}

function Analysis({ detail, steps }: { detail: ProbeDetail; steps: StepResult[] }) {
  const a = detail.analysis;
  const knees = a.knees.filter((k) => k.kneeContext !== null || k.measuredKneeContext !== null);
  if (!a.flashAttention.length && !knees.length && a.flashAttentionMaxContextGain === null && !a.speedAtDepth.length) return null;
  return (
    <section className="card probe-analysis" data-testid="analysis">
      <h3>What the steps say</h3>
      <ul>
        {a.flashAttentionMaxContextGain !== null && <li>Flash attention changes the largest context by {a.flashAttentionMaxContextGain} tokens.</li>}
        {a.flashAttention.map((v) => (
          <li key={`${v.contextSize}${v.typeK}`}>
            At {v.contextSize} tokens{v.typeV !== 'f16' ? ` (K/V ${v.typeK}/${v.typeV})` : ''}, flash attention <strong>{VERDICTS[v.verdict]}</strong>
            {v.promptSpeedup !== null && ` (prompt ×${v.promptSpeedup.toFixed(2)}, generation ×${(v.generationSpeedup ?? 0).toFixed(2)})`}.
          </li>
        ))}
        {a.speedAtDepth.map((p) => (
          <li key={`d${p.flashAttention}${p.depth}`} data-testid="speed-at-depth">
            FA {p.flashAttention ? 'on' : 'off'}, {p.depth} tokens already in the cache: prompt {p.promptTokensPerSecond?.toFixed(1) ?? '—'} tok/s, generation {p.generationTokensPerSecond?.toFixed(1) ?? '—'} tok/s.
          </li>
        ))}
        {a.speedFloor.map((f) => (
          <li key={`f${f.flashAttention}`}>
            Speed floor (not memory): generation ≥ {f.minGenerationTps} tok/s up to {f.maxContext ?? 'no measured'} tokens (FA {f.flashAttention ? 'on' : 'off'}).
          </li>
        ))}
        {knees.map((k) => (
          <li key={`${k.metric}${k.flashAttention}`}>
            {k.metric === 'prompt' ? 'Prompt' : 'Generation'} speed (FA {k.flashAttention ? 'on' : 'off'}) falls by more than {Math.round(k.thresholdPerDoubling * 100)} % per doubling from about {k.kneeContext ?? k.measuredKneeContext} tokens.
          </li>
        ))}
      </ul>
      <p className="muted small">{steps.length} steps. Failures keep llama.cpp's last log lines (hover a row) for the diagnosis.</p>
    </section>
  );
}

const VERDICTS: Record<ProbeDetail['analysis']['flashAttention'][number]['verdict'], string> = {
  faster: 'is faster',
  slower: 'is slower',
  no_difference: 'makes no difference',
  makes_it_fit: 'makes it fit (it ran out of memory without)',
  breaks_it: 'breaks it (it ran only without)',
  neither_fits: 'does not help (neither fits)',
  required: 'is required (llama.cpp refuses this without it)',
};

export function modeLabel(mode: ProbeDetail['summary']['mode']): string {
  return { findMax: 'Find my max context', grid: 'Grid', compareFlashAttention: 'Flash attention on vs off', verify: 'Verification step' }[mode];
}
