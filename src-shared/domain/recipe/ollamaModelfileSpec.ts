// What an Ollama Modelfile may contain, from ollama/ollama at fb30760 (2026-08-21, tags up to
// v0.33.0-rc2): docs/modelfile.mdx (the documented lists), parser/parser.go (errInvalidCommand,
// deprecatedParameters) and api/types.go (the JSON names of api.Options and api.Runner, which is
// what api.FormatParams accepts; any other name fails with "unknown parameter '<name>'").

/** Instructions listed in the table under "Format" of docs/modelfile.mdx. */
export const OLLAMA_DOCUMENTED_INSTRUCTIONS = ['FROM', 'PARAMETER', 'TEMPLATE', 'SYSTEM', 'ADAPTER', 'LICENSE', 'MESSAGE', 'REQUIRES'] as const;

/** Instructions the parser accepts (errInvalidCommand lists them); DRAFT, RENDERER and PARSER are undocumented. */
export const OLLAMA_ACCEPTED_INSTRUCTIONS = [...OLLAMA_DOCUMENTED_INSTRUCTIONS, 'DRAFT', 'RENDERER', 'PARSER'] as const;

/** PARAMETER names in the "Valid Parameters and Values" table of docs/modelfile.mdx. */
export const OLLAMA_DOCUMENTED_PARAMETERS = [
  'num_ctx', 'repeat_last_n', 'repeat_penalty', 'temperature', 'seed', 'stop', 'num_predict', 'draft_num_predict', 'top_k', 'top_p', 'min_p',
] as const;

/** api.Runner: "must be set when the model is loaded into memory"; changing one reloads the model. */
export const OLLAMA_RUNNER_PARAMETERS = ['num_ctx', 'num_batch', 'num_gpu', 'main_gpu', 'use_mmap', 'num_thread', 'draft_num_predict'] as const;

/** api.Options (predict-time) names. */
export const OLLAMA_PREDICT_PARAMETERS = [
  'num_keep', 'seed', 'num_predict', 'top_k', 'top_p', 'min_p', 'typical_p', 'repeat_last_n', 'temperature', 'repeat_penalty', 'presence_penalty', 'frequency_penalty', 'stop',
] as const;

/** Every PARAMETER name the server accepts. */
export const OLLAMA_ACCEPTED_PARAMETERS: readonly string[] = [...new Set([...OLLAMA_RUNNER_PARAMETERS, ...OLLAMA_PREDICT_PARAMETERS])];

/** Names the parser warns about and drops ("warning: parameter X is deprecated"). */
export const OLLAMA_DEPRECATED_PARAMETERS = [
  'penalize_newline', 'low_vram', 'f16_kv', 'logits_all', 'vocab_only', 'use_mlock', 'mirostat', 'mirostat_tau', 'mirostat_eta',
] as const;

export interface ModelfileProblem {
  line: number;
  text: string;
  problem: string;
}

/**
 * Checks a Modelfile against the accepted lists: every instruction known, a FROM present,
 * every PARAMETER name accepted and not deprecated, every value of the right type.
 * Multi-line `"""` values (TEMPLATE, SYSTEM) are skipped over.
 */
export function validateModelfile(text: string): ModelfileProblem[] {
  const problems: ModelfileProblem[] = [];
  let inTriple = false;
  let sawFrom = false;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    const at = (problem: string) => problems.push({ line: index + 1, text: raw, problem });
    if (inTriple) {
      if (line.includes('"""')) inTriple = false;
      return;
    }
    if (line === '' || line.startsWith('#')) return;
    if ((line.match(/"""/g) ?? []).length === 1) inTriple = true;
    const [word = '', name = '', ...rest] = line.split(/\s+/);
    const instruction = word.toUpperCase();
    if (!(OLLAMA_ACCEPTED_INSTRUCTIONS as readonly string[]).includes(instruction)) return at(`unknown instruction "${word}"`);
    if (!(OLLAMA_DOCUMENTED_INSTRUCTIONS as readonly string[]).includes(instruction)) at(`"${word}" is accepted by the parser but not documented`);
    if (instruction === 'FROM') sawFrom = true;
    if (instruction !== 'PARAMETER') return;
    const value = rest.join(' ');
    if ((OLLAMA_DEPRECATED_PARAMETERS as readonly string[]).includes(name)) return at(`parameter "${name}" is deprecated and dropped`);
    if (!OLLAMA_ACCEPTED_PARAMETERS.includes(name)) return at(`unknown parameter "${name}"`);
    if (value === '') return at(`parameter "${name}" has no value`);
    const typeProblem = parameterTypeProblem(name, value);
    if (typeProblem) at(typeProblem);
  });
  if (!sawFrom) problems.push({ line: 0, text: '', problem: 'no FROM instruction (it is required)' });
  return problems;
}

const INT_PARAMETERS = new Set(['num_ctx', 'num_batch', 'num_gpu', 'main_gpu', 'num_thread', 'draft_num_predict', 'num_keep', 'seed', 'num_predict', 'top_k', 'repeat_last_n']);
const BOOL_PARAMETERS = new Set(['use_mmap']);

function parameterTypeProblem(name: string, value: string): string | undefined {
  if (INT_PARAMETERS.has(name) && !/^-?\d+$/.test(value)) return `parameter "${name}" needs an integer, got "${value}"`;
  if (BOOL_PARAMETERS.has(name) && !/^(true|false)$/.test(value)) return `parameter "${name}" needs true or false, got "${value}"`;
  if (!INT_PARAMETERS.has(name) && !BOOL_PARAMETERS.has(name) && name !== 'stop' && !/^-?\d+(\.\d+)?$/.test(value)) return `parameter "${name}" needs a number, got "${value}"`;
  return undefined;
}
