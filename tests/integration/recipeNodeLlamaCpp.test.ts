import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ProbeRecordSchema, type StepResult } from '../../src-shared/contract/probe';
import { buildRecipeFromProbe } from '../../src-shared/domain/recipe/buildRecipeFromProbe';
import { recipeModelFromProbe } from '../../src-shared/domain/recipe/recipeModel';
import { renderNodeLlamaCpp } from '../../src-shared/domain/recipe/renderNodeLlamaCpp';
import { RESULTS, ROOT } from '../support/paths';
import { tinyModel } from '../support/tinyModel';
import { recipeCases } from '../unit/recipeFixtures';

// The node-llama-cpp snippet is checked by the TypeScript compiler against the installed
// node-llama-cpp 3.22.1 types, and the one from a real CPU probe runs for real.

const DIR = join(RESULTS, 'node-llama-cpp-snippets');

function typeErrors(files: string[]): string[] {
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.ESNext,
    target: ts.ScriptTarget.ES2022,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('the node-llama-cpp recipe', () => {
  it('type-checks against the installed node-llama-cpp for every golden case', () => {
    mkdirSync(DIR, { recursive: true });
    const files = Object.entries(recipeCases).map(([name, recipe]) => {
      const path = join(DIR, `${name}.mts`);
      writeFileSync(path, renderNodeLlamaCpp(recipe).files[0]!.content);
      return path;
    });
    expect(typeErrors(files)).toEqual([]);
    // The check can fail: a misspelt option is an error.
    const wrong = join(DIR, 'misspelt.mts');
    writeFileSync(wrong, readFileSync(files[0]!, 'utf8').replace('experimentalKvCacheKeyType', 'kvCacheKeyType'));
    expect(typeErrors([wrong]).join('\n')).toMatch(/kvCacheKeyType/);
  });

  it('the recipe of a real CPU probe creates the context it names', async () => {
    const lines = readFileSync(join(ROOT, 'tests', 'fixtures', 'probes', 'grid-cpu-tiny.jsonl'), 'utf8').trim().split('\n').map((l) => ProbeRecordSchema.parse(JSON.parse(l)));
    const header = lines[0]!.type === 'header' ? lines[0]! : undefined;
    const steps = lines.flatMap((r) => (r.type === 'step' ? [(({ type: _t, ...s }) => s as StepResult)(r)] : []));
    const model = { ...recipeModelFromProbe(header!.model, null), path: await tinyModel() };
    const recipe = buildRecipeFromProbe({ header: header!, steps, model });
    const code = renderNodeLlamaCpp(recipe).files[0]!.content;
    mkdirSync(DIR, { recursive: true });
    const file = join(DIR, 'grid-cpu-tiny.mjs');
    writeFileSync(file, `${ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText}\nprocess.exit(0);\n`);
    const output = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, [file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('close', (c) => resolve({ code: c, out }));
    });
    expect(output.code, output.out).toBe(0);
    expect(output.out).toContain(`context: ${recipe.settings.contextSize} tokens`);
  });
});
