import type { HardwareReport } from '../../../src-shared/contract/hardware';
import { UsageBar } from '../../components/UsageBar';

export function CpuCard({ cpu }: { cpu: HardwareReport['cpu'] }) {
  return (
    <section className="card" aria-label="CPU">
      <header className="card-head">
        <h3>CPU</h3>
      </header>
      <p className="big" data-testid="cpu-model">{cpu.model}</p>
      <dl className="facts">
        <dt>Usable cores</dt>
        <dd data-testid="cpu-cores">{cpu.cores}</dd>
        <dt>Physical / threads</dt>
        <dd>
          {cpu.physicalCores} / {cpu.threads}
        </dd>
        <dt>Instruction sets</dt>
        <dd className="flags">
          {['avx', 'avx2', 'avx512f', 'f16c', 'fma'].map((f) => (
            <span key={f} className={`flag ${cpu.flags.includes(f) ? 'on' : 'off'}`}>
              {f.toUpperCase()}
            </span>
          ))}
        </dd>
      </dl>
    </section>
  );
}

export function MemoryCard({ memory }: { memory: HardwareReport['memory'] }) {
  const used = Math.max(0, memory.totalBytes - memory.availableBytes);
  return (
    <section className="card" aria-label="Memory">
      <header className="card-head">
        <h3>RAM</h3>
      </header>
      <UsageBar
        label="RAM"
        total={memory.totalBytes}
        segments={[
          { label: 'in use', bytes: used, tone: 'others' },
          { label: 'available', bytes: memory.availableBytes, tone: 'free' },
        ]}
      />
      <dl className="facts">
        <dt>Total</dt>
        <dd data-testid="ram-total">{(memory.totalBytes / 1024 ** 3).toFixed(1)} GiB</dd>
        <dt>Swap</dt>
        <dd>{memory.swapTotalBytes ? `${(memory.swapTotalBytes / 1024 ** 3).toFixed(1)} GiB (${(memory.swapFreeBytes / 1024 ** 3).toFixed(1)} GiB free)` : 'none'}</dd>
      </dl>
    </section>
  );
}

export function BackendsCard({ report }: { report: HardwareReport }) {
  return (
    <section className="card" aria-label="Backends">
      <header className="card-head">
        <h3>Backends</h3>
        <span className="muted small">node-llama-cpp {report.runtime.nodeLlamaCpp} · llama.cpp {report.runtime.llamaCpp}</span>
      </header>
      <ul className="backends">
        {Object.entries(report.backends).map(([name, status]) => (
          <li key={name} className={status.usable ? 'ok' : 'no'} title={status.detail}>
            <strong>{name.toUpperCase()}</strong> {status.usable ? 'usable' : 'not usable'}
            <div className="muted small">{status.detail}</div>
          </li>
        ))}
      </ul>
      <p className="muted small">
        {report.os.distro} {report.os.release} · {report.os.platform}/{report.os.arch} · probed in {(report.durationMs / 1000).toFixed(1)} s
      </p>
    </section>
  );
}
