import { ProbeList } from './ProbeList';
import { ProbeStartForm } from './ProbeStartForm';
import { ProbeView } from './ProbeView';

/** The probe: start one (one click), follow it live, or reopen a saved one. */
export function ProbeScreen({ params }: { params: Record<string, string> }) {
  if (params.id) return <div className="screen"><ProbeView id={params.id} /></div>;
  return (
    <div className="screen">
      <header className="screen-head">
        <div>
          <h1>Probe</h1>
          <p className="muted">Runs the model at growing contexts in an isolated process, each step a fresh load with an attention-heavy prompt, until the machine (or the budget) says no.</p>
        </div>
      </header>
      <ProbeStartForm initialPath={params.model ?? ''} />
      <h2>Saved probes</h2>
      <ProbeList />
    </div>
  );
}
