import { useChannel } from '../../bridge/useChannel';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Spinner } from '../../components/Spinner';
import { AuditForm, type AuditFormValue } from './AuditForm';
import { LogsPanel } from './LogsPanel';
import './audit.css';
import { RuntimeCard } from './RuntimeCard';

/** Check the runtimes running on this machine (or at a URL): their live settings, findings and one-click fixes. */
export function AuditScreen() {
  const [state, run] = useChannel('audit:run');
  const submit = (value: AuditFormValue) => void run(value);
  const runtimes = state.status === 'done' ? state.value.runtimes : [];
  const found = runtimes.filter((r) => r.kind !== null);
  const missing = runtimes.filter((r) => r.kind === null);
  return (
    <div className="screen audit">
      <header className="screen-head">
        <div>
          <h1>Check my setup</h1>
          <p className="muted">Reads the Ollama, llama-server, LM Studio or vLLM that is running now: what context each request really gets, how much of the model sits on the CPU, how the K/V cache is stored. Each finding shows its evidence and the line that fixes it. Nothing is changed.</p>
        </div>
      </header>
      <AuditForm busy={state.status === 'loading'} onSubmit={submit} />
      {state.status === 'loading' && <Spinner label="Asking the runtimes (3 s at most each)…" />}
      {state.status === 'error' && <ErrorPanel error={state.error} />}
      {state.status === 'done' && (
        <div data-testid="audit-result">
          {found.length === 0 && <p className="empty">No runtime answered. Start one, or give the URL it listens on.</p>}
          {[...found, ...missing].map((r) => (
            <RuntimeCard key={r.url} runtime={r} />
          ))}
        </div>
      )}
      <LogsPanel />
    </div>
  );
}
