import type { SpeedSample } from './Facts.js';
import type { LineSpan } from './scanText.js';
import { SpeedSummary } from './SpeedSummary.js';

/** Reading speed samples needs a little state: the depth announced before a rate, and table headers. */
export interface SpeedState {
  samples: SpeedSummary;
  /** The prompt size last announced (Ollama `--verbose`, llama.cpp timing lines). */
  depth: number;
  /** Column names of the benchmark table being read. */
  columns: string[] | null;
  /** The last line a table read reached: a header inside it was read as one of its rows. */
  tableEnd: number;
}

export const newSpeedState = (): SpeedState => ({ samples: new SpeedSummary(), depth: 0, columns: null, tableEnd: 0 });

/** A line pattern whose match adds speed samples. */
export interface SpeedExtractor {
  pattern: string;
  read(match: RegExpExecArray, line: string, lineNo: number, state: SpeedState, span: LineSpan): void;
}

const num = (s: string | undefined) => Number(s ?? NaN);
/** A rate's unit, in the words llama.cpp's releases and its wrappers print it ("tokens per second", "tokens/s", "tok/s", "t/s"). */
const PER_SECOND = '(?:tokens per second|tokens/s|toks?/s|t/s)';

function push(state: SpeedState, sample: Omit<SpeedSample, 'line'>, line: number): void {
  // The sample is a fresh literal: it takes its line in place rather than being copied.
  if (Number.isFinite(sample.depth) && Number.isFinite(sample.tokensPerSecond)) state.samples.add(Object.assign(sample, { line }));
}

/** A generation rate (group 1) at the prompt size last announced. */
const generationAtDepth: SpeedExtractor['read'] = (m, _l, n, s) => push(s, { phase: 'generation', depth: s.depth, tokensPerSecond: num(m[1]) }, n);

/** A prompt of group 1's size processed at group 2's rate: it also announces the depth later generation lines run at. */
const promptAnnouncingDepth: SpeedExtractor['read'] = (m, _l, n, s) => {
  s.depth = num(m[1]);
  push(s, { phase: 'prompt', depth: s.depth, tokensPerSecond: num(m[2]) }, n);
};

