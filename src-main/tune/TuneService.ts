import { randomBytes } from 'node:crypto';
import { ProbeHeaderSchema, type ProbeHeader, type StepResult } from '../../src-shared/contract/probe.js';
import type { TuneBinary, TuneCandidate, TuneEngine, TunePlanPreview, TuneResult, TuneSettings, TuneStart, TuneSummary } from '../../src-shared/contract/tune.js';
import { curveContexts } from '../../src-shared/domain/tune/curveContexts.js';
import { previewTuneSteps } from '../../src-shared/domain/tune/planTuneStep.js';
import { describeSettings, settingsKey } from '../../src-shared/domain/tune/settingsKey.js';
import { tuneGrid } from '../../src-shared/domain/tune/tuneGrid.js';
import { planTuneStep, remainingTuneSteps } from '../../src-shared/domain/tune/planTuneStep.js';
import { requestSeconds } from '../../src-shared/domain/tune/requestSeconds.js';
import { spillCost } from '../../src-shared/domain/tune/spillCost.js';
import { summarizeTune, type DefaultsSpec } from '../../src-shared/domain/tune/summarizeTune.js';
import type { FitCheck, TunePlan } from '../../src-shared/domain/tune/TunePlan.js';
import { toErrorInfo } from '../../src-shared/errors/toErrorInfo.js';
import type { HandlerContext } from '../ipc/HandlerContext.js';
import { appendProbeRecord, createProbeFile, probeFile } from '../probe/probeFiles.js';
import { headroomEstimate } from '../probe/allocationEstimate.js';
import type { ModelFacts } from '../probe/readModelFacts.js';
import type { LlamaCppBin } from './llamaCpp/findLlamaCppBin.js';
import { runLlamaCppStep } from './llamaCpp/runLlamaCppStep.js';
import { prepareTune } from './prepareTune.js';
import { tuneRecipe } from './tuneRecipe.js';
import { runNodeLlamaCppStep } from './runNodeLlamaCppStep.js';
import { listTuneIds, readTune, saveTune } from './tuneFiles.js';

type Proposal = { settings: TuneSettings; stage: string; label: string };

interface Session {
  result: TuneResult;
  plan: TunePlan;
  fits: FitCheck;
  facts: ModelFacts;
  steps: StepResult[];
  pruned: Map<string, { settings: TuneSettings; reason: string }>;
  /** The engine's own defaults: where the search starts, and a baseline. */
  defaults: DefaultsSpec;
  /** With the llama.cpp engine, node-llama-cpp's defaults are measured too, as a baseline that cannot win. */
  nodeDefaults: TuneSettings | null;
  bin: LlamaCppBin | null;
}

/**
 * Runs tunes in the background of whatever hosts the handlers: a search whose every candidate is a
 * probe step in a fresh worker, one at a time, saved after each step.
 */
export class TuneService {
  readonly #running = new Map<string, { controller: AbortController; done: Promise<void> }>();

  constructor(private readonly ctx: HandlerContext) {}

  async start(input: TuneStart): Promise<TuneResult> {
    const { bin, model, facts, device, fits, resolved, contextSize, nodeDefaults, defaults, plan, calibrationNote } = await prepareTune(this.ctx, input);
    const id = newId();
    const header = this.#probeHeader(id, model, input, contextSize);
    const result: TuneResult = {
      id,
      status: resolved.contextSize === null ? 'no_fit' : 'running',
      createdAt: new Date().toISOString(),
      model,
      request: input,
      policy: input.policy,
      engine: input.engine,
      backend: input.backend,
      contextSize,
      probeId: header.id,
      winner: null,
      runnerUp: null,
      why: [],
      baselines: [],
      candidates: [],
      pareto: [],
      pruned: [],
      notes: [...('notes' in resolved ? resolved.notes : []), ...(device.deviceNames.length ? [`Device: ${device.deviceNames.join(', ')}.`] : []), calibrationNote],
      recipe: null,
      llamaCppFlags: [],
      message: resolved.contextSize === null ? `Nothing to tune: ${resolved.reason}.` : null,
    };
    createProbeFile(this.ctx.dataDir, header);
    saveTune(this.ctx.dataDir, result);
    if (resolved.contextSize === null) return result;
    const session: Session = { result, plan, fits: fits.check, facts, steps: [], pruned: fits.pruned, defaults, nodeDefaults: bin ? nodeDefaults : null, bin };
    this.#launch(session);
    return result;
  }

