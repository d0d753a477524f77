import { AuditRuntimeSchema, MAX_AUDIT_TIMEOUT_MS, type AuditReport, type AuditRuntime, type RuntimeAudit } from '../../../src-shared/contract/audit.js';
import { callChannel } from '../callChannel.js';
import { UsageError } from '../UsageError.js';
import type { Command } from './Command.js';

const USAGE = `audit [--runtime ${AuditRuntimeSchema.options.join('|')}] [--url URL] [--prompt-tokens N] [--timeout MS] [--json]`;

export const auditCommand: Command = {
  name: 'audit',
  summary: 'Check a running Ollama, llama-server, LM Studio or vLLM: live settings, findings with evidence, and the fix for each.',
  usage: `${USAGE}\n\n  --runtime NAME     only this runtime (default: all four at their default ports)\n  --url URL          where it listens (without --runtime: whichever runtime answers there)\n  --prompt-tokens N  the longest prompt plus reply you send, in tokens\n  --timeout MS       time-out per runtime, at most ${MAX_AUDIT_TIMEOUT_MS} (default ${MAX_AUDIT_TIMEOUT_MS})`,
  options: { runtime: { type: 'string' }, url: { type: 'string' }, 'prompt-tokens': { type: 'string' }, timeout: { type: 'string' } },
  async run(args, cli) {
    const runtime = parseRuntime(args.values.runtime);
    const url = typeof args.values.url === 'string' ? args.values.url : undefined;
    const promptTokens = positiveInt(args.values['prompt-tokens'], '--prompt-tokens');
    const timeoutMs = positiveInt(args.values.timeout, '--timeout');
    cli.progress(`Checking ${url ?? (runtime ? `${runtime} at its default port` : 'Ollama, llama-server, LM Studio and vLLM at their default ports')}…`);
    const report = await callChannel(cli.handlers, 'audit:run', { runtime, url, promptTokens, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
    return { value: report, text: formatAudit(report) };
  },
};

function parseRuntime(value: unknown): AuditRuntime | undefined {
  if (value === undefined) return undefined;
  const parsed = AuditRuntimeSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`Unknown runtime "${String(value)}".`, `Use one of: ${AuditRuntimeSchema.options.join(', ')}.`);
  return parsed.data;
}

function positiveInt(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} takes a positive whole number, got "${String(value)}".`, `Usage: headroom ${USAGE}`);
  return n;
}

/** The report for people: each runtime, its settings, then its findings with evidence and fix. */
export function formatAudit(report: AuditReport): string {
  return report.runtimes.map(formatRuntime).join('\n\n');
}

function formatRuntime(r: RuntimeAudit): string {
  const s = r.settings;
  const head = r.kind ? `${r.kind} at ${r.url}${r.version ? ` (${r.version})` : ''}` : `${r.url}: no runtime`;
  const settings = r.kind
    ? [`  context ${s.contextSize ?? '?'} · slots ${s.slots ?? '?'} · per request ${s.perSlotContext ?? '?'} · GPU layers ${s.gpuLayers ?? '?'} · flash attention ${s.flashAttention ?? '?'} · K/V ${s.typeK ?? '?'}/${s.typeV ?? '?'}`, ...r.models.map((m) => `  model ${m.name}${m.cpuShare !== null ? ` · ${Math.round(m.cpuShare * 100)}% on the CPU` : ''}`)]
    : [];
  const findings = r.findings.flatMap((f) => [
    `  ${f.severity.toUpperCase()} ${f.id}: ${f.message}`,
    ...f.evidence.map((e) => `      evidence: ${e.source} · ${e.field} = ${String(e.value)}`),
    `      fix: ${f.fix.title}`,
    `           ${f.fix.line}`,
    ...(f.fix.command ? [`           full command: ${f.fix.command}`] : []),
    ...(f.knowledgeEntry ? [`      knowledge base: ${f.knowledgeEntry}`] : []),
  ]);
  return [head, ...settings, ...(findings.length ? findings : ['  no findings'])].join('\n');
}
