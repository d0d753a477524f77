import { useState } from 'react';
import type { ConcreteFix } from '../../../src-shared/knowledge/Diagnosis';
import { RuntimeSchema, type Runtime, type SettingsChange } from '../../../src-shared/contract/settings';

/** "contextSize 16384 · flashAttention on" — the settings a fix changes, in a line. */
export function describeChange(change: SettingsChange): string {
  return Object.entries(change)
    .filter(([k]) => k !== 'action')
    .map(([k, v]) => (k === 'env' ? Object.entries(v as Record<string, string>).map(([e, x]) => `${e}=${x}`).join(' ') : `${k} ${typeof v === 'boolean' ? (v ? 'on' : 'off') : String(v)}`))
    .join(' · ');
}

/** A fix's command line for one runtime at a time. */
export function FixCommands({ commands, runtime, onRuntime }: { commands: ConcreteFix['commands']; runtime: Runtime; onRuntime: (r: Runtime) => void }) {
  const available = RuntimeSchema.options.filter((r) => commands[r]);
  if (available.length === 0) return null;
  const shown = commands[runtime] ? runtime : available[0]!;
  return (
    <div className="fix-commands">
      <div className="tabs" role="tablist" aria-label="Runtime">
        {available.map((r) => (
          <button key={r} role="tab" aria-selected={r === shown} onClick={() => onRuntime(r)}>{r}</button>
        ))}
      </div>
      <pre data-testid="fix-command">{commands[shown]}</pre>
    </div>
  );
}

/** The fixes of a match, in the knowledge base's order, each with what it changes and its commands. */
export function FixList({ fixes, initialRuntime }: { fixes: ConcreteFix[]; initialRuntime?: Runtime | null }) {
  const [runtime, setRuntime] = useState<Runtime>(initialRuntime ?? 'llama.cpp');
  return (
    <ol className="fix-list">
      {fixes.map((fix) => (
        <li key={fix.title} className="card fix">
          <h3>{fix.title}</h3>
          {describeChange(fix.change) && <div className="small"><span className="muted">Change:</span> <code>{describeChange(fix.change)}</code></div>}
          {fix.change.action && <p>{fix.change.action}</p>}
          {fix.expected && <p className="expected" data-testid="fix-expected">{fix.expected}</p>}
          {fix.note && <p className="muted small">{fix.note}</p>}
          <FixCommands commands={fix.commands} runtime={runtime} onRuntime={setRuntime} />
        </li>
      ))}
    </ol>
  );
}
