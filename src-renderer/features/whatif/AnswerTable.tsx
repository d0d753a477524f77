import type { DeviceAnswer, WhatIfResult } from '../../../src-shared/contract/whatif';
import { formatBytes } from '../../components/formatBytes';

const n = (v: number | null) => (v === null ? '—' : v.toLocaleString('en-US'));

/** One row per device: fits, largest contexts, spill and the speed estimate; pick one to export its recipe or verify it. */
export function AnswerTable({ result, picked, onPick }: { result: WhatIfResult; picked: string | null; onPick: (id: string) => void }) {
  return (
    <table className="model-table" data-testid="whatif-table">
      <thead>
        <tr><th /><th>Device</th><th>Usable</th><th>Fits at {n(result.contextSize)}</th><th>Max context FA on / off (f16)</th><th>q8_0 KV</th><th>Spill</th><th>tok/s (estimate)</th><th>Verified here</th></tr>
      </thead>
      <tbody>
        {result.devices.map((d) => (
          <tr key={d.id} className="clickable" onClick={() => onPick(d.id)}>
            <td><input type="radio" name="whatif-device" aria-label={`Pick ${d.name}`} checked={picked === d.id} onChange={() => onPick(d.id)} /></td>
            <td title={d.source.note}>{d.name}</td>
            <td title={d.usableBasis}>{formatBytes(d.usableBytes)}</td>
            <td>{d.fits ? 'yes' : 'no'}</td>
            <td>{n(d.maxContext.flashAttention.on)} / {n(d.maxContext.flashAttention.off)}</td>
            <td>{n(d.maxContext.kvCache.q8_0.on)}</td>
            <td>{spillText(d)}</td>
            <td title={d.generationTokensPerSecond.basis}>{d.generationTokensPerSecond.value ?? '—'} <span className="muted small">({d.generationTokensPerSecond.low ?? '—'}–{d.generationTokensPerSecond.high ?? '—'})</span></td>
            <td data-testid={`verified-${d.id}`}>{d.verified ? `${n(d.verified.maxContext)} measured (${d.verified.agrees ? 'agrees' : 'differs'})` : 'estimate'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function spillText(d: DeviceAnswer): string {
  if (!d.spill) return 'none';
  return `${d.spill.gpuLayers}/${d.spill.totalLayers} layers on the device, ${formatBytes(d.spill.ramBytes)} in RAM`;
}
