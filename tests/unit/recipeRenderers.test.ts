import { describe, expect, it } from 'vitest';
import type { RenderedRecipe } from '../../src-shared/contract/recipe';
import { RUNTIME_ORDER, renderRecipe } from '../../src-shared/domain/recipe/renderRecipe';
import { recipeCases } from './recipeFixtures';

// Golden files: tests/unit/recipeGolden/<case>/<runtime>.txt hold each renderer's whole output.
// They were read line by line against /work/research/runtimes.md; a change to a renderer shows
// up as a diff there.

function asText(r: RenderedRecipe): string {
  return [
    ...r.files.flatMap((f) => [`=== file ${f.name} (${f.language})`, f.content.trimEnd()]),
    '=== commands',
    ...r.commands,
    '=== warnings',
    ...r.warnings,
    '=== notes',
    ...r.notes,
    '',
  ].join('\n');
}

describe('recipe renderers, golden output', () => {
  for (const [name, recipe] of Object.entries(recipeCases)) {
    for (const runtime of RUNTIME_ORDER) {
      it(`${name} → ${runtime}`, async () => {
        await expect(asText(renderRecipe(recipe, runtime))).toMatchFileSnapshot(`./recipeGolden/${name}/${runtime}.txt`);
      });
    }
  }
});
