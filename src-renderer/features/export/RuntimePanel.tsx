import type { Recipe, RenderedRecipe } from '../../../src-shared/contract/recipe';
import { AnnotatedCode } from './AnnotatedCode';
import { CopyButton } from './CopyButton';

/** One runtime's files and commands, each with a copy button, then its warnings and notes. */
export function RuntimePanel({ rendered, recipe }: { rendered: RenderedRecipe; recipe: Recipe }) {
  // The recipe's own warnings are shown above the tabs; here only what this runtime adds.
  const warnings = rendered.warnings.filter((w) => !recipe.warnings.some((r) => r.message === w));
  return (
    <div className="runtime-panel" role="tabpanel" data-testid={`panel-${rendered.runtime}`}>
      {warnings.length > 0 && (
        <ul className="warnings">
          {warnings.map((w) => (
            <li key={w} className="warning">
              {w}
            </li>
          ))}
        </ul>
      )}
      {rendered.files.map((file) => (
        <section key={file.name} className="recipe-block">
          <div className="recipe-block-head">
            <code>{file.name}</code>
            <CopyButton text={file.content} label={file.name} />
          </div>
          <AnnotatedCode text={file.content} values={rendered.values} recipe={recipe} />
        </section>
      ))}
      {rendered.commands.length > 0 && <h3>Commands</h3>}
      {rendered.commands.map((command) => (
        <section key={command} className="recipe-block">
          <div className="recipe-block-head">
            <span className="muted small">$</span>
            <CopyButton text={command} label="command" />
          </div>
          <AnnotatedCode text={command} values={rendered.values} recipe={recipe} />
        </section>
      ))}
      {rendered.notes.length > 0 && (
        <ul className="recipe-notes muted small">
          {rendered.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
