import type { ChildProcess } from 'node:child_process';

/** One JSON line of `headroom watch --json`. */
export interface WatchEvent {
  event: string;
  path?: string;
  line?: string;
  diagnosis: { id: string };
}

/** JSON lines from a child's stdout; next() waits (15 s at most) for the first not yet taken that matches. */
export function lineStream(child: ChildProcess) {
  const queue: WatchEvent[] = [];
  const waiters: (() => void)[] = [];
  let buffer = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    buffer += d;
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) queue.push(JSON.parse(line) as WatchEvent);
    waiters.splice(0).forEach((w) => w());
  });
  return {
    async next(match: (e: WatchEvent) => boolean): Promise<WatchEvent> {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const i = queue.findIndex(match);
        if (i >= 0) return queue.splice(i, 1)[0]!;
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no matching event; got ${JSON.stringify(queue)}; stderr: ${stderr}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
    },
  };
}