  /** The plan before loading: what fits where and what tune would try. Runs no step. */
  async plan(input: Parameters<typeof prepareTune>[1]): Promise<TunePlanPreview> {
    const p = await prepareTune(this.ctx, input);
    const limit = input.vramLimitBytes ?? p.device.vramFreeBytes;
    return {
      model: p.model,
      policy: input.policy,
      engine: input.engine,
      backend: input.backend,
      contextSize: p.resolved.contextSize,
      reason: 'reason' in p.resolved ? p.resolved.reason : null,
      notes: [...('notes' in p.resolved ? p.resolved.notes : []), p.calibrationNote],
      devices: [{ name: 'CPU (host memory)', kind: 'cpu', limitBytes: p.ramLimitBytes }, ...(input.backend === 'cpu' ? [] : [{ name: p.device.deviceNames.join(', ') || input.backend, kind: 'gpu' as const, limitBytes: limit }])],
      defaults: p.resolved.contextSize === null ? null : p.defaults.settings,
      grid: p.resolved.contextSize === null ? [] : tuneGrid(p.plan).map((settings) => ({ settings, ...p.fits.check(settings) })),
      wouldTry: p.resolved.contextSize === null ? [] : previewTuneSteps(p.plan, p.fits.check),
    };
  }

  get(id: string): TuneResult {
    return readTune(this.ctx.dataDir, id);
  }

  list(): { tunes: TuneSummary[] } {
    const tunes: TuneSummary[] = [];
    for (const id of listTuneIds(this.ctx.dataDir)) {
      try {
        const t = readTune(this.ctx.dataDir, id);
        const status = t.status === 'running' && !this.#running.has(id) ? 'cancelled' : t.status;
        tunes.push({ id: t.id, status, createdAt: t.createdAt, model: t.model, policy: t.policy, engine: t.engine, contextSize: t.contextSize, winner: t.winner, message: t.message });
      } catch {
        // A damaged file is left out of the list; `get` names the problem.
      }
    }
    return { tunes };
  }

  async cancel(id: string): Promise<TuneResult> {
    const running = this.#running.get(id);
    if (running) {
      running.controller.abort();
      await running.done;
    }
    return readTune(this.ctx.dataDir, id);
  }

