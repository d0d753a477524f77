import { useState, type FormEvent } from 'react';
import { AuditRuntimeSchema, DEFAULT_RUNTIME_URLS, type AuditRuntime } from '../../../src-shared/contract/audit';
import { RUNTIME_NAMES } from './runtimeNames';

export interface AuditFormValue {
  runtime?: AuditRuntime;
  url?: string;
  promptTokens?: number;
}

/** Which runtime (or all at their default ports), where, and how long the user's prompts are. */
export function AuditForm({ busy, onSubmit }: { busy: boolean; onSubmit: (value: AuditFormValue) => void }) {
  const [runtime, setRuntime] = useState<AuditRuntime | ''>('');
  const [url, setUrl] = useState('');
  const [prompt, setPrompt] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const tokens = Number(prompt);
    onSubmit({ ...(runtime ? { runtime } : {}), ...(url.trim() ? { url: url.trim() } : {}), ...(prompt && Number.isInteger(tokens) && tokens > 0 ? { promptTokens: tokens } : {}) });
  };
  return (
    <form className="audit-form card" onSubmit={submit}>
      <label>
        Runtime
        <select value={runtime} onChange={(e) => setRuntime(e.target.value as AuditRuntime | '')}>
          <option value="">All, at their default ports</option>
          {AuditRuntimeSchema.options.map((r) => (
            <option key={r} value={r}>
              {RUNTIME_NAMES[r]}
            </option>
          ))}
        </select>
      </label>
      <label>
        URL
        <input type="url" placeholder={runtime ? DEFAULT_RUNTIME_URLS[runtime] : 'default ports'} value={url} onChange={(e) => setUrl(e.target.value)} />
      </label>
      <label>
        Longest prompt + reply (tokens)
        <input type="number" min={1} placeholder="optional" value={prompt} onChange={(e) => setPrompt(e.target.value)} />
      </label>
      <button className="primary" type="submit" disabled={busy}>
        Check my setup
      </button>
    </form>
  );
}
