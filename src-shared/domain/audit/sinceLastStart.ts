import type { AuditRuntime } from '../../contract/audit.js';

// Lines a runtime prints once when it (re)starts, so a diagnosis reads only the last run.
const START_MARKERS: Record<AuditRuntime, RegExp> = {
  ollama: /msg="server config"|Listening on .*\(version/,
  'llama-server': /common_params_print_info|load_model: loading model|^(?:main: )?build: \d+|system_info: n_threads/,
  lmstudio: /\[LM STUDIO SERVER\] (?:Starting server|Success! HTTP server listening)/,
  vllm: /Starting vLLM API server|vLLM API server version/,
};

/** The part of a log since the runtime's last start (the whole text when no start line is found), and the 1-based line it begins at. */
export function sinceLastStart(text: string, runtime: AuditRuntime | null): { text: string; startLine: number } {
  const lines = text.split('\n');
  const markers = runtime ? [START_MARKERS[runtime]] : Object.values(START_MARKERS);
  for (let i = lines.length - 1; i >= 0; i--) {
    if (markers.some((m) => m.test(lines[i]!))) return { text: lines.slice(i).join('\n'), startLine: i + 1 };
  }
  return { text, startLine: 1 };
}
