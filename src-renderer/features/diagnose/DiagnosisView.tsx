import { useMemo, useState } from 'react';
import type { Diagnosis, SeparatingQuestion } from '../../../src-shared/knowledge/Diagnosis';
import type { Runtime } from '../../../src-shared/contract/settings';
import { RuntimeSchema } from '../../../src-shared/contract/settings';
import { unescapeLog } from '../../../src-shared/knowledge/unescapeLog';
import { CandidateDetail } from './CandidateDetail';
import { CandidateList } from './CandidateList';
import { LogView } from './LogView';
import { MatchDetail } from './MatchDetail';
import { NextSteps } from './NextSteps';
import { AnsweredQuestions, SeparatingQuestionPanel, type QuestionAnswer } from './SeparatingQuestionPanel';
import { ShareReport } from './ShareReport';

/** A separating question and the answer given to it. */
export interface Answered {
  question: SeparatingQuestion;
  answer: QuestionAnswer;
}

export interface DiagnosisViewProps {
  diagnosis: Diagnosis;
  text: string;
  onTroubleshoot?: () => void;
  /** Re-diagnoses with this answer; without it the question is not shown. */
  onAnswer?: (question: SeparatingQuestion, answer: QuestionAnswer) => void;
  /** Answers behind this diagnosis. Defaults to none. */
  answered?: Answered[];
  onClearAnswers?: () => void;
  /** True while a re-ranked diagnosis is on its way. Defaults to false. */
  busy?: boolean;
}

/** What failed (ranked candidates, the question that separates them), where in the log, and what to change. */
export function DiagnosisView({ diagnosis, text, onTroubleshoot, onAnswer, answered = [], onClearAnswers, busy = false }: DiagnosisViewProps) {
  const [open, setOpen] = useState(0);
  // The lines the diagnosis numbered (an escaped paste read back), once per pasted text, not per click.
  const shown = useMemo(() => unescapeLog(text), [text]);
  const runtime = RuntimeSchema.safeParse(diagnosis.runtime).success ? (diagnosis.runtime as Runtime) : null;
  const { candidates, matches } = diagnosis;
  const opened = candidates[open] ?? candidates[0];
  const matchOf = (entryId: string | null) => matches.find((m) => m.id === entryId);
  // Unknown: any candidates are only leads (what the log reads like), never a diagnosis. An entry of the
  // `unknown` category (a port in use, a GPU reset) explains the log: it comes first, with its fixes.
  const unknown = diagnosis.category === 'unknown';
  const explainer = unknown ? matches.find((m) => m.category === 'unknown') : undefined;
  const evidence = explainer?.evidence ?? (opened ? (matchOf(opened.entryId)?.evidence ?? opened.evidence) : (matches[0]?.evidence ?? []));
  const others = matches.filter((m) => m !== explainer && !candidates.some((c) => c.entryId === m.id));
  return (
    <div className="diagnosis" data-testid="diagnosis">
      <div className="diagnosis-head">
        <span className={`category cat-${diagnosis.category}`} data-testid="diagnosis-category">{diagnosis.category}</span>
        <span className="muted small">{diagnosis.lines.toLocaleString()} lines{diagnosis.runtime ? ` · ${diagnosis.runtime}` : ''}{diagnosis.backend ? ` · ${diagnosis.backend}` : ''} · read in {diagnosis.durationMs.toFixed(0)} ms</span>
      </div>
      {diagnosis.question && onAnswer && <SeparatingQuestionPanel question={diagnosis.question} busy={busy} onAnswer={onAnswer} />}
      {onClearAnswers && <AnsweredQuestions answered={answered} onClear={onClearAnswers} />}
      {unknown && !matches[0] && (
        <p className="empty">No known failure matched this log. Paste more of it around the failure: the lines before an error usually name what was being loaded or allocated.</p>
      )}
      {explainer && <MatchDetail match={explainer} runtime={runtime} />}
      {candidates.length > 0 ? (
        <>
          <h2>{unknown ? `${explainer ? 'It also reads like' : 'It reads most like'} (a lead to check, not a diagnosis)` : candidates.length > 1 ? 'Possible causes, best first' : 'Cause'}</h2>
          <CandidateList candidates={candidates} open={open} onOpen={setOpen}
            detail={(c) => <CandidateDetail candidate={c} match={matchOf(c.entryId)} runtime={runtime} onTroubleshoot={onTroubleshoot} />} />
        </>
      ) : !explainer && matches[0] && <MatchDetail match={matches[0]} runtime={runtime} />}
      <NextSteps steps={diagnosis.nextSteps} unknown={unknown} />
      {unknown && <ShareReport diagnosis={diagnosis} text={text} />}
      {others.length > 0 && (
        <>
          <h2>Also matched</h2>
          <ul className="other-matches">
            {others.map((m) => <li key={m.id}><span className="tag">{m.category}</span> {m.title} <span className="muted small">confidence {m.confidence.toFixed(2)}</span></li>)}
          </ul>
        </>
      )}
      <h2>The log</h2>
      <LogView text={shown} lineCount={diagnosis.lines} evidence={evidence} />
    </div>
  );
}
