import type { SeparatingQuestion } from '../../../src-shared/knowledge/Diagnosis';
import { categoryLabel } from './categoryLabel';

export type QuestionAnswer = SeparatingQuestion['answers'][number];

/** The one question that tells the close causes apart; each answer re-ranks them. */
export function SeparatingQuestionPanel({ question, busy, onAnswer }: { question: SeparatingQuestion; busy: boolean; onAnswer: (question: SeparatingQuestion, answer: QuestionAnswer) => void }) {
  return (
    <section className="question card" data-testid="question" aria-labelledby={`question-${question.id}`}>
      <p className="muted small">The first causes are close. One answer tells them apart:</p>
      <h2 id={`question-${question.id}`} data-testid="question-text">{question.text}</h2>
      <div className="answers">
        {question.answers.map((a) => (
          <button key={a.id} className="secondary" disabled={busy} title={`Points to: ${categoryLabel(a.favours)}`} onClick={() => onAnswer(question, a)}>{a.label}</button>
        ))}
      </div>
    </section>
  );
}

/** The answers given so far, with a way to take them back. */
export function AnsweredQuestions({ answered, onClear }: { answered: { question: SeparatingQuestion; answer: QuestionAnswer }[]; onClear: () => void }) {
  if (answered.length === 0) return null;
  return (
    <div className="answered small" data-testid="answered">
      {answered.map(({ question, answer }) => <span key={question.id}>You answered “{question.text}”: <strong>{answer.label}</strong>. </span>)}
      <button className="link" onClick={onClear}>{answered.length > 1 ? 'Clear the answers' : 'Clear the answer'}</button>
    </div>
  );
}
