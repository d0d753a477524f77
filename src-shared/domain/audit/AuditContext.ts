/** What the audit compares a runtime with, beside its own answers. */
export interface AuditContext {
  /** The longest prompt plus reply the user sends, in tokens (they said so), or null. */
  promptTokens: number | null;
  /** A probe of the same model file that passed up to this context, or null. */
  verified: { probeId: string; maxContextSize: number } | null;
  /** Whether this machine has a GPU the runtime could offload to: null when unknown. */
  hasGpu: boolean | null;
  /** That GPU's name, from the hardware probe, for the evidence. Defaults to none. */
  gpuName?: string;
  /** Where `hasGpu` was learnt, for the evidence. Defaults to `hardware probe`. */
  gpuSource?: string;
}
