import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { ProbeDetail, ProbeHeader, ProbeModel, ProbeStart, ProbeStatus, ProbeSummary, ProbeVerify, StepResult } from '../../src-shared/contract/probe.js';
import { analyzeProbe } from '../../src-shared/domain/probe/analyzeProbe.js';
import { planNextStep } from '../../src-shared/domain/probe/planNextStep.js';
import { skippedSteps } from '../../src-shared/domain/probe/skippedSteps.js';
import { stepTimeout } from '../../src-shared/domain/probe/stepTimeout.js';
import { resolveBase, resolvePlan, verifyPlan } from '../../src-shared/domain/probe/resolvePlan.js';
import { summarizeProbe } from '../../src-shared/domain/probe/summarizeProbe.js';
import { HeadroomError } from '../../src-shared/errors/HeadroomError.js';
import { toErrorInfo } from '../../src-shared/errors/toErrorInfo.js';
import type { HandlerContext } from '../ipc/HandlerContext.js';
import { allocationEstimate, headroomEstimate } from './allocationEstimate.js';
import { checkBudgetAvailable } from './checkBudgetAvailable.js';
import { executeStep } from './executeStep.js';
import { appendProbeRecord, createProbeFile, listProbeIds, lockProbeFile, probeFile, readProbeFile, skippedLinesNote } from './probeFiles.js';
import type { ModelFacts } from './readModelFacts.js';
import { readModelFacts } from './readModelFacts.js';
import { modelCompute } from './modelCompute.js';
import { resolveProbeModel } from './resolveProbeModel.js';
import { readSpeedRecord, recordSpeed, speedPriorFor } from './speedCalibration.js';
import { StepProgress } from './StepProgress.js';

/** The live row and stderr hear from a running step at least this often, even inside one long batch. */
const PROGRESS_EVERY_MS = 2000;

interface Running {
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Runs probes in the background of whatever hosts the handlers (Electron main, `headroom serve`, the CLI):
 * one step at a time across all probes, so that two probes never measure each other.
 */
export class ProbeService {
  readonly #running = new Map<string, Running>();
  #stepQueue: Promise<unknown> = Promise.resolve();

  constructor(private readonly ctx: HandlerContext) {}

  async start(input: ProbeStart): Promise<ProbeSummary> {
    const { model, facts } = await resolveProbeModel(input.model, { dataDir: this.ctx.dataDir });
    const usableCores = os.availableParallelism();
    const base = resolveBase(input, { usableCores, trainContextSize: facts.trainContextSize, estimate: null });
    const resolved = resolvePlan(input, { usableCores, trainContextSize: facts.trainContextSize, estimate: allocationEstimate(facts, base) });
    // Before any worker runs: the machine's speed record for this model (or the rough prior) predicts the whole probe.
    const plan = { ...resolved, speedPrior: speedPriorFor(this.ctx.dataDir, modelCompute(facts), resolved.base, resolved.flashAttention[0]!) };
    checkBudgetAvailable(plan.budget);
    const header = this.#create(model, plan);
    this.#launch(header, [], facts);
    return this.#summary(header.id);
  }

