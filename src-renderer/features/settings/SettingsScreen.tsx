import { useEffect, useState } from 'react';
import { useChannel } from '../../bridge/useChannel';
import { ErrorPanel } from '../../components/ErrorPanel';

/** `#/settings`: what the user sets once for this machine. */
export function SettingsScreen() {
  const [current, load, setCurrent] = useChannel('settings:get');
  const [saved, save] = useChannel('settings:setLlamaCppBin');
  const [folder, setFolder] = useState('');
  useEffect(() => {
    void load({}).then((r) => r.ok && setFolder(r.value.llamaCppBin ?? ''));
  }, [load]);
  const submit = (path: string | null) =>
    void save({ path }).then((r) => {
      if (!r.ok) return;
      setCurrent({ status: 'done', value: r.value });
      setFolder(r.value.llamaCppBin ?? '');
    });
  const settings = current.status === 'done' ? current.value : null;
  return (
    <div className="screen">
      <header className="screen-head">
        <div>
          <h1>Settings</h1>
          <p className="muted">Kept in Headroom&apos;s data folder on this machine.</p>
        </div>
      </header>
      <form className="card" aria-label="llama.cpp binaries" onSubmit={(e) => (e.preventDefault(), submit(folder.trim()))}>
        <h2>llama.cpp binaries</h2>
        <p className="muted">The folder with your llama.cpp build&apos;s llama-server, llama-bench and llama-fit-params: the llama.cpp engine of Tune measures with them. HEADROOM_LLAMA_CPP_BIN, when set, comes first; PATH is searched last.</p>
        <div className="row">
          <label>Folder <input aria-label="llama.cpp folder" value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="/path/to/llama.cpp/build/bin" size={60} /></label>
          <button type="submit" disabled={folder.trim() === '' || saved.status === 'loading'}>Save</button>
          <button type="button" disabled={!settings?.llamaCppBin || saved.status === 'loading'} onClick={() => submit(null)}>Clear</button>
        </div>
        {saved.status === 'error' && <ErrorPanel error={saved.error} />}
        {current.status === 'error' && <ErrorPanel error={current.error} />}
        {settings && (
          <p data-testid="llama-cpp-in-use">
            {settings.llamaCppInUse ? <>The llama.cpp engine uses <code>{settings.llamaCppInUse.dir}</code> (from {settings.llamaCppInUse.from}).</> : 'No llama.cpp tools found: the llama.cpp engine cannot run until a folder is set.'}
          </p>
        )}
      </form>
    </div>
  );
}