export const SPEED_EXTRACTORS: SpeedExtractor[] = [
  {
    // Ollama --verbose: "prompt eval count:    882 token(s)" … "eval rate:   36.05 tokens/s"
    pattern: 'prompt eval count:\\s+(\\d+) token',
    read: (m, _l, _n, s) => void (s.depth = num(m[1])),
  },
  {
    pattern: 'prompt eval rate:\\s+([\\d.]+) (?:tokens|toks?|t)/s',
    read: (m, _l, n, s) => push(s, { phase: 'prompt', depth: s.depth, tokensPerSecond: num(m[1]) }, n),
  },
  {
    // At the start of the line or behind a collector's prefix ("…53.589Z ", "[09:26:53] ", "unit[pid]: ", llama.cpp's
    // "0.01.234.567 I "), never "prompt eval rate".
    pattern: '(?:^|[^\\sa-z]|\\dZ|\\d [IWED])\\s*eval rate:\\s+([\\d.]+) (?:tokens|toks?|t)/s',
    read: generationAtDepth,
  },
  {
    // llama-server progress: "prompt processing, n_tokens = 104474, progress = 0.87, t = 320.39 s / 326.08 tokens per second"
    pattern: 'prompt processing, n_tokens =\\s*(\\d+), progress = [\\d.]+, t =\\s*[\\d.]+ s / ([\\d.]+) ' + PER_SECOND,
    read: (m, _l, n, s) => push(s, { phase: 'prompt', depth: num(m[1]), tokensPerSecond: num(m[2]) }, n),
  },
  {
    // llama.cpp timing lines: "prompt eval time = 927.17 ms / 49 tokens ( 18.92 ms per token, 52.85 tokens per second)"
    pattern: 'prompt eval time =\\s*[\\d.]+ ms /\\s*(\\d+) tokens \\(\\s*[\\d.]+ ms per token,\\s*([\\d.]+) ' + PER_SECOND,
    read: promptAnnouncingDepth,
  },
  {
    // Generation only: "eval time" at the start or right after the prefix, never "prompt eval time".
    pattern: '(?:^|:)\\s*eval time =\\s*[\\d.]+ ms /\\s*\\d+ (?:runs|tokens)\\s*\\(\\s*[\\d.]+ ms per token,\\s*([\\d.]+) ' + PER_SECOND,
    read: generationAtDepth,
  },
  {
    // text-generation-webui: "Output generated in 4.07 seconds (2.21 tokens/s, 9 tokens, context 1848, seed …)"
    pattern: 'Output generated in [\\d.]+ seconds \\(([\\d.]+) (?:tokens|toks?|t)/s, \\d+ tokens, context (\\d+)',
    read: (m, _l, n, s) => push(s, { phase: 'generation', depth: num(m[2]), tokensPerSecond: num(m[1]) }, n),
  },
  {
    // koboldcpp, one line a request: "CtxLimit:7980/32768, Amt:198/512, Init:0.00s, Process:10.92s (712.70T/s),
    // Generate:25.12s (7.88T/s)" (older: "Process:34.76s (3.0ms/T = 338.83T/s)"). The context used is the depth.
    pattern: 'CtxLimit: ?(\\d+)/\\d+, (?:Amt: ?\\d+/\\d+, )?(?:Init: ?[\\d.]+s, )?Process: ?[\\d.]+s \\((?:[\\d.]+ ?ms/T = )?([\\d.]+) ?T/s\\), Generate: ?[\\d.]+s \\((?:[\\d.]+ ?ms/T = )?([\\d.]+) ?T/s\\)',
    read: (m, _l, n, s) => {
      push(s, { phase: 'prompt', depth: num(m[1]), tokensPerSecond: num(m[2]) }, n);
      push(s, { phase: 'generation', depth: num(m[1]), tokensPerSecond: num(m[3]) }, n);
    },
  },
  {
    // SGLang's decode log: "#token: 62531, token usage: 0.12, gen throughput (token/s): 186.64" (tokens held in the cache).
    pattern: '#token: (\\d+), token usage: [\\d.]+, (?:cuda graph: \\w+, )?gen throughput \\(token/s\\): ([\\d.]+)',
    read: (m, _l, n, s) => push(s, { phase: 'generation', depth: num(m[1]), tokensPerSecond: num(m[2]) }, n),
  },
  {
    // mlx-lm ("Prompt: 1441 tokens, 14982.141 tokens-per-sec") and chat front-ends that print the same
    // pair in words ("Prompt processed in 0.10 seconds, 1441 tokens, 14982.14 tokens/second").
    pattern: '(?:Prompt: |Prompt processed in [\\d.]+ s(?:econds)?, )(\\d+) tokens, \\*{0,2}([\\d.]+) tokens(?:-per-sec|/s)',
    read: promptAnnouncingDepth,
  },
  {
    pattern: '(?:Generation: |(?:Response|Output|Text) generated in [\\d.]+ s(?:econds)?, )\\d+ tokens, \\*{0,2}([\\d.]+) tokens(?:-per-sec|/s)',
    read: generationAtDepth,
  },
  {
    // Ollama's API reply (and `ollama run --verbose` as JSON): counts and durations in nanoseconds.
    pattern: '"prompt_eval_count": ?(\\d+), ?"prompt_eval_duration": ?(\\d+), ?"eval_count": ?(\\d+), ?"eval_duration": ?(\\d+)',
    read: (m, _l, n, s) => {
      s.depth = num(m[1]);
      const rate = (count: string | undefined, ns: string | undefined) => (num(ns) > 0 ? (num(count) * 1e9) / num(ns) : NaN);
      push(s, { phase: 'prompt', depth: s.depth, tokensPerSecond: rate(m[1], m[2]) }, n);
      push(s, { phase: 'generation', depth: s.depth, tokensPerSecond: rate(m[3], m[4]) }, n);
    },
  },
  {
    // Markdown tables of llama-bench and llama-batched-bench: the header names the columns, and
    // the rows follow it. Rows have no literal of their own, so the header reads them. Tables that
    // compare builds or settings put one test in each column ("| fa | pp512 t/s | tg128 t/s |"). A table
    // retyped in a post may spell the unit out ("tok/s", "tokens/s"), in the test's column or its own.
    pattern: '\\|\\s*(?:S_PP |(?:pp|tg)\\d+ )?(?:t|toks?|tokens)/s\\s*\\|',
    read: (_m, line, n, s, span) => readTable(line, n, s, span),
  },
];

const MAX_TABLE_ROWS = 2000;

