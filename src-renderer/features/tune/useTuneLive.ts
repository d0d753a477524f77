import { useCallback, useEffect, useState } from 'react';
import type { ErrorInfo } from '../../../src-shared/contract/envelope';
import type { TuneProgress, TuneResult } from '../../../src-shared/contract/tune';
import { activeBridge } from '../../bridge/activeBridge';

export interface LiveTune {
  result: TuneResult | null;
  /** The step running now: step k of n, time left, what is tried. */
  progress: TuneProgress | null;
  error: ErrorInfo | null;
}

/** One tune, kept current by its events: candidates appear as their steps finish. */
export function useTuneLive(id: string): LiveTune {
  const [result, setResult] = useState<TuneResult | null>(null);
  const [progress, setProgress] = useState<TuneProgress | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  const reload = useCallback(() => {
    void activeBridge.api['tune:get']({ id }).then((r) => {
      if (!r.ok) return setError(r.error);
      setError(null);
      setResult(r.value);
      if (r.value.status !== 'running') setProgress(null);
    });
  }, [id]);

  useEffect(() => {
    setResult(null);
    setProgress(null);
    reload();
    const offs = [
      activeBridge.on('tune:onProgress', (e) => e.tuneId === id && setProgress(e)),
      activeBridge.on('tune:onCandidate', (e) => e.tuneId === id && reload()),
      activeBridge.on('tune:onFinished', (e) => {
        if (e.result.id !== id) return;
        setProgress(null);
        setResult(e.result);
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [id, reload]);

  return { result, progress, error };
}
