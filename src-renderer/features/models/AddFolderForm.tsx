import { useState } from 'react';
import { useChannel } from '../../bridge/useChannel';
import { ErrorPanel } from '../../components/ErrorPanel';

/** Adds a folder to search (remembered in the data folder). */
export function AddFolderForm({ onAdded }: { onAdded: () => void }) {
  const [path, setPath] = useState('');
  const [state, add] = useChannel('models:addFolder');
  const submit = async () => {
    const result = await add({ path: path.trim() });
    if (result.ok) {
      setPath('');
      onAdded();
    }
  };
  return (
    <form className="add-folder" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <input placeholder="/path/to/models" aria-label="Folder to add" value={path} onChange={(e) => setPath(e.target.value)} />
      <button type="submit" disabled={!path.trim() || state.status === 'loading'}>Add folder</button>
      {state.status === 'error' && <ErrorPanel error={state.error} />}
    </form>
  );
}
