import { useState } from 'react';
import type { SeparatingQuestion } from '../../../src-shared/knowledge/Diagnosis';
import { useChannel } from '../../bridge/useChannel';
import { navigate } from '../../app/navigation';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Spinner } from '../../components/Spinner';
import { handOffLog } from '../troubleshoot/handoff';
import { DiagnosisView, type Answered } from './DiagnosisView';
import './diagnose.css';
import { LogInput, type LogInputValue } from './LogInput';
import type { QuestionAnswer } from './SeparatingQuestionPanel';

/** Paste a log, see what failed, where in the log, and what to change; answer a question to tell close causes apart. */
export function DiagnoseScreen() {
  const [state, diagnose] = useChannel('diagnosis:diagnose');
  const [input, setInput] = useState<LogInputValue | null>(null);
  const [answered, setAnswered] = useState<Answered[]>([]);
  const [runs, setRuns] = useState(0);
  const run = (value: LogInputValue, withAnswers: Answered[]) => {
    setInput(value);
    setAnswered(withAnswers);
    setRuns((n) => n + 1);
    const answers = Object.fromEntries(withAnswers.map((a) => [a.question.id, a.answer.id]));
    void diagnose({ text: value.text, ...(value.runtime ? { runtime: value.runtime } : {}), ...(withAnswers.length > 0 ? { answers } : {}) });
  };
  const answer = (question: SeparatingQuestion, chosen: QuestionAnswer) => {
    if (input) run(input, [...answered.filter((a) => a.question.id !== question.id), { question, answer: chosen }]);
  };
  return (
    <div className="screen">
      <header className="screen-head">
        <div>
          <h1>Diagnose a log</h1>
          <p className="muted">Paste what llama.cpp, Ollama, LM Studio, vLLM or node-llama-cpp printed when it failed. Headroom matches it against its knowledge base of real failures and says what to change.</p>
        </div>
      </header>
      <LogInput busy={state.status === 'loading'} onSubmit={(value) => run(value, [])} />
      {state.status === 'loading' && <Spinner label={answered.length > 0 ? 'Ranking the causes again with your answer…' : 'Reading the log…'} />}
      {state.status === 'error' && <ErrorPanel error={state.error} />}
      {state.status === 'done' && input && (
        <DiagnosisView key={runs} diagnosis={state.value} text={input.text} answered={answered} onAnswer={answer} onClearAnswers={() => run(input, [])}
          onTroubleshoot={() => { handOffLog(input.text, input.runtime); navigate('troubleshoot', { from: 'diagnose' }); }} />
      )}
    </div>
  );
}
