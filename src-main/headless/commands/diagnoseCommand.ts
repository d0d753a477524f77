import { readFile, stat } from 'node:fs/promises';
import { MAX_LOG_CHARS } from '../../../src-shared/contract/diagnosis.js';
import { HeadroomError } from '../../../src-shared/errors/HeadroomError.js';
import type { Candidate, ConcreteFix, Diagnosis, Match } from '../../../src-shared/knowledge/Diagnosis.js';
import { basisInWords } from '../../../src-shared/knowledge/basisInWords.js';
import { SEPARATING_QUESTIONS } from '../../../src-shared/knowledge/separatingQuestions.js';
import { LogRuntimeSchema, type LogRuntime } from '../../../src-shared/knowledge/KnowledgeEntry.js';
import { decodeLogBytes } from '../../../src-shared/knowledge/inspectInput.js';
import { callChannel } from '../callChannel.js';
import { UsageError } from '../UsageError.js';
import type { Command } from './Command.js';

const USAGE = 'diagnose [FILE | -] [--runtime NAME] [--answer QUESTION=ANSWER]... [--json]';

export const diagnoseCommand: Command = {
  name: 'diagnose',
  summary: 'Diagnose a runtime log (a file, or - for stdin): what failed, the evidence lines and what to change.',
  usage: `${USAGE}\n\n  FILE            a log file (llama.cpp, Ollama, LM Studio, vLLM, node-llama-cpp…); - reads standard input\n  --runtime NAME  the runtime the log comes from: ${LogRuntimeSchema.options.join(', ')}\n  --answer Q=A    answer the separating question a diagnosis asked, to re-rank its candidates (e.g. --answer stage=eval); may repeat\n                  ${SEPARATING_QUESTIONS.map((q) => `${q.id}=${q.answers.map((a) => a.id).join('|')}`).join(', ')}`,
  options: { runtime: { type: 'string' }, answer: { type: 'string', multiple: true } },
  positionals: true,
  async run(args, cli) {
    if (args.positionals.length > 1) throw new UsageError(`diagnose takes one log, got ${args.positionals.length}.`, `Usage: headroom ${USAGE}`);
    const runtime = parseRuntime(args.values.runtime);
    const answers = parseAnswers(args.values.answer);
    const source = args.positionals[0] ?? (isTTY(cli.stdin) ? undefined : '-');
    if (source === undefined) throw new UsageError('No log given.', `Give a log file, or - to read it from standard input: headroom ${USAGE}`);
    const text = source === '-' ? await readStdin(cli.stdin) : await readLogFile(source);
    cli.progress(`Diagnosing ${source === '-' ? 'standard input' : source} (${text.length.toLocaleString('en-US')} characters)…`);
    const diagnosis = await callChannel(cli.handlers, 'diagnosis:diagnose', { text, ...(runtime ? { runtime } : {}), ...(answers ? { answers } : {}) });
    return { value: diagnosis, text: formatDiagnosis(diagnosis, runtime) };
  },
};

function parseRuntime(value: unknown): LogRuntime | undefined {
  if (value === undefined) return undefined;
  const parsed = LogRuntimeSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`Unknown runtime "${String(value)}".`, `Use one of: ${LogRuntimeSchema.options.join(', ')}.`);
  return parsed.data;
}

/** `--answer stage=eval` (repeatable) → `{stage: 'eval'}`, checked against the questions a diagnosis can ask. */
export function parseAnswers(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  const answers: Record<string, string> = {};
  for (const item of (Array.isArray(value) ? value : [value]).map(String)) {
    const [id, answer, extra] = item.split('=');
    const question = SEPARATING_QUESTIONS.find((q) => q.id === id);
    if (!question || !answer || extra !== undefined) {
      throw new UsageError(`Unknown answer "${item}".`, `Use QUESTION=ANSWER, one of: ${SEPARATING_QUESTIONS.map((q) => `${q.id}=${q.answers.map((a) => a.id).join('|')}`).join(', ')}.`);
    }
    if (!question.answers.some((a) => a.id === answer)) {
      throw new UsageError(`"${answer}" is not an answer to "${id}".`, `Answer ${id} with one of: ${question.answers.map((a) => `${a.id} (${a.label})`).join(', ')}.`);
    }
    answers[question.id] = answer;
  }
  return answers;
}

const isTTY = (stream: NodeJS.ReadableStream) => Boolean((stream as { isTTY?: boolean }).isTTY);

async function readLogFile(path: string): Promise<string> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new HeadroomError(`"${path}" is not a file.`, { code: 'log_not_a_file', hint: 'Give the path of a log file (a folder or device cannot be diagnosed).' });
    size = info.size;
  } catch (error) {
    if (error instanceof HeadroomError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new HeadroomError(`No file at "${path}".`, { code: 'log_not_found', hint: 'Check the path, or pipe the log in: journalctl -u ollama | headroom diagnose -' });
    throw new HeadroomError(`Cannot read "${path}": ${(error as Error).message}`, { code: 'log_unreadable', hint: 'Check the file\'s permissions, or copy it somewhere readable.' });
  }
  if (size > MAX_LOG_CHARS) throw tooLarge(size);
  try {
    return decode(await readFile(path));
  } catch (error) {
    throw new HeadroomError(`Cannot read "${path}": ${(error as Error).message}`, { code: 'log_unreadable', hint: 'Check the file\'s permissions, or copy it somewhere readable.' });
  }
}

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > MAX_LOG_CHARS) throw tooLarge(size);
    chunks.push(buffer);
  }
  return decode(Buffer.concat(chunks));
}

