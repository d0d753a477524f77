import { useState } from 'react';
import type { Diagnosis } from '../../../src-shared/knowledge/Diagnosis';
import { copyText } from '../export/copyText';
import { downloadFile } from '../export/downloadFile';
import { diagnosisReport, REPORT_FILE_NAME } from './diagnosisReport';

const PREVIEW_CHARS = 4000;

/** Copy or download the log and the diagnosis, redacted, to ask for help where nothing matched. */
export function ShareReport({ diagnosis, text }: { diagnosis: Diagnosis; text: string }) {
  const [report, setReport] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  // Built on demand: redacting a long log on every render would be wasted work.
  const build = () => {
    const built = report ?? diagnosisReport(diagnosis, text);
    setReport(built);
    return built;
  };
  const copy = async () => setStatus((await copyText(build())) ? 'Copied the redacted report.' : 'Copying was refused: select the text below and copy it.');
  const download = () => {
    downloadFile(REPORT_FILE_NAME, 'text/plain', build());
    setStatus(`Saved as ${REPORT_FILE_NAME}.`);
  };
  return (
    <section className="share-report" data-testid="share-report">
      <h2>Share a redacted report</h2>
      <p className="muted small">The log and what Headroom made of it, with home folders shown as ~ and anything that looks like a token or password replaced. Read it before you post it.</p>
      <div className="toolbar">
        <button className="secondary" onClick={() => void copy()}>Copy redacted report</button>
        <button className="secondary" onClick={download}>Download redacted report</button>
        {status && <span className="muted small" role="status">{status}</span>}
      </div>
      {report !== null && <pre className="report-preview" data-testid="report-preview">{report.length > PREVIEW_CHARS ? `${report.slice(0, PREVIEW_CHARS)}\n… (${report.length.toLocaleString()} characters in all)` : report}</pre>}
    </section>
  );
}