function readTable(header: string, lineNo: number, state: SpeedState, span: LineSpan): void {
  // Every line is read once: a header met again inside a table already read is one of its rows.
  if (lineNo <= state.tableEnd) return;
  // A collector's prefix (a timestamp, a unit name) comes before every row alike: rows start where the header does.
  const at = header.indexOf('|');
  const column = header.slice(0, at).trim() ? at : 0;
  readTableLine(header.slice(column), lineNo, state);
  state.tableEnd = lineNo;
  let start = span.end + 1;
  for (let row = 1; row <= MAX_TABLE_ROWS && start < span.text.length; row++) {
    let end = span.text.indexOf('\n', start);
    if (end < 0) end = span.text.length;
    const full = span.text.slice(start, end).replace(/\r$/, '');
    const line = full.slice(column);
    if (!line.trim().startsWith('|')) return;
    readTableLine(line, lineNo + row, state);
    state.tableEnd = lineNo + row;
    start = end + 1;
  }
}

function cells(line: string): string[] | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith('|') || !trimmed.endsWith('|')) return null;
  return trimmed.slice(1, -1).split('|').map((c) => c.trim());
}

function readTableLine(line: string, lineNo: number, state: SpeedState): void {
  const row = cells(line);
  if (!row) return;
  const lower = row.map((c) => c.toLowerCase().replace(UNIT, 't/s'));
  if (lower.includes('t/s') || lower.includes('s_pp t/s') || lower.some((c) => TEST_COLUMN.test(c))) {
    state.columns = lower;
    return;
  }
  if (!state.columns || row.length !== state.columns.length) return;
  const at = (name: string) => row[state.columns!.indexOf(name)];
  if (state.columns.includes('test')) return readBenchRow(at, lineNo, state);
  if (state.columns.some((c) => TEST_COLUMN.test(c))) return readTestColumns(state.columns, row, at, lineNo, state);
  if (state.columns.includes('n_kv')) {
    const depth = num(at('n_kv'));
    push(state, { phase: 'prompt', depth, tokensPerSecond: num(at('s_pp t/s')) }, lineNo);
    push(state, { phase: 'generation', depth, tokensPerSecond: num(at('s_tg t/s')) }, lineNo);
  }
}

/** A speed unit's spellings other than llama-bench's "t/s" (a retyped "tok/s" or "tokens/s"), read as "t/s" in a header. */
const UNIT = /\b(?:toks?|tokens)\/s$/;
/** A column that holds one test's speed: "pp512 t/s", "tg128 t/s". */
const TEST_COLUMN = /^(pp|tg)(\d+) t\/s$/;

/** A row of a table with one column per test: a sample per test column, with the row's offload and flash attention. */
function readTestColumns(columns: string[], row: string[], at: (name: string) => string | undefined, lineNo: number, state: SpeedState): void {
  const settings = rowSettings(at);
  columns.forEach((name, i) => {
    const test = TEST_COLUMN.exec(name);
    const speed = /^([\d.]+)/.exec(row[i] ?? '');
    if (test && speed) push(state, { phase: test[1] === 'pp' ? 'prompt' : 'generation', depth: 0, tokensPerSecond: num(speed[1]), ...settings }, lineNo);
  });
}

/** The offload, flash attention and KV cache types a benchmark row names in its `ngl`, `fa`, `type_k` and `type_v` columns. */
function rowSettings(at: (name: string) => string | undefined): Pick<SpeedSample, 'gpuLayers' | 'flashAttention' | 'kvCache'> {
  const ngl = at('ngl');
  const fa = at('fa');
  const k = at('type_k');
  const v = at('type_v');
  return {
    ...(ngl !== undefined && /^\d+$/.test(ngl) ? { gpuLayers: Number(ngl) } : {}),
    ...(fa !== undefined && /^[01]$/.test(fa) ? { flashAttention: fa === '1' } : {}),
    ...(k || v ? { kvCache: `${k ?? 'f16'}/${v ?? 'f16'}` } : {}),
  };
}

function readBenchRow(at: (name: string) => string | undefined, lineNo: number, state: SpeedState): void {
  // A log viewer may shout the whole table ("PP512 @ D4096").
  const test = /^(pp|tg)(\d+)(?: @ d(\d+))?$/i.exec(at('test') ?? '');
  const speed = /^([\d.]+)/.exec(at('t/s') ?? '');
  if (!test || !speed) return;
  push(state, { phase: test[1]!.toLowerCase() === 'pp' ? 'prompt' : 'generation', depth: num(test[3] ?? '0'), tokensPerSecond: num(speed[1]), ...rowSettings(at) }, lineNo);
}
