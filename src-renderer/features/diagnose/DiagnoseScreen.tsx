import { useState } from 'react';
import { useChannel } from '../../bridge/useChannel';
import { navigate } from '../../app/navigation';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Spinner } from '../../components/Spinner';
import { handOffLog } from '../troubleshoot/handoff';
import { DiagnosisView } from './DiagnosisView';
import './diagnose.css';
import { LogInput, type LogInputValue } from './LogInput';

/** Paste a log, see what failed, where in the log, and what to change. */
export function DiagnoseScreen() {
  const [state, diagnose] = useChannel('diagnosis:diagnose');
  const [input, setInput] = useState<LogInputValue | null>(null);
  const submit = (value: LogInputValue) => {
    setInput(value);
    void diagnose({ text: value.text, ...(value.runtime ? { runtime: value.runtime } : {}) });
  };
  return (
    <div className="screen">
      <header className="screen-head">
        <div>
          <h1>Diagnose a log</h1>
          <p className="muted">Paste what llama.cpp, Ollama, LM Studio, vLLM or node-llama-cpp printed when it failed. Headroom matches it against its knowledge base of real failures and says what to change.</p>
        </div>
      </header>
      <LogInput busy={state.status === 'loading'} onSubmit={submit} />
      {state.status === 'loading' && <Spinner label="Reading the log…" />}
      {state.status === 'error' && <ErrorPanel error={state.error} />}
      {state.status === 'done' && input && (
        <DiagnosisView diagnosis={state.value} text={input.text} onTroubleshoot={() => { handOffLog(input.text, input.runtime); navigate('troubleshoot', { from: 'diagnose' }); }} />
      )}
    </div>
  );
}
