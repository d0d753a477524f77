import { describe, expect, it } from 'vitest';
import { auditRuntime } from '../../src-shared/domain/audit/auditFindings';
import { KNOWN_VERSION_ISSUE } from '../../src-shared/domain/audit/knowledgeFindings';
import { EMPTY_SETTINGS, type LiveFacts } from '../../src-shared/domain/audit/LiveFacts';
import { compileKnowledgeBase } from '../../src-shared/knowledge/compileKnowledgeBase';
import { diagnoseLog } from '../../src-shared/knowledge/diagnoseLog';
import { KnowledgeEntrySchema } from '../../src-shared/knowledge/KnowledgeEntry';
import { parseRuntimeVersion, versionInRange } from '../../src-shared/knowledge/versionRange';
import { knowledgeBase, KV_OOM_LOG } from './knowledgeFixtures';

// One engine for logs and live runtimes: the audit's findings are knowledge-base entries whose live
// conditions hold, and entries name the runtime versions with a known issue.

const entries = () => knowledgeBase().entries;
const ctx = { promptTokens: null, verified: null, hasGpu: null };

function server(version: string | null, settings: Partial<LiveFacts['settings']> = {}): LiveFacts {
  return {
    kind: 'llama-server', url: 'http://127.0.0.1:8080', version, settings: { ...EMPTY_SETTINGS, contextSize: 4096, slots: 1, perSlotContext: 4096, ...settings }, settingSources: {},
    models: [{ name: 'm.gguf', path: null, contextSize: 4096, trainedContext: null, layers: null, sizeBytes: null, vramBytes: null, cpuShare: null }],
    slots: null, metrics: null, geometry: null, configuredContext: null, commandLine: ['llama-server', '-m', 'm.gguf', '-c', '4096'], logFile: null, logOffload: null, endpoints: [],
  };
}

describe('version ranges', () => {
  it('reads each runtime\'s version forms', () => {
    expect(parseRuntimeVersion('ollama', '0.12.6')).toEqual({ parts: [0, 12, 6], prerelease: false });
    expect(parseRuntimeVersion('ollama', '0.5.0-rc1')).toEqual({ parts: [0, 5, 0], prerelease: true });
    expect(parseRuntimeVersion('vllm', '0.6.3.post1')).toEqual({ parts: [0, 6, 3], prerelease: false });
    expect(parseRuntimeVersion('llama-server', 'b7380-7bed317')).toEqual({ parts: [7380], prerelease: false });
    expect(parseRuntimeVersion('llama-server', 'version: 9118 (706fbd8ab)')).toEqual({ parts: [9118], prerelease: false });
    expect(parseRuntimeVersion('llama-server', '0.1.2-dev (build 10509, commit fe8156f78)')).toEqual({ parts: [10509], prerelease: false });
    // The llama.cpp node-llama-cpp bundles, built from a clone without history: no release to compare.
    expect(parseRuntimeVersion('llama-server', 'b1-de3ff81')).toBeNull();
    expect(parseRuntimeVersion('ollama', 'unknown')).toBeNull();
  });

  it('matches comparators, alternatives and pre-releases', () => {
    expect(versionInRange('llama-server', 'b7380-abc', '>=b7371 <b7394')).toBe(true);
    expect(versionInRange('llama-server', 'b7370-abc', '>=b7371 <b7394')).toBe(false);
    expect(versionInRange('llama-server', 'b7394-abc', '>=b7371 <b7394')).toBe(false);
    expect(versionInRange('ollama', '0.31.2', '0.31.2')).toBe(true);
    expect(versionInRange('ollama', '0.31.10', '0.31.2')).toBe(false);
    expect(versionInRange('ollama', '0.5.0-rc1', '<0.5.0')).toBe(true);
    expect(versionInRange('ollama', '0.6.1', '<0.5.0 || 0.6.1')).toBe(true);
    expect(versionInRange('vllm', '0.6.3.post1', '>=0.6.3 <0.6.4')).toBe(true);
  });

  it('an entry with a range that is not one, or a build number for Ollama, is refused with the reason', () => {
    const base = { id: 'x-issue', title: 'A known issue of a version', category: 'unknown', runtimes: ['ollama'], backends: ['cpu'], cause: 'A cause long enough to pass.', fixes: [{ title: 'Upgrade it', change: { action: 'upgrade' }, commands: {} }], references: ['ollama/ollama#1'] };
    expect(KnowledgeEntrySchema.safeParse({ ...base, versions: { ollama: '<0.5.0' } }).success).toBe(true);
    const bad = KnowledgeEntrySchema.safeParse({ ...base, versions: { ollama: '>=b7371' } });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]).toMatchObject({ path: ['versions', 'ollama'], message: '">=b7371" in ">=b7371" is not a version (1.2.3)' });
    expect(KnowledgeEntrySchema.safeParse({ ...base, versions: { 'llama-server': '<7394' } }).success).toBe(false);
  });
});

