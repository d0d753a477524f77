import { useChannel } from '../../bridge/useChannel';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Spinner } from '../../components/Spinner';
import { GpuCard } from './GpuCard';
import { BackendsCard, CpuCard, MemoryCard } from './SystemCards';
import { WarningList } from './WarningList';

export function HardwareScreen() {
  const [state, probe] = useChannel('hardware:probe');
  const run = () => void probe({});
  return (
    <div className="screen">
      <header className="screen-head">
        <div>
          <h1>This machine</h1>
          <p className="muted">What it can give an LLM: every GPU with its free VRAM, the CPU, RAM and swap, and what would get in the way.</p>
        </div>
        <button className="primary" onClick={run} disabled={state.status === 'loading'}>
          {state.status === 'done' ? 'Probe again' : 'Probe this machine'}
        </button>
      </header>
      {state.status === 'idle' && <p className="empty">Nothing probed yet. The probe takes a few seconds and changes nothing on this machine.</p>}
      {state.status === 'loading' && <Spinner label="Probing CPU, memory and GPUs…" />}
      {state.status === 'error' && <ErrorPanel error={state.error} onRetry={run} />}
      {state.status === 'done' && (
        <div className="hardware" data-testid="hardware-result">
          <h2>Warnings</h2>
          <WarningList warnings={state.value.warnings} />
          <h2>Devices</h2>
          <div className="grid">
            {state.value.gpus.map((gpu) => (
              <GpuCard key={gpu.name} gpu={gpu} />
            ))}
            {state.value.gpus.length === 0 && (
              <section className="card muted">
                <h3>No GPU</h3>
                <p>Models will run on the CPU.</p>
              </section>
            )}
            <CpuCard cpu={state.value.cpu} />
            <MemoryCard memory={state.value.memory} />
            <BackendsCard report={state.value} />
          </div>
        </div>
      )}
    </div>
  );
}
