import { useEffect, useState } from 'react';
import type { ModelList as List } from '../../../src-shared/contract/models';
import { activeBridge } from '../../bridge/activeBridge';
import { useChannel } from '../../bridge/useChannel';
import { navigate } from '../../app/navigation';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Spinner } from '../../components/Spinner';
import { formatBytes } from '../../components/formatBytes';
import { AddFolderForm } from './AddFolderForm';
import { CheckRemoteForm } from './CheckRemoteForm';
import { SynthForm } from './SynthForm';

/** Every GGUF on this machine, searchable; add a folder or write a synthetic model. */
export function ModelList() {
  const [state, scan] = useChannel('models:list');
  const [, cancel] = useChannel('models:cancelScan');
  const [query, setQuery] = useState('');
  const [progress, setProgress] = useState<string | null>(null);
  const rescan = () => void scan({});
  useEffect(() => {
    rescan();
    return activeBridge.on('models:onScanProgress', (p) => setProgress(`${p.modelsFound} found in ${p.foldersScanned} folders — ${p.currentPath}`));
  }, []);
  return (
    <div className="screen">
      <header className="screen-head">
        <div>
          <h1>Models</h1>
          <p className="muted">GGUF files from Ollama, LM Studio, the Hugging Face and llama.cpp caches, node-llama-cpp, your folders, and synthetic models Headroom wrote.</p>
        </div>
        <button onClick={rescan} disabled={state.status === 'loading'}>Scan again</button>
      </header>
      <div className="toolbar">
        <input type="search" placeholder="Search by name, architecture or source" aria-label="Search models" value={query} onChange={(e) => setQuery(e.target.value)} />
        <AddFolderForm onAdded={rescan} />
      </div>
      <CheckRemoteForm />
      {state.status === 'loading' && (
        <div className="toolbar">
          <Spinner label={progress ?? 'Looking for models…'} />
          <button className="secondary" onClick={() => void cancel({})}>Stop</button>
        </div>
      )}
      {state.status === 'error' && <ErrorPanel error={state.error} onRetry={rescan} />}
      {state.status === 'done' && <ModelTable list={state.value} query={query} />}
      <h2>Create a synthetic model</h2>
      <SynthForm onCreated={(path) => navigate('models', { path })} />
    </div>
  );
}

function ModelTable({ list, query }: { list: List; query: string }) {
  const q = query.trim().toLowerCase();
  const models = list.models.filter((m) => !q || `${m.name} ${m.architecture ?? ''} ${m.source}`.toLowerCase().includes(q));
  return (
    <>
      {list.cancelled && <p className="muted">The scan was stopped; this is what it found until then.</p>}
      {list.models.length === 0 ? (
        <p className="empty">No GGUF models found. Add a folder above, or create a synthetic model below.</p>
      ) : (
        <table className="model-table" data-testid="model-table">
          <thead><tr><th>Name</th><th>Source</th><th>Architecture</th><th>Trained context</th><th>Type</th><th>Size</th></tr></thead>
          <tbody>
            {models.map((m) => (
              <tr key={m.path} className={m.error ? 'unreadable' : 'clickable'} onClick={() => !m.error && navigate('models', { path: m.path })} title={m.error ? `${m.error.message}\n→ ${m.error.hint}` : m.path}>
                <td><button className="link" disabled={Boolean(m.error)}>{m.name}</button>{m.synthetic && <span className="tag">synthetic</span>}{m.auxiliary && <span className="tag">projector</span>}</td>
                <td>{m.source}</td>
                <td>{m.error ? <span className="bad">unreadable</span> : m.architecture}</td>
                <td>{m.contextLength?.toLocaleString('en') ?? ''}</td>
                <td>{m.fileType ?? ''}</td>
                <td>{formatBytes(m.sizeBytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <details className="places">
        <summary>Searched {list.places.length} places in {(list.durationMs / 1000).toFixed(1)} s</summary>
        <ul>
          {list.places.map((p) => (
            <li key={p.path}><strong>{p.source}</strong> {p.path} — {p.status}{p.status === 'scanned' ? `, ${p.models} models` : ''}{p.detail ? ` (${p.detail})` : ''}</li>
          ))}
        </ul>
      </details>
    </>
  );
}
