import type { CompiledKnowledgeBase } from '../../src-shared/knowledge/compileKnowledgeBase';
import { diagnoseLog } from '../../src-shared/knowledge/diagnoseLog';
import type { LogFixture } from '../unit/knowledgeFixtures';

// The rewording probe: how much of a diagnosis hangs on one release's wording. Each transformation
// rewrites whole logs the way another runtime, version, platform or log collector writes the same facts
// (one line each on where). A log the knowledge base got right that a transformation makes it get wrong
// is a flip: the recogniser leaned on a wording, not on what happened. Deterministic, DEV split only
// (the caller passes dev fixtures; the test split is never read here).

export interface Rewording {
  name: string;
  /** Where such wording occurs. */
  where: string;
  apply: (text: string) => string;
}

/** "N.NN MiB" read as a number of MiB, for conversions to other units. */
const mib = (s: string) => Number.parseFloat(s);
/** An identifier that ends a llama.cpp line prefix ("load_tensors: ", "llama_kv_cache_init: "): a C function name. */
const FUNCTION_PREFIX = /^([^\S\n]*(?:\d[\d.:]* [IWEDT] )?)[a-z][a-z0-9]*_[a-z0-9_]*: /gm;

export const REWORDINGS: Rewording[] = [
  {
    name: 'dropFunctionPrefix',
    where: "wrappers that forward llama.cpp's messages without the C function name (LM Studio, node-llama-cpp, log redirects)",
    apply: (t) => t.replace(FUNCTION_PREFIX, '$1'),
  },
  { name: 'vramToGpuMemory', where: 'Ollama and LM Studio say "GPU memory" where llama.cpp users say VRAM', apply: (t) => t.replace(/\bVRAM\b/g, 'GPU memory') },
  { name: 'gpuMemoryToVram', where: 'UIs and users say VRAM for "GPU memory" / "device memory"', apply: (t) => t.replace(/\b(?:GPU|device) memory\b/gi, 'VRAM') },
  { name: 'gpuMemoryToVideoMemory', where: 'Windows (Task Manager, DirectML) says "video memory" / "dedicated GPU memory"', apply: (t) => t.replace(/\b(?:GPU memory|VRAM)\b/gi, 'video memory') },
  { name: 'outOfMemoryToOom', where: 'kernels, PyTorch wrappers and Go runtimes abbreviate "out of memory" as OOM', apply: (t) => t.replace(/\bout of memory\b/gi, 'OOM') },
  { name: 'outOfMemoryToInsufficient', where: 'Vulkan/SYCL drivers and LM Studio say "insufficient memory" / "not enough memory"', apply: (t) => t.replace(/\bout of memory\b/gi, 'insufficient memory') },
  { name: 'outOfMemoryToRanOut', where: 'messages in plain words ("ran out of memory") from Python servers and UIs', apply: (t) => t.replace(/\bout of memory\b/gi, 'ran out of memory') },
  { name: 'mibToMb', where: 'Windows tools, nvidia-smi and LM Studio print MB where ggml prints MiB', apply: (t) => t.replace(/(\d) ?MiB\b/g, '$1 MB') },
  { name: 'mibToGib', where: 'Ollama and vLLM print sizes in GiB', apply: (t) => t.replace(/(\d+(?:\.\d+)?) ?MiB\b/g, (_m, n: string) => `${(mib(n) / 1024).toFixed(2)} GiB`) },
  { name: 'integerSizes', where: 'older and newer ggml builds print sizes with or without decimals ("%.2f MiB" vs "%d MB")', apply: (t) => t.replace(/(\d+)\.\d+( ?[KMG]i?B)\b/g, '$1$2') },
  { name: 'tokensPerSecondToTokS', where: 'llama-bench, LM Studio and forum posts write tok/s, t/s, tokens/s or "tokens per second"', apply: (t) => t.replace(/tokens per second/gi, 'tok/s').replace(/\bt\/s\b/g, 'tokens/s') },
  { name: 'britishSpelling', where: 'users and some runtimes write initialise, utilisation, optimise (words, not identifiers)', apply: (t) => t.replace(/\b(initiali|utili|optimi|recogni|seriali)z(e|ed|es|ing|ation|ations)\b/gi, '$1s$2') },
  { name: 'upperCase', where: 'log viewers and some Windows tools shout a line in capitals', apply: (t) => t.toUpperCase() },
  { name: 'lowerCase', where: 'lower-cased copies (chat apps, search indexes)', apply: (t) => t.toLowerCase() },
  { name: 'windowsPaths', where: 'the same runtimes on Windows print C:\\Users\\… file paths (URLs keep their slashes)', apply: (t) => t.replace(/(^|[\s"'(=])\/((?:home|usr|opt|root|tmp|mnt|data|Users|var|app|workspace|models|srv)\/(?:[\w.-]+\/)*[\w.-]+)/gm, (_m, pre: string, p: string) => `${pre}C:\\${p.replace(/\//g, '\\')}`) },
  { name: 'crlf', where: 'logs pasted from Windows terminals keep CRLF line ends', apply: (t) => t.replace(/\r?\n/g, '\r\n') },
  { name: 'isoTimestamp', where: 'docker logs -t, Kubernetes and journald exports put an ISO timestamp in front', apply: (t) => t.replace(/^/gm, '2025-03-14T09:26:53.589Z ') },
  { name: 'syslogPrefix', where: 'journalctl prints "Mar 14 09:26:53 host unit[pid]: " in front', apply: (t) => t.replace(/^/gm, 'Mar 14 09:26:53 gpu-box ollama[2187]: ') },
  { name: 'bracketTime', where: 'UIs (LM Studio, text-generation-webui) print "[09:26:53] " in front', apply: (t) => t.replace(/^/gm, '[09:26:53] ') },
  { name: 'llamaLogPrefix', where: "llama.cpp's common logger with timestamps and levels (-lv, llama-server) prints \"0.01.234.567 I \" in front", apply: (t) => t.replace(/^/gm, '0.01.234.567 I ') },
  { name: 'keyEqualsToColon', where: "llama.cpp's print_info and other runtimes print \"key: value\" where older builds print \"key = value\"", apply: (t) => t.replace(/(\w) +=(?: +|(?=\d))/g, '$1: ') },
  { name: 'kvCacheHyphen', where: 'prose, vLLM and SGLang write "KV-cache" or "kv cache" for "KV cache"', apply: (t) => t.replace(/\bKV cache\b/g, 'KV-cache') },
  { name: 'secondDevice', where: 'the same failure on a second GPU (CUDA1, device 1)', apply: (t) => t.replace(/\b(CUDA|ROCm|Vulkan|SYCL|HIP)0\b/g, '$11').replace(/\bdevice 0\b/g, 'device 1') },
  { name: 'layersSingular', where: 'versions that print "layer(s)" or a singular count', apply: (t) => t.replace(/(\d) layers\b/g, '$1 layer(s)') },
];

/** A rewording that makes the input unreadable as a log (an upper-cased "gguf" start) reads as `unknown`. */
function categoryOf(kb: CompiledKnowledgeBase, text: string): string {
  try {
    return diagnoseLog(kb, { text }).category;
  } catch {
    return 'unknown';
  }
}

export interface ProbeRow {
  name: string;
  where: string;
  /** Logs the transformation changed. */
  changed: number;
  /** Of those, right before (families alone / full KB). */
  rightFamilies: number;
  rightFull: number;
  flipsFamilies: string[];
  flipsFull: string[];
}

/**
 * Runs each rewording over the given (dev) logs with both knowledge bases; only logs a rewording changes
 * are diagnosed again.
 */
export function rewordingProbe(
  fixtures: LogFixture[],
  read: (file: string) => string,
  kbs: { families: CompiledKnowledgeBase; full: CompiledKnowledgeBase },
  only?: string[],
): ProbeRow[] {
  const logs = fixtures.map((f) => ({ f, text: read(f.file) }));
  const right = (kb: CompiledKnowledgeBase, f: LogFixture, text: string) => categoryOf(kb, text) === f.category;
  const before = logs.map(({ f, text }) => ({ fam: right(kbs.families, f, text), full: right(kbs.full, f, text) }));
  const rows: ProbeRow[] = [];
  for (const r of REWORDINGS.filter((x) => !only?.length || only.includes(x.name))) {
    const row: ProbeRow = { name: r.name, where: r.where, changed: 0, rightFamilies: 0, rightFull: 0, flipsFamilies: [], flipsFull: [] };
    logs.forEach(({ f, text }, i) => {
      const after = r.apply(text);
      if (after === text) return;
      row.changed++;
      const was = before[i]!;
      if (was.fam) {
        row.rightFamilies++;
        if (!right(kbs.families, f, after)) row.flipsFamilies.push(f.file);
      }
      if (was.full) {
        row.rightFull++;
        if (!right(kbs.full, f, after)) row.flipsFull.push(f.file);
      }
    });
    rows.push(row);
  }
  return rows;
}

export function formatProbe(rows: ProbeRow[], list: boolean): string {
  const out = ['rewording probe (dev split): changed logs, right before (families / full KB), flips (families / full KB)'];
  for (const r of rows) {
    out.push(`  ${r.name.padEnd(26)} changed ${String(r.changed).padStart(4)}  right ${String(r.rightFamilies).padStart(4)} / ${String(r.rightFull).padStart(4)}  flips ${String(r.flipsFamilies.length).padStart(3)} / ${String(r.flipsFull.length).padStart(3)}   (${r.where})`);
    if (list) {
      for (const f of r.flipsFamilies) out.push(`    FAMILY FLIP ${r.name} ${f}`);
      for (const f of r.flipsFull) out.push(`    FULL FLIP ${r.name} ${f}`);
    }
  }
  const total = rows.reduce((s, r) => [s[0]! + r.flipsFamilies.length, s[1]! + r.flipsFull.length], [0, 0]);
  out.push(`  total flips: families ${total[0]}, full KB ${total[1]}`);
  return out.join('\n');
}
