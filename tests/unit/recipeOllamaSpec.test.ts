import { describe, expect, it } from 'vitest';
import {
  OLLAMA_ACCEPTED_INSTRUCTIONS,
  OLLAMA_ACCEPTED_PARAMETERS,
  OLLAMA_DEPRECATED_PARAMETERS,
  validateModelfile,
} from '../../src-shared/domain/recipe/ollamaModelfileSpec';
import { renderOllama } from '../../src-shared/domain/recipe/renderOllama';
import { recipeCases } from './recipeFixtures';

describe('Ollama Modelfile check', () => {
  it('lists what ollama/ollama accepts (parser/parser.go, api/types.go)', () => {
    expect(OLLAMA_ACCEPTED_INSTRUCTIONS).toEqual(['FROM', 'PARAMETER', 'TEMPLATE', 'SYSTEM', 'ADAPTER', 'LICENSE', 'MESSAGE', 'REQUIRES', 'DRAFT', 'RENDERER', 'PARSER']);
    expect([...OLLAMA_ACCEPTED_PARAMETERS].sort()).toEqual(
      ['draft_num_predict', 'frequency_penalty', 'main_gpu', 'min_p', 'num_batch', 'num_ctx', 'num_gpu', 'num_keep', 'num_predict', 'num_thread', 'presence_penalty', 'repeat_last_n', 'repeat_penalty', 'seed', 'stop', 'temperature', 'top_k', 'top_p', 'typical_p', 'use_mmap'].sort(),
    );
    expect(OLLAMA_DEPRECATED_PARAMETERS).toContain('use_mlock');
  });

  it('every rendered Modelfile passes', () => {
    for (const recipe of Object.values(recipeCases)) expect(validateModelfile(renderOllama(recipe).files[0]!.content)).toEqual([]);
  });

  it('catches what Ollama would refuse or drop', () => {
    const problems = validateModelfile(
      ['PARAMETER num_ctx 4096', 'PARAMETER flash_attention true', 'PARAMETER use_mlock true', 'PARAMETER num_gpu all', 'PARAMETER temperature warm', 'DRAFT ./d.gguf', 'KV_CACHE q8_0', 'TEMPLATE """{{ .Prompt }}', 'PARAMETER inside_template 1', '"""'].join('\n'),
    ).map((p) => `${p.line}: ${p.problem}`);
    expect(problems).toEqual([
      '2: unknown parameter "flash_attention"',
      '3: parameter "use_mlock" is deprecated and dropped',
      '4: parameter "num_gpu" needs an integer, got "all"',
      '5: parameter "temperature" needs a number, got "warm"',
      '6: "DRAFT" is accepted by the parser but not documented',
      '7: unknown instruction "KV_CACHE"',
      '0: no FROM instruction (it is required)',
    ]);
  });
});
