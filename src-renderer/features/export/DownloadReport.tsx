import { useState } from 'react';
import type { ReportFormat } from '../../../src-shared/contract/recipe';
import { useChannel } from '../../bridge/useChannel';
import { ErrorPanel } from '../../components/ErrorPanel';
import { downloadFile } from './downloadFile';

/** "Download report": the probe's report as HTML, Markdown or JSON, redacted unless asked not to. */
export function DownloadReport({ probeId }: { probeId: string }) {
  const [state, build] = useChannel('report:build');
  const [format, setFormat] = useState<ReportFormat>('html');
  const [keepPaths, setKeepPaths] = useState(false);
  const run = async () => {
    const result = await build({ probeId, format, keepPaths });
    if (result.ok) downloadFile(result.value.fileName, result.value.mimeType, result.value.content);
  };
  return (
    <div className="download-report">
      <div className="toolbar">
        <select aria-label="Report format" value={format} onChange={(e) => setFormat(e.target.value as ReportFormat)}>
          <option value="html">HTML (self-contained)</option>
          <option value="md">Markdown</option>
          <option value="json">JSON</option>
        </select>
        <label className="small">
          <input type="checkbox" checked={keepPaths} onChange={(e) => setKeepPaths(e.target.checked)} /> keep home paths and secrets
        </label>
        <button className="primary" onClick={() => void run()} disabled={state.status === 'loading'}>
          {state.status === 'loading' ? 'Writing the report…' : 'Download report'}
        </button>
      </div>
      {state.status === 'error' && <ErrorPanel error={state.error} onRetry={() => void run()} />}
    </div>
  );
}
