import type { AuditRuntime } from '../../contract/audit.js';

/** Where a runtime may keep its log on one OS convention. */
export interface LogCandidate {
  runtime: AuditRuntime;
  /** `file`: a log file; `folder`: the newest `*.log` inside (recursively); `journald`: a systemd unit. */
  kind: 'file' | 'folder' | 'journald';
  /** A path, or the unit name for journald. */
  path: string;
  /** Where the convention comes from. */
  note: string;
}

/** What a platform's conventions need: the home folder, and Windows' %LOCALAPPDATA% and %TEMP%. */
export interface LogPlaces {
  platform: 'linux' | 'darwin' | 'win32';
  home: string;
  localAppData: string | null;
}

const join = (platform: LogPlaces['platform'], ...parts: string[]) => parts.join(platform === 'win32' ? '\\' : '/');

/**
 * The places each runtime writes its log, per OS, as their documentation states: Ollama's
 * server.log (macOS ~/.ollama/logs, Windows %LOCALAPPDATA%\Ollama; journald's `ollama` unit on
 * Linux), LM Studio's server-logs folder (and the single file older versions wrote), and nothing
 * for llama-server and vLLM, which log to their terminal unless given a file (`--log-file`).
 */
export function logCandidates(p: LogPlaces): LogCandidate[] {
  const j = (...parts: string[]) => join(p.platform, ...parts);
  const out: LogCandidate[] = [];
  if (p.platform === 'darwin') out.push({ runtime: 'ollama', kind: 'file', path: j(p.home, '.ollama', 'logs', 'server.log'), note: 'Ollama for macOS (docs: troubleshooting)' });
  if (p.platform === 'win32' && p.localAppData) out.push({ runtime: 'ollama', kind: 'file', path: j(p.localAppData, 'Ollama', 'server.log'), note: 'Ollama for Windows; older runs rotate to server-1.log… (docs: troubleshooting)' });
  if (p.platform === 'linux') {
    out.push({ runtime: 'ollama', kind: 'journald', path: 'ollama', note: 'Ollama\'s systemd service (journalctl -u ollama; docs: troubleshooting)' });
    out.push({ runtime: 'ollama', kind: 'file', path: j(p.home, '.ollama', 'logs', 'server.log'), note: 'Ollama started by its desktop app' });
  }
  out.push({ runtime: 'lmstudio', kind: 'folder', path: j(p.home, '.lmstudio', 'server-logs'), note: 'LM Studio 0.3+: server-logs/YYYY-MM/YYYY-MM-DD.N.log' });
  out.push({ runtime: 'lmstudio', kind: 'folder', path: j(p.home, '.cache', 'lm-studio', 'server-logs'), note: 'LM Studio before 0.3 (~/.cache/lm-studio)' });
  out.push({ runtime: 'lmstudio', kind: 'file', path: p.platform === 'win32' ? 'C:\\tmp\\lmstudio-server-log.txt' : '/tmp/lmstudio-server-log.txt', note: 'LM Studio 0.2 single server log (lmstudio-bug-tracker#51)' });
  return out;
}
