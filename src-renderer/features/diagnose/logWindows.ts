/** A run of log lines to show: `start`..`end` (1-based, inclusive). */
export interface LineWindow {
  start: number;
  end: number;
}

/**
 * The parts of a log worth showing: all of a short log, or a few lines around each evidence line
 * of a long one (a 20 MB log cannot be rendered whole).
 */
export function logWindows(lineCount: number, evidence: number[], context = 4, wholeBelow = 400): LineWindow[] {
  if (lineCount <= wholeBelow) return lineCount > 0 ? [{ start: 1, end: lineCount }] : [];
  const windows: LineWindow[] = [];
  for (const line of [...new Set(evidence)].sort((a, b) => a - b)) {
    const start = Math.max(1, line - context);
    const end = Math.min(lineCount, line + context);
    const last = windows.at(-1);
    if (last && start <= last.end + 1) last.end = Math.max(last.end, end);
    else windows.push({ start, end });
  }
  return windows;
}

/** The text of lines `start`..`end` of a log, without splitting all of it. */
export function sliceLines(text: string, start: number, end: number): string[] {
  const lines: string[] = [];
  let offset = 0;
  for (let n = 1; n <= end && offset <= text.length; n++) {
    let next = text.indexOf('\n', offset);
    if (next < 0) next = text.length;
    if (n >= start) lines.push(text.slice(offset, next).replace(/\r$/, ''));
    offset = next + 1;
  }
  return lines;
}
