import type { ReportedBuffers } from '../../contract/probe.js';

// llama.cpp prints each buffer it allocates at info level, e.g.
//   load_tensors:   CPU_Mapped model buffer size =   120.00 MiB
//   llama_kv_cache:        CPU KV buffer size =    48.00 MiB
//   llama_context:        CPU compute buffer size =   300.01 MiB
//   llama_context:        CPU  output buffer size =     0.12 MiB
const LINE = /(\S+)\s+(model|KV|RS|compute|output) buffer size =\s*([\d.]+) MiB/;
const KIND = { model: 'model', KV: 'kv', RS: 'kv', compute: 'compute', output: 'output' } as const;

/** The buffer sizes in llama.cpp log lines, per device and in total (recurrent state counts as KV). */
export function parseBufferSizes(lines: Iterable<string>): ReportedBuffers {
  const byDevice: ReportedBuffers['byDevice'] = [];
  for (const line of lines) {
    const match = LINE.exec(line);
    if (!match) continue;
    byDevice.push({ device: match[1]!, kind: KIND[match[2] as keyof typeof KIND], bytes: Math.round(Number(match[3]) * 1024 * 1024) });
  }
  const total = (kind: keyof typeof KIND) => {
    const found = byDevice.filter((b) => b.kind === KIND[kind]);
    return found.length ? found.reduce((s, b) => s + b.bytes, 0) : null;
  };
  return { modelBytes: total('model'), kvBytes: total('KV'), computeBytes: total('compute'), outputBytes: total('output'), byDevice };
}
