import { useEffect } from 'react';
import type { ModelRef } from '../../../src-shared/contract/models';
import type { KvCacheType } from '../../../src-shared/contract/settings';
import { useChannel } from '../../bridge/useChannel';
import { formatBytes } from '../../components/formatBytes';

interface Props {
  model: ModelRef;
  contextSize: number;
  kvType: KvCacheType;
  flashAttention: boolean;
  gpuLayers: 0 | 'all';
}

/**
 * The chart above is the memory model alone; this line says what this machine's measured corrections make
 * of it at one context (or that there are none yet), from `models:estimate` as the CLI prints it.
 */
export function CalibrationNote({ model, contextSize, kvType, flashAttention, gpuLayers }: Props) {
  const [state, estimate] = useChannel('models:estimate');
  // One request per distinct input (the model object is rebuilt on every render).
  const request = JSON.stringify({ model, contextSize, typeK: kvType, typeV: kvType, flashAttention, gpuLayers, ...(gpuLayers === 'all' && { gpus: [{ name: 'GPU 0' }] }), ...('preset' in model && { weightType: 'q4_K' }) });
  useEffect(() => void estimate(JSON.parse(request) as Parameters<typeof estimate>[0]), [request, estimate]);
  if (state.status !== 'done') return null;
  const c = state.value.calibration;
  return (
    <p className="muted small" data-testid="calibration-note">
      {c.calibrated
        ? `At ${contextSize.toLocaleString('en')} tokens on this machine: buffers ${formatBytes(c.totalBytes)} (${formatBytes(c.errorBand.lowBytes)} – ${formatBytes(c.errorBand.highBytes)})${c.rssBytes !== null ? `, process ${formatBytes(c.rssBytes)} resident` : ''}. ${c.note}`
        : c.note}
    </p>
  );
}
