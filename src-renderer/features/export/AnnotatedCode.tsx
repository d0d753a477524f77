import type { Recipe, RenderedValue } from '../../../src-shared/contract/recipe';
import { annotateNumbers } from '../../../src-shared/domain/recipe/annotateNumbers';
import { describeSource } from '../../../src-shared/domain/report/describeSource';
import { SETTING_LABELS } from '../../../src-shared/domain/report/reportSummary';

/** A code block whose numbers show where they came from on hover. */
export function AnnotatedCode({ text, values, recipe }: { text: string; values: RenderedValue[]; recipe: Recipe }) {
  return (
    <pre className="annotated">
      <code>
        {annotateNumbers(text, values).map((segment, i) =>
          segment.value ? (
            <span key={i} className={`src src-${kindOf(segment.value, recipe)}`} title={valueTitle(segment.value, recipe)} data-keys={segment.value.keys.join(' ')}>
              {segment.text}
            </span>
          ) : (
            segment.text
          ),
        )}
      </code>
    </pre>
  );
}

function kindOf(value: RenderedValue, recipe: Recipe): string {
  const kinds = new Set(value.keys.map((k) => recipe.sources[k]?.kind ?? 'default'));
  if (kinds.size === 0) return 'fixed';
  return kinds.size === 1 ? [...kinds][0]! : 'mixed';
}

export function valueTitle(value: RenderedValue, recipe: Recipe): string {
  if (value.keys.length === 0) return value.note || 'fixed by Headroom';
  return [value.note, ...value.keys.map((k) => `${SETTING_LABELS[k]}: ${describeSource(recipe.sources[k])}`)].filter(Boolean).join('\n');
}
