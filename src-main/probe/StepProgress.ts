import type { ProbeStepProgressEvent, StepPhase } from '../../src-shared/contract/probe.js';
import type { WorkerMessage } from '../../src-shared/contract/worker.js';

/** Follows one running step from its worker's messages, and says where it is (for the live row and stderr). */
export class StepProgress {
  readonly #started = performance.now();
  #phase: StepPhase = 'spawn';
  #phaseStarted = performance.now();
  #done: number | null = null;
  #total: number | null = null;

  constructor(
    private readonly identity: { probeId: string; index: number },
    private readonly predictedMs: number | null,
    private readonly timeoutMs: number,
  ) {}

  /** Takes a worker message; true when it changed what the step reports. */
  update(message: WorkerMessage): boolean {
    if (message.type === 'stepPhase') return this.#enter(message.phase), true;
    if (message.type !== 'stepProgress') return false;
    if (message.phase !== this.#phase) this.#enter(message.phase);
    this.#done = message.done;
    this.#total = message.total;
    return true;
  }

  event(): ProbeStepProgressEvent {
    const now = performance.now();
    const phaseSeconds = (now - this.#phaseStarted) / 1000;
    const elapsedMs = now - this.#started;
    return {
      ...this.identity,
      phase: this.#phase,
      tokensDone: this.#done,
      tokensTotal: this.#total,
      tokensPerSecond: this.#done !== null && phaseSeconds > 0 ? this.#done / phaseSeconds : null,
      elapsedMs,
      predictedMs: this.predictedMs,
      remainingMs: this.predictedMs === null ? null : Math.max(0, this.predictedMs - elapsedMs),
      timeoutMs: this.timeoutMs,
    };
  }

  #enter(phase: StepPhase): void {
    if (phase === this.#phase) return;
    this.#phase = phase;
    this.#phaseStarted = performance.now();
    this.#done = null;
    this.#total = null;
  }
}
