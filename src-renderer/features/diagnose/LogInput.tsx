import { useState, type DragEvent } from 'react';
import { MAX_LOG_CHARS } from '../../../src-shared/contract/diagnosis';
import { LogRuntimeSchema, type LogRuntime } from '../../../src-shared/knowledge/KnowledgeEntry';

export interface LogInputValue {
  text: string;
  runtime: LogRuntime | null;
  /** Where the text came from: a file name, or null for a paste. */
  fileName: string | null;
}

/** Paste a log, drop or pick a file, and say which runtime wrote it (or let the wording tell). */
export function LogInput({ busy, onSubmit, submitLabel = 'Diagnose' }: { busy: boolean; onSubmit: (value: LogInputValue) => void; submitLabel?: string }) {
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [runtime, setRuntime] = useState<LogRuntime | ''>('');
  const [dragging, setDragging] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);

  const readFile = async (file: File) => {
    if (file.size > MAX_LOG_CHARS) {
      setFileError(`${file.name} is ${(file.size / 1024 ** 2).toFixed(0)} MiB; Headroom reads up to ${MAX_LOG_CHARS / 1024 ** 2} MiB. Keep the part around the failure.`);
      return;
    }
    setFileError(null);
    setFileName(file.name);
    setText(await file.text());
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) void readFile(file);
  };

  return (
    <form className={`log-input card${dragging ? ' dragging' : ''}`} onSubmit={(e) => { e.preventDefault(); onSubmit({ text, runtime: runtime || null, fileName }); }} onDragOver={(e) => { e.preventDefault(); setDragging(true); }} onDragLeave={() => setDragging(false)} onDrop={onDrop}>
      <textarea aria-label="Log" rows={12} spellCheck={false} placeholder="Paste the output of the failing run here, or drop a log file on this box." value={text.length > 200_000 ? `${text.slice(0, 200_000)}\n… (${text.length.toLocaleString()} characters in all; shown in part)` : text} readOnly={text.length > 200_000} onChange={(e) => { setText(e.target.value); setFileName(null); }} />
      <div className="toolbar">
        <label className="file-pick">Open a log file <input type="file" aria-label="Log file" accept=".log,.txt,text/*" onChange={(e) => { const f = e.target.files?.[0]; if (f) void readFile(f); }} /></label>
        <label>Runtime <select aria-label="Runtime" value={runtime} onChange={(e) => setRuntime(e.target.value as LogRuntime | '')}>
          <option value="">recognise from the log</option>
          {LogRuntimeSchema.options.map((r) => <option key={r} value={r}>{r}</option>)}
        </select></label>
        {fileName && <span className="muted small">{fileName} · {text.length.toLocaleString()} characters</span>}
        <button type="submit" className="primary" disabled={busy}>{submitLabel}</button>
      </div>
      {fileError && <p className="bad small" role="alert">{fileError}</p>}
    </form>
  );
}
