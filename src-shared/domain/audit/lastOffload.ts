/** llama.cpp's load line, `offloaded 20/33 layers to GPU` (the last count includes the output layer). */
const OFFLOADED = /offloaded (\d+)\/(\d+) layers to GPU/g;

/** What the last load in a llama.cpp log put on the GPU, with its line; null when the log has no such line (a CPU-only build prints none). */
export function lastOffload(log: string): { onGpu: number; total: number; line: string } | null {
  let last: RegExpExecArray | null = null;
  for (const match of log.matchAll(OFFLOADED)) last = match as RegExpExecArray;
  if (!last || Number(last[2]) === 0) return null;
  const start = log.lastIndexOf('\n', last.index) + 1;
  const end = log.indexOf('\n', last.index);
  return { onGpu: Number(last[1]), total: Number(last[2]), line: log.slice(start, end === -1 ? undefined : end).trim() };
}
