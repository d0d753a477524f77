import { describe, expect, it } from 'vitest';
import { buildScanIndex, MAX_SEGMENT, scanText, type LineRule } from '../../src-shared/knowledge/scanText';

const rules: LineRule[] = [
  { regex: /out of memory/i, anchors: ['out of memory'] },
  { regex: /n_ctx\s*=\s*(\d+)/i, anchors: ['n_ctx'] },
  { regex: /runtime: (\w+)/i, anchors: ['runtime: '] },
];

/** Every (rule, line, matched text) the scan reports; rule 2 retires after its first match. */
function scan(text: string): string[] {
  const seen: string[] = [];
  scanText(text, buildScanIndex(rules), (rule, match, line) => {
    seen.push(`${rule}@${line}:${match[0]}`);
    return rule === 2;
  });
  return seen;
}

describe('scanText', () => {
  it('reports the same matches whether lines repeat verbatim or differ in their numbers', () => {
    const lines = ['runtime: llama', 'n_ctx = 4096', 'idle', 'CUDA out of memory', 'request done'];
    const verbatim = Array.from({ length: 30_000 }, (_, i) => lines[i % lines.length]!).join('\n');
    const varied = Array.from({ length: 30_000 }, (_, i) => `${lines[i % lines.length]!} ${i}`).join('\n');
    const a = scan(verbatim);
    const b = scan(varied);
    expect(a.length).toBe(1 + 6_000 + 6_000);
    expect(b).toEqual(a);
  });

  it('reads a long line in windows around live anchors, also after rules retired', () => {
    const filler = 'x'.repeat(MAX_SEGMENT);
    const text = ['runtime: llama', `${filler} runtime: other ${filler} n_ctx = 512 ${filler} out of memory`, 'runtime: again'].join('\n');
    expect(scan(text)).toEqual(['2@1:runtime: llama', '1@2:n_ctx = 512', '0@2:out of memory']);
  });
});
