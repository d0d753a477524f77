import type { ErrorInfo } from '../../src-shared/contract/envelope';

/** An error as the user should see it: what happened, and what to do. */
export function ErrorPanel({ error, onRetry }: { error: ErrorInfo; onRetry?: () => void }) {
  return (
    <div className="error-panel" role="alert">
      <strong>{error.message}</strong>
      <p className="hint">{error.hint}</p>
      <div className="muted small">code: {error.code}</div>
      {onRetry && (
        <button className="secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
