// Replays first contact WITH confidences: every dev-split log whose sources.json records what a frozen
// knowledge base answered (firstContact.kbCommit) is diagnosed again by the code and knowledge base of
// that commit, with the similarity model disabled, so the candidates are the signatures' own with their
// confidences and bases (sources.json kept only categories). Ranking policies are judged on this
// (tests/bench/similarityFolds.ts): on the dev split today's families were written from these logs, so
// only their first-contact answers can say how a ranking does on logs it has not seen. Usage:
//   node scripts/runTs.js scripts/logCorpus/replayFirstContact.ts
// Each commit is checked out with `git worktree add --detach` under the temp folder (node_modules
// symlinked), runs replayFirstContactWorker.ts there, and is removed. TEST-split logs are filtered out
// before any text is read: they are never replayed.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SIMILARITY_WHEN_BELOW } from '../../src-shared/knowledge/rankCandidates';
import { git } from './git';

const ROOT = process.cwd();
const LOGS = join(ROOT, 'tests', 'fixtures', 'logs');
const OUT = join(LOGS, 'first-contact-replay.json');
const WORKER = 'scripts/logCorpus/replayFirstContactWorker.ts';

interface Source {
  file: string;
  split?: string;
  firstContact?: { kbCommit: string; diagnosed: string; candidates?: string[] };
}

interface Replayed {
  file: string;
  diagnosed: string;
  candidates: { category: string; confidence: number; basis: string; entryId: string | null }[];
}

export function main(): number {
  const dev = (JSON.parse(readFileSync(join(LOGS, 'sources.json'), 'utf8')) as Source[]).filter((f) => f.split === 'dev' && f.firstContact?.kbCommit);
  const commits = [...new Set(dev.map((f) => f.firstContact!.kbCommit))];
  const work = mkdtempSync(join(tmpdir(), 'replay-lists-'));
  const byCommit: Record<string, { sha: string; modelShipped: boolean }> = {};
  const rows: (Replayed & { kbCommit: string })[] = [];
  try {
    for (const commit of commits) {
      const logs = dev.filter((f) => f.firstContact!.kbCommit === commit).map((f) => ({ file: f.file, path: join(LOGS, f.file) }));
      const { sha, modelShipped, replayed } = replayAt(commit, logs, work);
      byCommit[commit] = { sha, modelShipped };
      rows.push(...replayed.map((r) => ({ kbCommit: commit, ...r })));
      console.log(`${commit}: ${replayed.length} dev logs replayed${modelShipped ? ' (its similarity model disabled)' : ''}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  rows.sort((a, b) => a.file.localeCompare(b.file));
  const doc = {
    about: 'First contact replayed with confidences: each dev-split log diagnosed by the code and knowledge base of its firstContact.kbCommit, similarity model disabled. Written by scripts/logCorpus/replayFirstContact.ts.',
    commits: byCommit,
    rows,
  };
  // One row a line: small diffs when a batch is added.
  const head = JSON.stringify({ about: doc.about, commits: doc.commits }, null, 1).replace(/\n}$/, '');
  writeFileSync(OUT, `${head},\n "rows": [\n${rows.map((r) => `  ${JSON.stringify(r)}`).join(',\n')}\n ]\n}\n`);
  report(dev, rows, byCommit);
  return 0;
}

function replayAt(commit: string, logs: { file: string; path: string }[], work: string) {
  const sha = git(ROOT, ['rev-parse', `${commit}^{commit}`]);
  const dir = join(tmpdir(), `replay-${commit}`);
  if (existsSync(dir)) git(ROOT, ['worktree', 'remove', '--force', dir]);
  git(ROOT, ['worktree', 'add', '--detach', dir, sha]);
  try {
    symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(dir, 'node_modules'));
    copyFileSync(join(ROOT, WORKER), join(dir, WORKER));
    const list = join(work, `${commit}.list.json`);
    const out = join(work, `${commit}.out.json`);
    writeFileSync(list, JSON.stringify(logs));
    execFileSync(process.execPath, ['scripts/runTs.js', WORKER, list, out], { cwd: dir, stdio: ['ignore', 'inherit', 'inherit'] });
    const { modelShipped, rows } = JSON.parse(readFileSync(out, 'utf8')) as { modelShipped: boolean; rows: Replayed[] };
    return { sha, modelShipped, replayed: rows };
  } finally {
    git(ROOT, ['worktree', 'remove', '--force', dir]);
  }
}

/**
 * Does the replay say what was recorded? Where the commit shipped no model, or the replay had three
 * candidates and a sure first one (the model could add nothing then), the recorded categories must be
 * the replayed ones, in order. Elsewhere the model may have led or filled the tail: the recorded
 * categories must then hold the replayed first one, and the categories both hold in the same order.
 */
function report(dev: Source[], rows: (Replayed & { kbCommit: string })[], commits: Record<string, { modelShipped: boolean }>) {
  const recorded = new Map(dev.map((f) => [f.file, f.firstContact!]));
  let strict = 0;
  let strictSame = 0;
  let open = 0;
  let openPrefix = 0;
  let openSame = 0;
  const differ: string[] = [];
  for (const r of rows) {
    const fc = recorded.get(r.file)!;
    // An entry of the `unknown` category (a port in use) names no failure. An `unknown` diagnosis recorded
    // resemblances (the model's) where nothing was recognised, and the families' candidates where such an
    // entry led them (a Metal buffer count, batch 49): the replay, without the model, has none in the first case.
    const now = r.candidates.map((c) => c.category).filter((c) => c !== 'unknown');
    const was = fc.diagnosed === 'unknown' && now.length === 0 ? [] : (fc.candidates ?? []).filter((c) => c !== 'unknown');
    // As sure as diagnoseLog needs to keep the model's guess out of the lead.
    const sure = (r.candidates[0]?.confidence ?? 0) >= SIMILARITY_WHEN_BELOW;
    if (!commits[r.kbCommit]!.modelShipped || (now.length >= 3 && sure)) {
      strict++;
      if (same(was, now)) strictSame++;
      else differ.push(`  ${r.kbCommit} ${r.file}: recorded [${was.join(', ')}], replayed [${now.join(', ')}]`);
    } else {
      open++;
      // The model's guess may have led or taken the third place: compare the categories both hold.
      const both = now.filter((c) => was.includes(c));
      if (now.length === 0 ? true : was.includes(now[0]!) && same(was.filter((c) => both.includes(c)), both)) openPrefix++;
      if (same(was, now)) openSame++;
    }
  }
  console.log(`replayed ${rows.length} dev logs at ${Object.keys(commits).length} commits`);
  console.log(`where the model could add nothing: ${strictSame}/${strict} agree with the recorded categories (${pct(strictSame, strict)})`);
  console.log(`where it could (${open}): the recorded ones hold the replayed first candidate, and the shared categories in the same order, on ${openPrefix}; identical on ${openSame}`);
  for (const d of differ) console.log(d);
}

const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const pct = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(1)} %` : '—');
