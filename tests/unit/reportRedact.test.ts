import { checkSync } from 'recheck';
import { describe, expect, it } from 'vitest';
import { redactDeep, redactText, SECRET_PATTERNS } from '../../src-shared/domain/report/redact';

describe('report redaction', () => {
  it('turns home folders into ~ on every OS, and only at a path boundary', () => {
    expect(redactText('-m /home/alice/models/x.gguf', ['/home/alice'])).toBe('-m ~/models/x.gguf');
    expect(redactText('/Users/bob/Library/x and C:\\Users\\Carol\\m.gguf')).toBe('~/Library/x and ~\\m.gguf');
    expect(redactText('/root/m.gguf /rootfs/x', ['/root'])).toBe('~/m.gguf /rootfs/x');
    expect(redactText("FROM '/srv/me/My Models/q.gguf'", ['/srv/me/'])).toBe("FROM '~/My Models/q.gguf'");
  });

  it('replaces credential-shaped strings', () => {
    const text = [
      'HF_TOKEN=hf_abcdefghijklmnopqrstuvwx12',
      'Authorization: Bearer abc.def-ghi_jkl',
      'http://127.0.0.1:5000/?token=s3cr3tvalue&x=1',
      'OPENAI_API_KEY="sk-proj-0123456789abcdef"',
      'ghp_0123456789abcdefghijABCDEFGHIJ',
      'password: hunter22',
    ].join('\n');
    const out = redactText(text);
    expect(out).not.toMatch(/hf_abc|abc\.def|s3cr3t|0123456789abcdef|ghp_0|hunter22/);
    expect(out).toBe(['HF_TOKEN=[redacted]', 'Authorization: Bearer [redacted]', 'http://127.0.0.1:5000/?token=[redacted]&x=1', 'OPENAI_API_KEY="[redacted]"', '[redacted]', 'password: [redacted]'].join('\n'));
  });

  it('leaves ordinary settings alone', () => {
    const text = 'llama-server -m /models/q.gguf -c 4096 -np 1 -ctk q8_0 --port 8080 num_ctx 4096 max_tokens: 5';
    expect(redactText(text, ['/home/alice'])).toBe(text);
  });

  it('walks values, keeping keys', () => {
    expect(redactDeep({ path: '/home/al/x', list: ['token=abcdef12'], n: 3, nil: null }, [])).toEqual({ path: '~/x', list: ['token=[redacted]'], n: 3, nil: null });
  });

  it('every pattern is safe from catastrophic backtracking (recheck)', () => {
    for (const { pattern } of SECRET_PATTERNS) expect(checkSync(pattern.source, pattern.flags).status, pattern.source).toBe('safe');
  });
});
