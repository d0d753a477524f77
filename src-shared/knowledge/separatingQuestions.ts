import type { SeparatingQuestion } from './Diagnosis.js';
import type { Category } from './KnowledgeEntry.js';

// The questions that tell two close candidates apart. Each answer favours one category; the user's
// answer (DiagnoseRequest.answers: question id → answer id) re-ranks the candidates.

const GPU_OOM: Category[] = ['gpu_oom_weights', 'gpu_oom_kv_cache', 'gpu_oom_compute_buffer'];

export const SEPARATING_QUESTIONS: SeparatingQuestion[] = [
  {
    id: 'stage',
    text: 'Did this happen while loading the model, or when the prompt ran?',
    answers: [
      { id: 'load', label: 'While loading the model', favours: 'gpu_oom_weights' },
      { id: 'context', label: 'Right after loading, while the context was created', favours: 'gpu_oom_kv_cache' },
      { id: 'eval', label: 'When the prompt ran (the model had loaded)', favours: 'gpu_oom_compute_buffer' },
    ],
  },
  {
    id: 'memory',
    text: "Which memory ran out: the GPU's (VRAM) or the computer's RAM?",
    answers: [
      { id: 'gpu', label: "The GPU's memory (VRAM)", favours: 'gpu_oom_weights' },
      { id: 'ram', label: "The computer's RAM", favours: 'host_oom' },
    ],
  },
  {
    id: 'kvLength',
    text: "Do you need the model's full context length?",
    answers: [
      { id: 'yes', label: 'Yes, I need the whole length', favours: 'gpu_oom_kv_cache' },
      { id: 'no', label: 'No, a shorter context is fine', favours: 'context_exceeds_limit' },
    ],
  },
  {
    id: 'slowWhen',
    text: 'Is it slow from the first message, or only as the conversation grows?',
    answers: [
      { id: 'always', label: 'From the first message', favours: 'slow_partial_offload' },
      { id: 'grows', label: 'Only as the conversation grows', favours: 'slow_long_context' },
    ],
  },
  {
    id: 'gpuVisible',
    text: 'Does the system see the GPU (nvidia-smi, rocm-smi or the device manager lists it)?',
    answers: [
      { id: 'yes', label: 'Yes, the GPU is listed', favours: 'driver_or_toolkit_mismatch' },
      { id: 'no', label: 'No, or I am not sure', favours: 'gpu_not_detected' },
    ],
  },
];

/** The question with the answers' GPU category set to the GPU candidate at hand (for `memory`). */
export function questionFor(id: string, present: Category[]): SeparatingQuestion | undefined {
  const question = SEPARATING_QUESTIONS.find((q) => q.id === id);
  if (!question || id !== 'memory') return question;
  const gpu = present.find((c) => GPU_OOM.includes(c)) ?? 'gpu_oom_weights';
  return { ...question, answers: question.answers.map((a) => (a.id === 'gpu' ? { ...a, favours: gpu } : a)) };
}

/** The first question whose answers tell `a` and `b` apart. */
export function questionSeparating(a: Category, b: Category, skip: Set<string>): SeparatingQuestion | undefined {
  for (const q of SEPARATING_QUESTIONS) {
    if (skip.has(q.id)) continue;
    const asked = questionFor(q.id, [a, b])!;
    const favoured = new Set(asked.answers.map((x) => x.favours));
    if (favoured.has(a) && favoured.has(b)) return asked;
  }
  return undefined;
}