describe('known issues of a runtime version', () => {
  it('a llama-server build in b7371–b7393 raises the gpt-oss regression, with its threads as evidence and the upgrade as the fix', () => {
    const audit = auditRuntime(server('b7380-7bed317'), ctx, entries());
    const known = audit.findings.filter((f) => f.id === KNOWN_VERSION_ISSUE);
    expect(known.map((f) => f.knowledgeEntry)).toEqual(['llama-cpp-b7371-gpt-oss-tool-use-regression']);
    const f = known[0]!;
    expect(f.severity).toBe('warning');
    expect(f.message).toMatch(/^llama-server b7380-7bed317 has a known issue: llama\.cpp builds b7371 to b7393 degrade gpt-oss/);
    expect(f.evidence).toEqual([
      { source: 'GET /props build_info', field: 'version', value: 'b7380-7bed317' },
      { source: 'knowledge base llama-cpp-b7371-gpt-oss-tool-use-regression', field: 'llama-server versions with the issue', value: '>=b7371 <b7394' },
      { source: 'reported in', field: 'thread', value: 'ggml-org/llama.cpp#18004' },
      { source: 'reported in', field: 'thread', value: 'lmstudio-ai/lmstudio-bug-tracker#1308' },
    ]);
    expect(f.fix.title).toContain('b7394 or later');
    expect(f.fix.line).toContain('from b7394 on');
    // An upgrade changes no flag: no corrected command line.
    expect(f.fix.command).toBeNull();
  });

  it('the builds either side of the range, and a build without history, raise nothing', () => {
    for (const version of ['b7370-abc', 'b7394-abc', 'b1-de3ff81', null]) {
      expect(auditRuntime(server(version), ctx, entries()).findings.some((f) => f.id === KNOWN_VERSION_ISSUE), String(version)).toBe(false);
    }
  });

  it('Ollama 0.31.2 with a vision model raises the estimate regression; 0.31.1, 0.31.3, a text-only model or one whose capabilities are unknown do not', () => {
    const ollama = (version: string, capabilities?: string[]): LiveFacts => ({ ...server(version), kind: 'ollama', commandLine: null, ...(capabilities ? { capabilities } : {}) });
    const known = (facts: LiveFacts) => auditRuntime(facts, ctx, entries()).findings.filter((x) => x.id === KNOWN_VERSION_ISSUE);
    const f = known(ollama('0.31.2', ['completion', 'vision']))[0]!;
    expect(f.knowledgeEntry).toBe('ollama-0-31-2-vision-memory-estimate');
    expect(f.evidence[0]).toEqual({ source: 'GET /api/version', field: 'version', value: '0.31.2' });
    expect(f.evidence).toContainEqual({ source: 'POST /api/show capabilities', field: 'capabilities', value: 'completion, vision' });
    expect(f.evidence).toContainEqual({ source: 'reported in', field: 'thread', value: 'ollama/ollama#17099' });
    expect(f.fix.line).toBe('curl -fsSL https://ollama.com/install.sh | OLLAMA_VERSION=0.31.1 sh');
    for (const v of ['0.31.1', '0.31.3']) expect(known(ollama(v, ['completion', 'vision']))).toEqual([]);
    expect(known(ollama('0.31.2', ['completion', 'tools']))).toEqual([]);
    expect(known(ollama('0.31.2'))).toEqual([]);
  });
});