  list(): { probes: ProbeSummary[] } {
    const probes: ProbeSummary[] = [];
    for (const id of listProbeIds(this.ctx.dataDir)) {
      try {
        probes.push(this.#summary(id));
      } catch {
        // A damaged file is left out of the list; `get` names the problem.
      }
    }
    return { probes };
  }

  get(id: string): ProbeDetail {
    const contents = readProbeFile(probeFile(this.ctx.dataDir, id));
    return { summary: this.#summary(id), header: contents.header, steps: contents.steps, analysis: analyzeProbe(contents.header.plan, contents.steps) };
  }

  async cancel(id: string): Promise<ProbeSummary> {
    const running = this.#running.get(id);
    if (running) {
      running.controller.abort();
      await running.done;
      return this.#summary(id);
    }
    const contents = readProbeFile(probeFile(this.ctx.dataDir, id));
    if (!contents.status || contents.status.status === 'running') this.#appendStatus(id, 'cancelled', 'Cancelled while not running (it had been interrupted).');
    return this.#summary(id);
  }

  async resume(id: string): Promise<ProbeSummary> {
    if (this.#running.has(id)) throw new HeadroomError(`Probe ${id} is already running.`, { code: 'probe_running', hint: 'Wait for it to finish, or cancel it first.' });
    const release = lockProbeFile(probeFile(this.ctx.dataDir, id));
    try {
      const contents = readProbeFile(probeFile(this.ctx.dataDir, id));
      if (contents.status?.status === 'done') {
        release();
        return this.#summary(id);
      }
      const facts = await readModelFacts(contents.header.model.path);
      checkBudgetAvailable(contents.header.plan.budget);
      this.#appendStatus(id, 'running', `Resumed after ${contents.steps.length} steps.`);
      this.#launch(contents.header, contents.steps, facts, release);
    } catch (error) {
      release();
      throw error;
    }
    return this.#summary(id);
  }

  /** One step, run to its end: for checking a fix. Saved as a probe of mode `verify`. */
  async verify(input: ProbeVerify): Promise<{ probeId: string; step: StepResult }> {
    const { model, facts } = await resolveProbeModel(input.model, { dataDir: this.ctx.dataDir });
    const resolved = verifyPlan(input, { usableCores: os.availableParallelism(), trainContextSize: facts.trainContextSize, estimate: null });
    const plan = { ...resolved, speedPrior: speedPriorFor(this.ctx.dataDir, modelCompute(facts), resolved.base, resolved.flashAttention[0]!) };
    checkBudgetAvailable(plan.budget);
    const header = this.#create(model, plan);
    const running = this.#launch(header, [], facts);
    await running.done;
    const steps = readProbeFile(probeFile(this.ctx.dataDir, header.id)).steps;
    const step = steps.at(-1);
    if (!step) throw new HeadroomError(`The verification step did not run: ${this.#summary(header.id).message ?? 'unknown reason'}.`, { code: 'verify_failed', hint: 'See the probe file for details, then retry.' });
    return { probeId: header.id, step };
  }

  /** Resolves when every running probe has stopped (for an orderly exit). */
  async cancelAll(): Promise<void> {
    await Promise.all([...this.#running.keys()].map((id) => this.cancel(id)));
  }

  #create(model: ProbeModel, plan: ProbeHeader['plan']): ProbeHeader {
    const createdAt = new Date();
    const id = `${createdAt.toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${randomBytes(3).toString('hex')}`;
    const header: ProbeHeader = { type: 'header', formatVersion: 1, id, createdAt: createdAt.toISOString(), model, plan };
    createProbeFile(this.ctx.dataDir, header);
    return header;
  }

  #launch(header: ProbeHeader, steps: StepResult[], facts: ModelFacts, release = lockProbeFile(probeFile(this.ctx.dataDir, header.id))): Running {
    const controller = new AbortController();
    const running: Running = { controller, done: Promise.resolve() };
    this.#running.set(header.id, running);
    running.done = this.#loop(header, [...steps], facts, controller.signal).finally(() => {
      release();
      this.#running.delete(header.id);
      try {
        this.ctx.events.emit('probe:onFinished', { summary: this.#summary(header.id) });
      } catch {
        // The file went away under us; there is nothing left to report.
      }
    });
    this.ctx.events.emit('probe:onStarted', { summary: this.#summary(header.id) });
    return running;
  }

  async #loop(header: ProbeHeader, steps: StepResult[], facts: ModelFacts, signal: AbortSignal): Promise<void> {
    const { id, plan } = header;
    const path = probeFile(this.ctx.dataDir, id);
    const compute = modelCompute(facts);
    const recordBefore = readSpeedRecord(this.ctx.dataDir);
    let status: ProbeStatus = 'done';
    let message: string | null = null;
    try {
      for (;;) {
        const config = planNextStep(plan, steps);
        if (signal.aborted || !config) break;
        const index = steps.length;
        const step = await this.#oneAtATime(() => {
          if (signal.aborted) return null;
          this.ctx.events.emit('probe:onStepStarted', { probeId: id, index, config });
          const { timeoutMs, predictedMs } = stepTimeout(plan, steps, config);
          const progress = new StepProgress({ probeId: id, index }, predictedMs, timeoutMs);
          const report = () => this.ctx.events.emit('probe:onStepProgress', progress.event());
          const heartbeat = setInterval(report, PROGRESS_EVERY_MS);
          return executeStep({
            launch: this.ctx.launchWorker,
            env: this.ctx.workerEnv,
            modelPath: header.model.path,
            config,
            budget: plan.budget,
            identity: { id: `${id}-${index}`, probeId: id, index },
            timeoutMs,
            signal,
            estimate: headroomEstimate(facts, config),
            onMessage: (message) => progress.update(message) && report(),
          }).finally(() => clearInterval(heartbeat));
        });
        if (!step) break;
        appendProbeRecord(path, { type: 'step', ...step });
        steps.push(step);
        // Every measured step teaches the machine's speed record, so the next probe is predicted before it starts.
        if (step.outcome === 'ok') recordSpeed(this.ctx.dataDir, compute, steps, { ...plan.base, flashAttention: step.flashAttention }, recordBefore);
        this.ctx.events.emit('probe:onStep', { probeId: id, step, summary: this.#summary(id) });
      }
      if (signal.aborted) status = 'cancelled';
      const skipped = skippedSteps(plan, steps);
      if (!signal.aborted && skipped.length) message = `Skipped to stay within the ${+(plan.budgetMs! / 60_000).toFixed(1)}-minute cap: ${skipped.join('; ')}.`;
    } catch (error) {
      status = 'failed';
      message = toErrorInfo(error).message;
    }
    try {
      this.#appendStatus(id, status, message);
    } catch {
      // The disk refused the last line: the probe reads as interrupted and can be resumed.
    }
  }

  #oneAtATime<T>(task: () => Promise<T> | T): Promise<T> {
    const result = this.#stepQueue.then(task);
    this.#stepQueue = result.catch(() => undefined);
    return result;
  }

  #appendStatus(id: string, status: ProbeStatus, message: string | null): void {
    appendProbeRecord(probeFile(this.ctx.dataDir, id), { type: 'status', status, at: new Date().toISOString(), message });
  }

  #summary(id: string): ProbeSummary {
    const path = probeFile(this.ctx.dataDir, id);
    const contents = readProbeFile(path);
    const running = this.#running.has(id);
    // A probe with no final status that is not running here was cut off (the app was killed): resumable.
    const status: ProbeStatus = running ? 'running' : !contents.status || contents.status.status === 'running' ? 'interrupted' : contents.status.status;
    return summarizeProbe({ header: contents.header, steps: contents.steps, status, message: [contents.status?.message, skippedLinesNote(contents.badLines)].filter(Boolean).join(' ') || null, updatedAt: contents.updatedAt, file: path });
  }
}
