import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { notFrozenAt } from '../../scripts/logCorpus/frozenAt';
import { git as gitIn } from '../../scripts/logCorpus/git';

// A real repository with a knowledge base in it, committed, then changed.
function repo(): { root: string; commit: (message: string) => string } {
  const root = mkdtempSync(join(os.tmpdir(), 'headroom-frozen-'));
  const git = (...args: string[]) => gitIn(root, ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args]);
  git('init', '-q');
  mkdirSync(join(root, 'resources', 'knowledge-base'), { recursive: true });
  return {
    root,
    commit: (message) => {
      writeFileSync(join(root, 'resources', 'knowledge-base', 'entry.json'), JSON.stringify({ message }));
      git('add', '-A');
      git('commit', '-q', '-m', message);
      return git('rev-parse', 'HEAD');
    },
  };
}

describe('the knowledge base a first contact is scored with', () => {
  it('is the commit named, whole, with nothing changed in the knowledge paths', () => {
    const { root, commit } = repo();
    const first = commit('freeze');
    expect(notFrozenAt(root, first)).toBeNull();
    // A short, mistyped or missing SHA is refused, naming what to pass.
    expect(notFrozenAt(root, first.slice(0, 7))).toMatch(/full 40-character SHA/);
    expect(notFrozenAt(root, undefined)).toMatch(/full 40-character SHA/);
    expect(notFrozenAt(root, `${first.slice(0, 39)}${first.endsWith('0') ? '1' : '0'}`)).toMatch(/not at --kb-commit/);
    // A later commit is not the freeze.
    const second = commit('learned');
    expect(notFrozenAt(root, first)).toMatch(new RegExp(`this tree is at ${second}`));
    // An edit not committed is not part of it either.
    writeFileSync(join(root, 'resources', 'knowledge-base', 'entry.json'), '{"edited":true}');
    expect(notFrozenAt(root, second)).toMatch(/changes not in .*e\.g\. resources\/knowledge-base\/entry\.json\)/);
  });

  it('says where to run it from when the folder is not a checkout', () => {
    const bare = mkdtempSync(join(os.tmpdir(), 'headroom-not-git-'));
    expect(notFrozenAt(bare, 'a'.repeat(40))).toMatch(/not a git checkout.*worktree/);
  });
});
