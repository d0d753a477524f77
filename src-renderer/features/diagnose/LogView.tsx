import { useMemo } from 'react';
import type { Evidence } from '../../../src-shared/knowledge/Diagnosis';
import { logWindows, sliceLines } from './logWindows';

/** The log with line numbers, the evidence lines highlighted; long logs show only the parts around them. */
export function LogView({ text, lineCount, evidence }: { text: string; lineCount: number; evidence: Evidence[] }) {
  const marked = useMemo(() => new Map(evidence.map((e) => [e.line, e.note ?? 'evidence'])), [evidence]);
  const windows = useMemo(() => logWindows(lineCount, [...marked.keys()]), [lineCount, marked]);
  return (
    <div className="log-view" role="region" aria-label="Log with evidence highlighted">
      {windows.map((w, i) => (
        <div key={w.start} className="log-window">
          {(i > 0 || w.start > 1) && <div className="log-gap muted small">… lines {i === 0 ? 1 : windows[i - 1]!.end + 1}–{w.start - 1} hidden</div>}
          {sliceLines(text, w.start, w.end).map((line, k) => {
            const n = w.start + k;
            const note = marked.get(n);
            return (
              <div key={n} id={`log-line-${n}`} className={`log-line${note ? ' hit' : ''}`} data-testid={note ? 'evidence-line' : undefined} title={note}>
                <span className="log-no">{n}</span>
                <span className="log-text">{line.length > 600 ? `${line.slice(0, 600)}…` : line || ' '}</span>
              </div>
            );
          })}
        </div>
      ))}
      {windows.length > 0 && windows.at(-1)!.end < lineCount && <div className="log-gap muted small">… lines {windows.at(-1)!.end + 1}–{lineCount} hidden</div>}
    </div>
  );
}
