import type { Recipe, RecipeMachine, RecipeModel, RecipeNote, Source } from '../../contract/recipe.js';
import { estimateMemory, type WeightTensor } from '../memory/estimateMemory.js';
import type { ModelGeometry } from '../models/ModelGeometry.js';
import { HeadroomError } from '../../errors/HeadroomError.js';
import { bytesText } from '../report/formatQuantities.js';
import { consistencyWarnings } from './consistencyWarnings.js';
import { fitSuggestions } from './fitSuggestions.js';

/** Where the model would run, and how much memory is free there. */
export interface EstimateTarget extends RecipeMachine {
  /** Free VRAM of the GPU (all layers offloaded), or available RAM on CPU. Null: unknown. */
  freeBytes: number | null;
}

/** Options of {@link buildRecipeFromEstimate}. */
export interface EstimateRecipeOptions {
  model: RecipeModel;
  geometry: ModelGeometry;
  /** The file's tensors, for exact weights. Defaults to none (weights unknown: the fit check is skipped). */
  tensors?: WeightTensor[];
  /** Without tensors: weights from the geometry at this type (e.g. `q4_K`). Defaults to none. */
  weightType?: string;
  contextSize: number;
  target: EstimateTarget | null;
}

const STEP = 256;

/**
 * A recipe from the memory model alone: the context the user asked for, or the largest the model
 * predicts to fit in the target's free memory at the high end of its error band. Every number is
 * `estimated`; nothing is claimed as verified.
 */
export function buildRecipeFromEstimate(options: EstimateRecipeOptions): Recipe {
  const { model, geometry, target } = options;
  const demand = demandAt(options);
  const free = target?.freeBytes ?? null;
  const warnings: RecipeNote[] = [{ code: 'estimate_only', message: 'Estimated by the memory model only: nothing was run on this machine.', hint: `Probe it before relying on it: headroom probe ${model.path}` }];
  let contextSize = options.contextSize;
  let source: Source;
  let suggestions: Recipe['suggestions'] = [];
  if (free === null || demand(STEP).high === null) {
    source = { kind: 'estimated', errorBand: null, note: `memory model: ${describe(demand(contextSize))} for ${contextSize} tokens; ${free === null ? 'the free memory is unknown' : 'the weights are unknown'}, so whether it fits was not checked` };
    warnings.push({ code: 'fit_not_checked', message: 'Whether this context fits was not checked.', hint: 'Run the estimate on the machine that will run the model, or probe it.' });
  } else {
    const upper = Math.max(contextSize, geometry.contextLength, STEP);
    const atHigh = largestFitting(upper, (ctx) => demand(ctx).high! <= free);
    const atLow = largestFitting(upper, (ctx) => demand(ctx).low! <= free);
    if (atHigh === 0) {
      throw new HeadroomError(`The memory model predicts that ${model.name} does not fit even at ${STEP} tokens: it needs ${describe(demand(STEP))} and ${gib(free)} is free.`, {
        code: 'estimate_does_not_fit',
        hint: 'Use a smaller quantization of the model, offload fewer layers (the CPU holds the rest), or free memory; then probe.',
      });
    }
    if (atHigh < contextSize) {
      warnings.push({
        code: 'context_not_verified',
        message: `You asked for ${contextSize} tokens; the memory model predicts ${describe(demand(contextSize))} for that, more than the ${gib(free)} free. The largest that should fit is ${atHigh}. The recipe uses ${atHigh}.`,
        hint: 'Try the suggested changes, then probe.',
      });
      suggestions = fitSuggestions({ contextSize: atHigh, gpuLayers: target?.backend === 'cpu' ? 0 : 'all' }, model, contextSize, []);
      contextSize = atHigh;
    }
    source = {
      kind: 'estimated',
      errorBand: { low: atHigh, high: atLow },
      note: `memory model: ${describe(demand(contextSize))} for ${contextSize} tokens, ${gib(free)} free on ${target?.deviceName ?? target?.backend}; the largest context that fits is between ${atHigh} and ${atLow} within the model's error`,
    };
  }
  return {
    basis: 'estimate',
    probeId: null,
    model,
    machine: target ? { backend: target.backend, deviceName: target.deviceName, vramTotalBytes: target.vramTotalBytes, ramTotalBytes: target.ramTotalBytes } : null,
    settings: { contextSize },
    sources: { contextSize: source },
    requestedContextSize: options.contextSize,
    verifiedMaxContextSize: null,
    warnings: [...warnings, ...consistencyWarnings({ contextSize }, model)],
    suggestions,
  };
}

interface Demand {
  mid: number;
  low: number | null;
  high: number | null;
}

/** Bytes on the device that limits the fit (the GPU with every layer on it, or RAM), with the error band. */
function demandAt(options: EstimateRecipeOptions): (ctx: number) => Demand {
  const gpus = options.target && options.target.backend !== 'cpu' ? [{ name: options.target.deviceName ?? 'GPU' }] : [];
  return (ctx) => {
    const estimate = estimateMemory({ geometry: options.geometry, contextSize: ctx, tensors: options.tensors, weightType: options.weightType, gpus });
    const device = estimate.devices[gpus.length > 0 ? 1 : 0]!;
    if (estimate.weightsBytes === null || estimate.totalBytes === 0) return { mid: device.totalBytes, low: null, high: null };
    return { mid: device.totalBytes, low: (device.totalBytes * estimate.errorBand.lowBytes) / estimate.totalBytes, high: (device.totalBytes * estimate.errorBand.highBytes) / estimate.totalBytes };
  };
}

/** `upper` if it fits, else the largest multiple of 256 below it that fits (memory grows with context), or 0. */
function largestFitting(upper: number, fits: (ctx: number) => boolean): number {
  if (fits(upper)) return upper;
  let lo = 0;
  let hi = Math.ceil(upper / STEP);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid * STEP)) lo = mid;
    else hi = mid;
  }
  return lo * STEP;
}

function describe(d: Demand): string {
  return d.low === null || d.high === null ? `${gib(d.mid)} (without the weights, which are unknown)` : `${gib(d.mid)} (${gib(d.low)}–${gib(d.high)})`;
}

function gib(bytes: number): string {
  return bytesText(bytes);
}
