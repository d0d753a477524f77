import { useCallback, useEffect, useState } from 'react';
import type { ErrorInfo } from '../../../src-shared/contract/envelope';
import type { ProbeDetail, ProbeStepProgressEvent, StepConfig, StepResult } from '../../../src-shared/contract/probe';
import { activeBridge } from '../../bridge/activeBridge';

export interface LiveProbe {
  detail: ProbeDetail | null;
  /** Steps so far: the saved ones, then those that arrived as events. */
  steps: StepResult[];
  /** The step running now, if any, and where it is (phase, tokens, speed, time left). */
  running: { index: number; config: StepConfig; progress: ProbeStepProgressEvent | null } | null;
  error: ErrorInfo | null;
  reload: () => void;
}

/** One probe, kept current by its events: steps appear as the worker finishes them. */
export function useProbeLive(id: string): LiveProbe {
  const [detail, setDetail] = useState<ProbeDetail | null>(null);
  const [live, setLive] = useState<StepResult[]>([]);
  const [running, setRunning] = useState<LiveProbe['running']>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  const reload = useCallback(() => {
    void activeBridge.api['probe:get']({ id }).then((result) => {
      if (!result.ok) return setError(result.error);
      setError(null);
      setDetail(result.value);
      if (result.value.summary.status !== 'running') setRunning(null);
    });
  }, [id]);

  useEffect(() => {
    setDetail(null);
    setLive([]);
    setRunning(null);
    reload();
    const offs = [
      activeBridge.on('probe:onStepStarted', (e) => e.probeId === id && setRunning({ index: e.index, config: e.config, progress: null })),
      activeBridge.on('probe:onStepProgress', (e) => e.probeId === id && setRunning((r) => (r && r.index === e.index ? { ...r, progress: e } : r))),
      activeBridge.on('probe:onStep', (e) => {
        if (e.probeId !== id) return;
        setLive((prev) => [...prev.filter((s) => s.index !== e.step.index), e.step]);
        setRunning(null);
        setDetail((d) => (d ? { ...d, summary: e.summary } : d));
      }),
      activeBridge.on('probe:onFinished', (e) => {
        if (e.summary.id !== id) return;
        setRunning(null);
        reload();
      }),
      activeBridge.on('probe:onStarted', (e) => e.summary.id === id && reload()),
    ];
    return () => offs.forEach((off) => off());
  }, [id, reload]);

  const saved = detail?.steps ?? [];
  const steps = [...saved, ...live.filter((s) => !saved.some((d) => d.index === s.index))].sort((a, b) => a.index - b.index);
  return { detail, steps, running, error, reload };
}