const decode = decodeLogBytes;

const tooLarge = (size: number) =>
  new HeadroomError(`The log is ${(size / 1024 ** 2).toFixed(0)} MiB, more than the ${MAX_LOG_CHARS / 1024 ** 2} MiB Headroom reads.`, {
    code: 'log_too_large',
    hint: 'Give the part around the failure, e.g. tail -n 20000 server.log | headroom diagnose -',
  });

/**
 * The diagnosis for people: the ranked candidates with their deciding facts, the question that
 * separates the first two when there is one, then the best candidate's evidence and fixes.
 */
export function formatDiagnosis(d: Diagnosis, runtime?: LogRuntime): string {
  const head = `${d.lines.toLocaleString('en-US')} lines${d.runtime ? ` · ${d.runtime}` : ''}${d.backend ? ` · ${d.backend}` : ''}`;
  const [best] = d.candidates;
  if (!best || d.category === 'unknown') {
    return [
      `Diagnosis: unknown — no known failure matched (${head}).`,
      'hint: paste more of the log around the failure (the lines before the error name what was being allocated or loaded).',
      ...(d.candidates.length ? ['', 'Not recognised, but it reads most like (by similarity, check before acting):', ...d.candidates.map((c) => `  - ${c.category}: ${c.decidingFact}`)] : []),
      '',
      'Next steps:',
      ...d.nextSteps.map((step) => `  - ${step}`),
    ].join('\n');
  }
  const match = d.matches.find((m) => m.id === best.entryId);
  const others = d.matches.filter((m) => m !== match);
  return [
    `Diagnosis: ${best.category} — ${best.title} (confidence ${best.confidence.toFixed(2)}, ${basisInWords(best.basis, best.entryId)}; ${head})`,
    '',
    'Candidates:',
    ...d.candidates.flatMap((c, i) => [`  ${i + 1}. ${c.category} (${c.confidence.toFixed(2)}, ${basisInWords(c.basis, c.entryId)}) — ${c.title}`, `     deciding fact: ${c.decidingFact}`]),
    ...formatQuestion(d),
    '',
    ...(match ? formatMatch(match, runtime) : formatCandidate(best, runtime)),
    ...(others.length ? ['', 'Also matched:', ...others.map((m) => `  - ${m.category}: ${m.title} (confidence ${m.confidence.toFixed(2)}, entry ${m.id})`)] : []),
  ].join('\n');
}

function formatQuestion(d: Diagnosis): string[] {
  const q = d.question;
  if (!q) return [];
  return ['', `Question: ${q.text}`, ...q.answers.map((a) => `  --answer ${q.id}=${a.id}`.padEnd(28) + `${a.label} → ${a.favours}`)];
}

/** A candidate without an entry: its evidence lines and the category's generic fixes. */
function formatCandidate(c: Candidate, runtime?: LogRuntime): string[] {
  const lines = ['Evidence:', ...c.evidence.map((e) => `  line ${e.line}: ${e.text.trim()}${e.note ? `\n           (${e.note})` : ''}`)];
  if (!c.evidence.length) lines.push('  (none: the log resembles others of this kind)');
  lines.push('', 'Fixes to try first:');
  formatFixes(c.fixes ?? [], runtime, lines);
  return lines;
}

function formatMatch(m: Match, runtime?: LogRuntime): string[] {
  const facts = Object.entries(m.extracted)
    .filter(([k]) => !['runtime', 'backend'].includes(k))
    .map(([k, v]) => `${k} ${typeof v === 'number' ? v.toLocaleString('en-US') : String(v)}`);
  const lines = [`Why: ${m.cause}`, '', 'Evidence:'];
  for (const e of m.evidence) lines.push(`  line ${e.line}: ${e.text.trim()}${e.note ? `\n           (${e.note})` : ''}`);
  if (facts.length) lines.push('', `Read from the log: ${facts.join(' · ')}`);
  lines.push('', 'Fixes, in order:');
  formatFixes(m.fixes, runtime, lines);
  lines.push('', `Seen in: ${m.references.join(', ')}`);
  return lines;
}

function formatFixes(fixes: ConcreteFix[], runtime: LogRuntime | undefined, lines: string[]): void {
  fixes.forEach((fix, i) => {
    lines.push(`  ${i + 1}. ${fix.title}`);
    if (fix.expected) lines.push(`     expected: ${fix.expected}`);
    if (fix.change.action) lines.push(`     ${fix.change.action}`);
    if (fix.note) lines.push(`     ${fix.note}`);
    const commands = Object.entries(fix.commands).filter(([r]) => !runtime || r === runtime);
    for (const [r, command] of commands) lines.push(`     ${`${r}:`.padEnd(16)}${command}`);
  });
}