  async cancelAll(): Promise<void> {
    await Promise.all([...this.#running.keys()].map((id) => this.cancel(id)));
  }

  #probeHeader(id: string, model: TuneResult['model'], input: TuneStart, contextSize: number): ProbeHeader {
    return ProbeHeaderSchema.parse({
      type: 'header',
      formatVersion: 1,
      id: `${id}-tune`,
      createdAt: new Date().toISOString(),
      model,
      plan: {
        mode: 'grid',
        base: { typeK: 'f16', typeV: 'f16', gpuLayers: 0, batchSize: 512, ubatchSize: 512, threads: 1, generateTokens: input.generateTokens, promptFill: input.promptFill, backend: input.backend, memoryCheck: 'estimate' },
        contexts: [contextSize],
        flashAttention: [true, false],
        kvCacheTypes: ['f16', 'q8_0'],
        budget: null,
        minContext: contextSize,
        maxContext: contextSize,
        granularityTokens: 256,
        granularityFraction: 0.02,
        stepTimeoutMs: input.stepTimeoutMs,
        startHint: { on: null, off: null },
        bytesPerToken: { on: null, off: null },
      },
    });
  }

  #launch(session: Session): void {
    const controller = new AbortController();
    const entry = { controller, done: Promise.resolve() };
    this.#running.set(session.result.id, entry);
    entry.done = this.#loop(session, controller.signal).finally(() => {
      this.#running.delete(session.result.id);
      this.ctx.events.emit('tune:onFinished', { result: session.result });
    });
  }

  async #loop(session: Session, signal: AbortSignal): Promise<void> {
    const { result, plan } = session;
    const started = performance.now();
    const budgetMs = result.request.budgetMinutes * 60_000;
    // Let the caller of `start` subscribe before the first progress event.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      if (session.nodeDefaults && !signal.aborted) await this.#step(session, { settings: session.nodeDefaults, stage: 'baseline', label: `node-llama-cpp's defaults, for comparison (${session.nodeDefaults.threads} threads, batch ${session.nodeDefaults.batchSize})` }, 'node-llama-cpp', started, budgetMs, signal);
      for (;;) {
        const own = atTarget(result);
        const proposal = planTuneStep(plan, own, session.fits);
        if (signal.aborted || !proposal) break;
        const elapsed = performance.now() - started;
        const mean = result.candidates.length ? result.candidates.reduce((s, c) => s + c.durationMs, 0) / result.candidates.length : 0;
        if (result.candidates.length > 0 && elapsed + mean > budgetMs) {
          result.notes.push(`The ${result.request.budgetMinutes}-minute budget ran out after ${result.candidates.length} steps; the winner is the best of those.`);
          break;
        }
        await this.#step(session, proposal, result.engine, started, budgetMs, signal);
        if (signal.aborted) break;
      }
      if (!signal.aborted) await this.#curve(session, started, budgetMs, signal);
      result.status = signal.aborted ? 'cancelled' : 'done';
      this.#refresh(session);
      if (!result.winner && result.candidates.length > 0) result.message = noWinner(atTarget(result));
      result.recipe = await tuneRecipe(this.ctx, result, session.steps);
    } catch (error) {
      result.status = 'failed';
      result.message = toErrorInfo(error).message;
    }
    saveTune(this.ctx.dataDir, result);
  }

  /**
   * The context curve: the winner, the runner-up and the defaults measured again at smaller contexts, so the
   * result shows tok/s against context per setting. These steps never compete with the search's.
   */
  async #curve(session: Session, started: number, budgetMs: number, signal: AbortSignal): Promise<void> {
    const { result } = session;
    const leaders = [result.winner?.settings, result.runnerUp?.settings, session.defaults.settings].filter((x): x is TuneSettings => Boolean(x));
    const settings = [...new Map(leaders.map((x) => [settingsKey(x), x])).values()];
    if (!result.winner) return;
    const todo = curveContexts(result.contextSize).flatMap((contextSize) => settings.map((x) => ({ ...x, contextSize })));
    for (const [i, next] of todo.entries()) {
      const mean = result.candidates.reduce((sum, c) => sum + c.durationMs, 0) / Math.max(1, result.candidates.length);
      if (signal.aborted) return;
      if (performance.now() - started + mean > budgetMs) {
        result.notes.push(`The time budget left ${todo.length - i} of the ${todo.length} context-curve steps unmeasured.`);
        return;
      }
      await this.#step(session, { settings: next, stage: 'curve', label: `${describeSettings(next)} at ${next.contextSize} tokens, for the context curve` }, result.engine, started, budgetMs, signal, todo.length - i);
    }
  }

  /** Announces, measures, saves and reports one candidate. `left` overrides the search's count of steps to go. */
  async #step(session: Session, proposal: Proposal, engine: TuneEngine, started: number, budgetMs: number, signal: AbortSignal, left?: number): Promise<void> {
    const { result, plan } = session;
    const own = atTarget(result);
    const remaining = left ?? remainingTuneSteps(plan, engine === result.engine ? own : [], session.fits) + (engine === result.engine ? 0 : 1);
    const index = result.candidates.length;
    const mean = index ? result.candidates.reduce((s, c) => s + c.durationMs, 0) / index : 0;
    const elapsed = performance.now() - started;
    this.ctx.events.emit('tune:onProgress', {
      tuneId: result.id,
      step: index + 1,
      total: index + Math.max(1, remaining),
      secondsLeft: mean ? Math.min(remaining * mean, Math.max(0, budgetMs - elapsed)) / 1000 : null,
      trying: proposal.label,
      settings: proposal.settings,
    });
    const candidate = await this.#measure(session, proposal, index, engine, signal);
    if (signal.aborted) return;
    result.candidates.push(candidate);
    this.#refresh(session);
    saveTune(this.ctx.dataDir, result);
    this.ctx.events.emit('tune:onCandidate', { tuneId: result.id, candidate });
  }

  async #measure(session: Session, proposal: Proposal, index: number, engine: TuneEngine, signal: AbortSignal): Promise<TuneCandidate> {
    const { result } = session;
    const estimate = session.fits(proposal.settings).estimate;
    const identity = { id: `${result.probeId}-${index}`, probeId: result.probeId!, index };
    const common = { env: this.ctx.workerEnv, modelPath: result.model.path, settings: proposal.settings, backend: result.backend, generateTokens: result.request.generateTokens, promptFill: result.request.promptFill, identity, timeoutMs: result.request.stepTimeoutMs, signal };
    let binary: TuneBinary | null = null;
    let step: StepResult;
    if (engine === 'llama.cpp') ({ step, binary } = await runLlamaCppStep({ ...common, bin: session.bin! }));
    else step = await runNodeLlamaCppStep({ ...common, launch: this.ctx.launchWorker, estimate });
    return this.#record(session, proposal, index, engine, binary, step, estimate);
  }

  #record(session: Session, proposal: Proposal, index: number, engine: TuneEngine, binary: TuneBinary | null, step: StepResult, estimate: TuneCandidate['estimate']): TuneCandidate {
    const { result } = session;
    // The memory model's parts for the step as run, so that the step calibrates this machine's estimates.
    if (!step.estimate.headroom?.computeBytes) step = { ...step, estimate: { ...step.estimate, headroom: headroomEstimate(session.facts, step) } };
    appendProbeRecord(probeFile(this.ctx.dataDir, result.probeId!), { type: 'step', ...step });
    session.steps.push(step);
    const shape = { contextSize: result.contextSize, promptFill: result.request.promptFill, answerTokens: result.request.answerTokens };
    return {
      stepId: step.id,
      index,
      stage: proposal.stage,
      label: proposal.label,
      engine,
      binary,
      settings: proposal.settings,
      outcome: step.outcome,
      promptTokensPerSecond: step.promptTokensPerSecond,
      generationTokensPerSecond: step.generationTokensPerSecond,
      requestSeconds: step.outcome === 'ok' ? requestSeconds(shape, step.promptTokensPerSecond, step.generationTokensPerSecond) : null,
      estimate,
      vramPeakBytes: step.vramPeakBytes,
      peakRssBytes: step.peakRssBytes,
      failure: step.failure ? `${step.failure.classification}: ${step.failure.message}` : null,
      durationMs: step.durationMs,
    };
  }

  #refresh(session: Session): void {
    const { result } = session;
    const own = atTarget(result);
    const verdict = summarizeTune(session.defaults, own, [...session.pruned.values()]);
    result.winner = verdict.winner;
    result.runnerUp = verdict.runnerUp;
    result.pareto = verdict.pareto;
    const spill = result.policy === 'allow-spill' ? spillCost(own, result.contextSize) : null;
    result.why = spill ? [...verdict.why, spill] : verdict.why;
    const node = session.nodeDefaults && summarizeTune(session.nodeDefaults, result.candidates.filter((c) => c.engine === 'node-llama-cpp' && c.settings.contextSize === result.contextSize), []).defaults;
    result.baselines = node ? [node, verdict.defaults] : [verdict.defaults];
    const moe = result.winner?.settings.nCpuMoe;
    result.llamaCppFlags = moe ? ['--n-cpu-moe', String(moe)] : [];
    result.pruned = [...session.pruned.values()];
  }
}

/** The tune's own engine's candidates at the target context: the search's, not the context curve's. */
function atTarget(result: TuneResult): TuneCandidate[] {
  return result.candidates.filter((c) => c.engine === result.engine && c.settings.contextSize === result.contextSize);
}

/** Why there is no winner: every candidate failed, counted by outcome, with the first failure. */
function noWinner(candidates: TuneCandidate[]): string {
  const counts = [...new Set(candidates.map((c) => c.outcome))].map((o) => `${candidates.filter((c) => c.outcome === o).length} ${o}`);
  return `No candidate ran (${counts.join(', ')}); the first failure: ${candidates[0]?.failure ?? 'unknown'}.`;
}

function newId(): string {
  return `${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${randomBytes(3).toString('hex')}`;
}
