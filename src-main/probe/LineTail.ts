/** A native backtrace frame, as glibc's backtrace_symbols prints it: `lib.so(symbol+0x1f)[0x7f…]`. */
const FRAME = /\[0x[0-9a-f]+\]$/;
/** Frames kept at the top of each backtrace: where it crashed. The rest is one line, so error lines stay in the tail. */
const FRAMES_KEPT = 4;

/** Keeps the last N lines of a stream that arrives in arbitrary chunks, a long backtrace counting as a few. */
export class LineTail {
  #lines: string[] = [];
  #partial = '';
  #frames = 0;
  #dropped = 0;
  constructor(private readonly max: number) {}

  push(text: string): void {
    const parts = (this.#partial + text).split('\n');
    this.#partial = parts.pop() ?? '';
    for (const line of parts) this.#add(line);
    if (this.#lines.length > this.max) this.#lines.splice(0, this.#lines.length - this.max);
  }

  lines(): string[] {
    const lines = [...this.#lines, ...this.#summary(), ...(this.#partial ? [this.#partial] : [])];
    return lines.slice(-this.max);
  }

  #add(line: string): void {
    if (!FRAME.test(line)) {
      this.#lines.push(...this.#summary(), line);
      this.#frames = 0;
      this.#dropped = 0;
    } else if (++this.#frames <= FRAMES_KEPT) this.#lines.push(line);
    else this.#dropped++;
  }

  #summary(): string[] {
    return this.#dropped ? [`[headroom] … ${this.#dropped} more backtrace frames`] : [];
  }
}