describe('a vLLM version with a known issue for one model family', () => {
  const vllm = (version: string, model: string): LiveFacts => ({ ...server(version), kind: 'vllm', commandLine: null, models: [{ ...server(null).models[0]!, name: model }] });
  const known = (facts: LiveFacts) => auditRuntime(facts, ctx, entries()).findings.filter((x) => x.id === KNOWN_VERSION_ISSUE);

  it('vLLM 0.20.x serving Gemma 4 raises the KV cache sizing issue (vllm-project/vllm#43308); 0.21.0, or another model, does not', () => {
    const f = known(vllm('0.20.1', 'cyankiwi/gemma-4-31B-it-AWQ-4bit'))[0]!;
    expect(f.knowledgeEntry).toBe('vllm-0-20-gemma-4-kv-cache-capacity');
    expect(f.evidence).toContainEqual({ source: 'GET /v1/models', field: 'model', value: 'cyankiwi/gemma-4-31B-it-AWQ-4bit' });
    expect(f.evidence).toContainEqual({ source: 'reported in', field: 'thread', value: 'vllm-project/vllm#43308' });
    expect(f.fix.line).toBe("pip install -U 'vllm>=0.21.0'");
    expect(known(vllm('0.21.0', 'google/gemma-4-31b-it'))).toEqual([]);
    expect(known(vllm('0.20.0', 'meta-llama/Meta-Llama-3.1-8B-Instruct'))).toEqual([]);
  });
});

describe('live conditions and logs', () => {
  it('an entry\'s live conditions never hold on a log, so adding them leaves a diagnosis as it was', () => {
    const raw = (extra: object) => ({
      id: 'test-kv', title: 'A KV cache that does not fit', category: 'gpu_oom_kv_cache', runtimes: ['llama.cpp'], backends: ['cuda'],
      signatures: [{ pattern: 'failed to allocate buffer for kv cache', weight: 8 }], cause: 'The KV cache needs more memory than is free.',
      fixes: [{ title: 'Halve the context', change: { contextSize: 4096 }, commands: {} }], references: ['ggml-org/llama.cpp#1'], ...extra,
    });
    const live = { conditions: [{ kind: 'live', fact: 'contextSize', op: 'gt', value: 1, weight: 10, note: 'Any live context.' }] };
    const rule = { audit: [{ finding: 'test_finding', runtimes: ['llama-server'], when: [{ kind: 'live', fact: 'contextSize', op: 'present', weight: 1, note: 'n' }], severity: 'info', write: 'perSlotDivision' }] };
    const plain = diagnoseLog(compileKnowledgeBase([{ source: 'a.json', data: raw({}) }]), { text: KV_OOM_LOG });
    const withLive = diagnoseLog(compileKnowledgeBase([{ source: 'a.json', data: raw({ ...live, ...rule }) }]), { text: KV_OOM_LOG });
    expect({ ...withLive, durationMs: 0 }).toEqual({ ...plain, durationMs: 0 });
    expect(plain.matches[0]!.score).toBe(8);
    // An entry with live conditions only never matches a log.
    const liveOnly = diagnoseLog(compileKnowledgeBase([{ source: 'a.json', data: raw({ signatures: [], ...live }) }]), { text: KV_OOM_LOG });
    expect(liveOnly.matches).toEqual([]);
  });

  it('every audit rule of the knowledge base names a writer, runtimes and conditions; every finding it raises names its entry', () => {
    const rules = entries().flatMap((e) => (e.audit ?? []).map((r) => ({ entry: e.id, ...r })));
    expect(new Set(rules.map((r) => r.finding))).toEqual(new Set(['per_slot_division', 'context_below_prompts', 'context_small_default', 'cpu_spill', 'context_above_verified', 'kv_cache_pressure', 'kv_cache_defaults']));
    const audit = auditRuntime(server('b7380-x', { contextSize: 16384, slots: 4, perSlotContext: 4096 }), { ...ctx, promptTokens: 6000 }, entries());
    expect(audit.findings.map((f) => [f.id, f.severity, f.knowledgeEntry])).toEqual([
      ['context_below_prompts', 'error', 'llama-server-request-exceeds-context'],
      ['per_slot_division', 'error', 'llama-server-request-exceeds-context'],
      [KNOWN_VERSION_ISSUE, 'warning', 'llama-cpp-b7371-gpt-oss-tool-use-regression'],
    ]);
  });
});
