import { describe, expect, it } from 'vitest';
import { filesForQuant, looksRemote, parseRemoteRef, splitUrls } from '../../src-shared/domain/whatif/parseRemoteRef';
import { proxyFor } from '../../src-main/models/remote/proxyFor';

describe('remote model references', () => {
  it('reads the three forms people write, and leaves paths alone', () => {
    expect(parseRemoteRef('hf:bartowski/Qwen2.5-7B-Instruct-GGUF/Qwen2.5-7B-Instruct-Q4_K_M.gguf')).toEqual({ kind: 'hfFile', repo: 'bartowski/Qwen2.5-7B-Instruct-GGUF', revision: 'main', file: 'Qwen2.5-7B-Instruct-Q4_K_M.gguf' });
    expect(parseRemoteRef('hf:org/repo@v1.0/sub/dir/m.gguf')).toEqual({ kind: 'hfFile', repo: 'org/repo', revision: 'v1.0', file: 'sub/dir/m.gguf' });
    expect(parseRemoteRef('unsloth/gemma-3-4b-it-GGUF:Q8_0')).toEqual({ kind: 'hfQuant', repo: 'unsloth/gemma-3-4b-it-GGUF', revision: 'main', quant: 'Q8_0' });
    expect(parseRemoteRef('hf.co/unsloth/gemma-3-4b-it-GGUF')).toMatchObject({ kind: 'hfQuant', quant: 'Q4_K_M' });
    expect(parseRemoteRef('https://example.org/m.gguf?download=1')).toEqual({ kind: 'url', url: 'https://example.org/m.gguf?download=1' });
    expect(parseRemoteRef('hf:')).toBeNull();
    expect(parseRemoteRef('models/m.gguf')).toBeNull();
    expect(looksRemote('owner/repo:Q4_K_M')).toBe(true);
    expect(looksRemote('hf:x')).toBe(true);
    expect(looksRemote('./models/m.gguf')).toBe(false);
    expect(looksRemote('/abs/m.gguf')).toBe(false);
    expect(looksRemote('qwen3:8b')).toBe(false);
  });

  it('picks the quant as llama.cpp -hf does: the tag standing alone, no projector, all parts of a split file', () => {
    const files = ['mmproj-m-Q4_K_M.gguf', 'm-Q4_K.gguf', 'm-Q4_K_M.gguf', 'm-IQ4_XS.gguf', 'big/m-Q8_0-00002-of-00002.gguf', 'big/m-Q8_0-00001-of-00002.gguf'];
    expect(filesForQuant(files, 'Q4_K_M')).toEqual(['m-Q4_K_M.gguf']);
    expect(filesForQuant(files, 'q4_k')).toEqual(['m-Q4_K.gguf']);
    expect(filesForQuant(files, 'Q8_0')).toEqual(['big/m-Q8_0-00001-of-00002.gguf', 'big/m-Q8_0-00002-of-00002.gguf']);
    expect(filesForQuant(files, 'Q5_K_M')).toEqual([]);
  });

  it('expands a split address into every part', () => {
    expect(splitUrls('https://h/m-00001-of-00003.gguf')).toEqual(['https://h/m-00001-of-00003.gguf', 'https://h/m-00002-of-00003.gguf', 'https://h/m-00003-of-00003.gguf']);
    expect(splitUrls('https://h/m.gguf')).toEqual(['https://h/m.gguf']);
  });

  it('reads proxies from the environment as curl does, NO_PROXY included', () => {
    const env = { HTTPS_PROXY: 'proxy.corp:3128', http_proxy: 'http://p2:80', NO_PROXY: 'localhost,.internal,10.0.0.1:8080' };
    expect(proxyFor(new URL('https://huggingface.co/x'), env)?.href).toBe('http://proxy.corp:3128/');
    expect(proxyFor(new URL('http://example.org/x'), env)?.host).toBe('p2');
    expect(proxyFor(new URL('https://hub.internal/x'), env)).toBeNull();
    expect(proxyFor(new URL('http://localhost:8080/x'), env)).toBeNull();
    expect(proxyFor(new URL('http://10.0.0.1:8080/x'), env)).toBeNull();
    expect(proxyFor(new URL('http://10.0.0.1:9090/x'), env)?.host).toBe('p2');
    expect(proxyFor(new URL('https://x.org'), {})).toBeNull();
  });
});
