// First contact is only first contact against the knowledge base it names: the import checks that the tree it
// scores with is that commit, with nothing in the knowledge paths changed since, so that a mistyped or stale
// --kb-commit is refused before anything is recorded.
import { git } from './git';

/** The paths whose content decides a diagnosis: the entries and the similarity model, and the code that reads them. */
const KNOWLEDGE_PATHS = ['resources/knowledge-base', 'src-shared/knowledge'];

/** Why `root` is not the knowledge base frozen at `commit` (a full SHA), or null when it is. */
export function notFrozenAt(root: string, commit: string | undefined): string | null {
  if (!commit || !/^[0-9a-f]{40}$/.test(commit)) return `--kb-commit must be the freeze's full 40-character SHA (git rev-parse kb-freeze-batchN), not "${commit ?? ''}"`;
  let head: string;
  try {
    head = git(root, ['rev-parse', 'HEAD']);
  } catch {
    return `${root} is not a git checkout: run the import from a worktree of the freeze (git worktree add DIR kb-freeze-batchN --detach)`;
  }
  if (head !== commit) return `this tree is at ${head}, not at --kb-commit ${commit}: run the import from a worktree of the freeze, or name the commit it is at`;
  const changed = git(root, ['status', '--porcelain', '--', ...KNOWLEDGE_PATHS]).split('\n').filter(Boolean);
  if (changed.length > 0) return `the knowledge base has changes not in ${commit.slice(0, 12)} (${changed.length} path(s), e.g. ${changed[0]!.replace(/^\s*\S+\s+/, '')}): score with the commit as it is`;
  return null;
}
