/** What to paste or check next: for an unknown log, how to get a log that can be diagnosed. */
export function NextSteps({ steps, unknown }: { steps: string[]; unknown: boolean }) {
  if (steps.length === 0) return null;
  return (
    <section className="next-steps" data-testid="next-steps">
      <h2>{unknown ? 'What to paste next' : 'What to check next'}</h2>
      <ol>{steps.map((s) => <li key={s}>{s}</li>)}</ol>
    </section>
  );
}
