import { execFileSync } from 'node:child_process';

/** Runs git in `root` and returns what it printed, trimmed; throws (with git's stderr) when git fails. */
export const git = (root: string, args: string[]): string => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
