import { describe, expect, it } from 'vitest';
import { diagnoseLog } from '../../src-shared/knowledge/diagnoseLog';
import { unescapeLog } from '../../src-shared/knowledge/unescapeLog';
import { knowledgeBase, KV_OOM_LOG } from './knowledgeFixtures';

describe('unescapeLog', () => {
  it('reads back a log pasted as a JSON string: breaks, tabs, quotes, and an escaped backslash stays one', () => {
    const log = 'load_tensors: offloaded 33/33 layers to GPU\n\tpath "C:\\new\\models"\nCUDA error: out of memory\ncurrent device: 0';
    const pasted = JSON.stringify({ error: log });
    expect(unescapeLog(pasted)).toBe(`{"error":"${log}"}`);
  });

  it('leaves a plain log, JSON-lines records and a line with a Windows path alone', () => {
    expect(unescapeLog(KV_OOM_LOG)).toBe(KV_OOM_LOG);
    const records = ['{"log":"llama_model_load: error\\n","stream":"stderr"}', '{"log":"ggml_cuda_init: found 1 CUDA devices\\n","stream":"stderr"}', '{"log":"done\\n","stream":"stderr"}'].join('\n');
    expect(unescapeLog(records)).toBe(records);
    const path = 'error: C:\\Users\\nick\\node_modules\\nvidia\\nsight failed';
    expect(unescapeLog(path)).toBe(path);
  });

  it('diagnoses a log pasted as a JSON string as it diagnoses the log, with the same evidence lines', () => {
    const plain = diagnoseLog(knowledgeBase(), { text: KV_OOM_LOG });
    const escaped = diagnoseLog(knowledgeBase(), { text: JSON.stringify(KV_OOM_LOG) });
    expect(escaped.category).toBe(plain.category);
    expect(escaped.extracted.contextSize).toBe(plain.extracted.contextSize);
    expect(escaped.lines).toBe(plain.lines);
    expect(escaped.matches[0]!.evidence.map((e) => e.line)).toEqual(plain.matches[0]!.evidence.map((e) => e.line));
  });
});
