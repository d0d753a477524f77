import type { GgufSummary } from '../../../src-shared/domain/models/GgufSummary.js';
import { plainText } from '../../../src-shared/domain/text/plainText.js';
import { callChannel } from '../callChannel.js';
import { UsageError } from '../UsageError.js';
import { formatBytes } from '../../models/cli/parseFlags.js';
import type { Command } from './Command.js';

export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'Show a GGUF file\'s attention geometry and raw metadata, without loading its weights.',
  usage: 'inspect <file.gguf> [--json]',
  options: {},
  positionals: true,
  async run(args, cli) {
    const [path, ...extra] = args.positionals;
    if (!path || extra.length) throw new UsageError(path ? 'inspect takes one file.' : 'Which file? inspect needs the path of a .gguf file.', 'Usage: headroom inspect <file.gguf> [--json]');
    const summary = await callChannel(cli.handlers, 'models:inspect', { path });
    return { value: summary, text: formatSummary(summary) };
  },
};

export function formatSummary(s: GgufSummary): string {
  const g = s.geometry;
  const list = (v: number | number[]) => (typeof v === 'number' ? String(v) : `per layer [${[...new Set(v)].join(', ')}]`);
  const lines = [
    `${s.name ?? s.path}${s.synthetic ? ' (synthetic: random weights)' : ''}`,
    `file          ${s.path}${s.parts.length > 1 ? ` (+${s.parts.length - 1} parts)` : ''}, ${formatBytes(s.sizeBytes)}, GGUF v${s.version}`,
    ...(s.remote ? [`remote        header only: ${s.remote.transferredBytes} bytes in ${s.remote.requests} requests${s.remote.cached ? ' (from the cache)' : ''}`] : []),
    `architecture  ${g.architecture}; ${s.fileType ?? 'file type unknown'}; ${(s.parameterCount / 1e9).toFixed(2)} B parameters in ${s.tensorCount} tensors (${formatBytes(s.tensorBytes)})`,
    `layers        ${g.layers}; embedding ${g.embeddingLength}; feed-forward ${g.feedForwardLength}; vocab ${g.vocabSize}`,
    `attention     ${list(g.heads)} heads, ${list(g.kvHeads)} KV heads, key ${g.keyLength} / value ${g.valueLength}`,
    `context       trained ${g.contextLength}`,
    ...(g.slidingWindow ? [`sliding window ${g.slidingWindow} tokens on ${g.slidingWindowLayers!.filter(Boolean).length} of ${g.layers} layers`] : []),
    ...(g.mla ? [`MLA           kv_lora_rank ${g.mla.kvLoraRank}, rope ${g.mla.ropeDim}, q_lora_rank ${g.mla.qLoraRank}, ${g.mla.layout} layout`] : []),
    ...(g.experts ? [`experts       ${g.experts.count} (${g.experts.used} used, ${g.experts.shared} shared), expert FFN ${g.experts.feedForwardLength}`] : []),
    ...(g.ssm ? [`recurrent     state ${g.ssm.stateSize}, inner ${g.ssm.innerSize}, conv ${g.ssm.convKernel} on ${g.ssm.recurrentLayers.filter(Boolean).length} layers`] : []),
    '',
    'metadata:',
    // Keys come from the file: printed as plain text (values are JSON, whose escaping already covers control characters).
    ...Object.entries(s.metadata).map(([k, v]) => `  ${plainText(k)} = ${JSON.stringify(v)}`),
  ];
  return lines.join('\n');
}
