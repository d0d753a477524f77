import type { Gpu } from '../../../src-shared/contract/hardware';
import { UsageBar } from '../../components/UsageBar';

export function GpuCard({ gpu }: { gpu: Gpu }) {
  return (
    <section className="card" aria-label={`GPU ${gpu.name}`}>
      <header className="card-head">
        <h3>{gpu.name}</h3>
        <span className="tag">{gpu.vendor}</span>
        {gpu.integrated && <span className="tag">shares RAM</span>}
      </header>
      <UsageBar
        label="VRAM"
        total={gpu.vramTotalBytes}
        segments={[
          { label: 'used by others', bytes: gpu.vramUsedByOthersBytes, tone: 'others' },
          { label: 'free', bytes: gpu.vramFreeBytes, tone: 'free' },
        ]}
      />
      <dl className="facts">
        <dt>Driver</dt>
        <dd>{gpu.driverVersion ?? 'unknown'}</dd>
        <dt>Backends</dt>
        <dd>{gpu.backends.length ? gpu.backends.join(', ') : <span className="bad">none usable</span>}</dd>
        <dt>VRAM source</dt>
        <dd>{gpu.vramSource}</dd>
      </dl>
    </section>
  );
}
