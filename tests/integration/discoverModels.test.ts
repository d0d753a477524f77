import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelListSchema, type ModelList } from '../../src-shared/contract/models';
import { discoverModels } from '../../src-main/models/discovery/discoverModels';
import { modelPlaces } from '../../src-main/models/discovery/modelPlaces';
import { CLI, ROOT } from '../support/paths';
import { tinyModel } from '../support/tinyModel';
import { copyCliTo, NOBODY, openToAll, sharedTempDir } from '../support/unprivilegedCli';

// A fixture tree shaped like the real stores (Ollama manifests and blobs, LM Studio, the Hugging Face cache
// with snapshot symlinks, llama.cpp's cache, an added folder with a link cycle, an unreadable folder and a
// damaged file), scanned by `headroom models --json` as a real process.

// Root reads everything: as root the scan runs as `nobody`, so that a folder without permissions is really
// unreadable. `nobody` may not reach the checkout or TMPDIR (a private `mktemp -d` clone, /root), so the tree
// and a copy of the CLI go to a temporary folder it can traverse. A normal user scans as itself.
const asRoot = process.getuid?.() === 0;
const shared = asRoot ? sharedTempDir('headroom-discover-') : null;
const asNobody = shared !== null;
const root = shared ?? mkdtempSync(join(os.tmpdir(), 'headroom-discover-'));
const home = join(root, 'home');
const env = {
  HOME: home,
  HF_HOME: join(root, 'hf'),
  LLAMA_CACHE: join(root, 'llama-cache'),
  OLLAMA_MODELS: join(root, 'ollama'),
  HEADROOM_DATA_DIR: join(root, 'data'),
  XDG_CACHE_HOME: join(root, 'cache'),
  ...(asNobody ? { TMPDIR: root } : {}),
};
// Root without a folder that `nobody` can reach cannot make a folder unreadable: only that check is skipped.
const deniedSkipReason = asRoot && !asNobody ? 'running as root and no temporary folder is traversable by other users, so no folder can be made unreadable' : null;
let cli = CLI;

function put(path: string, source: string) {
  mkdirSync(join(path, '..'), { recursive: true });
  copyFileSync(source, path);
}

function runModels(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'models', ...args], { cwd: asNobody ? root : ROOT, env: { ...process.env, ...env }, ...(asNobody ? NOBODY : {}) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

afterAll(() => {
  chmodSync(join(root, 'my-models', 'locked'), 0o755);
  rmSync(root, { recursive: true, force: true });
});

beforeAll(async () => {
  const model = await tinyModel();
  const digest = 'a'.repeat(64);
  put(join(env.OLLAMA_MODELS, 'blobs', `sha256-${digest}`), model);
  const manifest = (d: string) => JSON.stringify({ schemaVersion: 2, layers: [{ mediaType: 'application/vnd.ollama.image.model', digest: `sha256:${d}`, size: 1 }, { mediaType: 'application/vnd.ollama.image.template', digest: `sha256:${'b'.repeat(64)}` }] });
  mkdirSync(join(env.OLLAMA_MODELS, 'manifests/registry.ollama.ai/library/qwen3'), { recursive: true });
  writeFileSync(join(env.OLLAMA_MODELS, 'manifests/registry.ollama.ai/library/qwen3/8b'), manifest(digest));
  mkdirSync(join(env.OLLAMA_MODELS, 'manifests/registry.ollama.ai/someone/custom'), { recursive: true });
  writeFileSync(join(env.OLLAMA_MODELS, 'manifests/registry.ollama.ai/someone/custom/latest'), manifest('c'.repeat(64)));
  put(join(home, '.lmstudio/models/lmstudio-community/Foo-GGUF/foo-Q4_K_M.gguf'), model);
  put(join(home, '.lmstudio/models/lmstudio-community/Foo-GGUF/mmproj-foo-f16.gguf'), model);
  const hf = join(env.HF_HOME, 'hub/models--Qwen--Qwen3-8B-GGUF');
  put(join(hf, 'blobs/0123abcd'), model);
  mkdirSync(join(hf, 'snapshots/abc123'), { recursive: true });
  symlinkSync('../../blobs/0123abcd', join(hf, 'snapshots/abc123/Qwen3-8B-Q4_K_M.gguf'));
  put(join(env.LLAMA_CACHE, 'bartowski_Llama-3.2-1B-GGUF_Llama-3.2-1B-Q4_K_M.gguf'), model);
  const folder = join(root, 'my-models');
  put(join(folder, 'deep/inside/mine.gguf'), model);
  symlinkSync('..', join(folder, 'deep/loop'));
  put(join(folder, 'locked/secret.gguf'), model);
  writeFileSync(join(folder, 'broken.gguf'), 'GGUF but not really');
  writeFileSync(join(folder, 'big-00002-of-00002.gguf'), 'part two is read through part one');
  mkdirSync(env.HEADROOM_DATA_DIR, { recursive: true });
  if (asNobody) {
    cli = copyCliTo(join(root, 'cli'));
    openToAll(root);
    for (const dir of [root, home, env.HEADROOM_DATA_DIR]) chmodSync(dir, 0o777);
  }
  chmodSync(join(folder, 'locked'), 0o000);
  const add = await runModels(['--add-folder', folder, '--json']);
  expect(add.code, add.stderr).toBe(0);
});

describe('discovery over a fixture tree, through `headroom models --json`', () => {
  let list: ModelList;
  beforeAll(async () => {
    const run = await runModels(['--json']);
    expect(run.code, run.stderr).toBe(0);
    list = ModelListSchema.parse(JSON.parse(run.stdout));
  });
  const byName = (name: string) => list.models.find((m) => m.name === name);

  it('names Ollama models the way ollama list does, from manifests to blobs', () => {
    expect(byName('qwen3:8b')).toMatchObject({ source: 'ollama', architecture: 'llama', contextLength: 8192, error: null });
    expect(byName('qwen3:8b')!.path).toMatch(/blobs\/sha256-a{64}$/);
    // A manifest whose blob is gone is reported on its place, not listed.
    expect(byName('someone/custom:latest')).toBeUndefined();
    expect(list.places.find((p) => p.source === 'ollama')!.detail).toMatch(/someone\/custom:latest: blob missing/);
  });

  it('finds LM Studio, Hugging Face (through snapshot symlinks) and llama.cpp cache files', () => {
    expect(byName('lmstudio-community/Foo-GGUF/foo-Q4_K_M')).toMatchObject({ source: 'lmstudio', auxiliary: false });
    expect(byName('lmstudio-community/Foo-GGUF/mmproj-foo-f16')).toMatchObject({ auxiliary: true });
    expect(byName('Qwen/Qwen3-8B-GGUF/Qwen3-8B-Q4_K_M')).toMatchObject({ source: 'huggingface', architecture: 'llama' });
    expect(byName('bartowski_Llama-3.2-1B-GGUF_Llama-3.2-1B-Q4_K_M')).toMatchObject({ source: 'llama.cpp' });
  });

  it('scans added folders through symlinks without looping, and reports what it could not read', () => {
    expect(list.folders).toEqual([join(root, 'my-models')]);
    expect(byName('deep/inside/mine')).toMatchObject({ source: 'folder' });
    expect(list.models.filter((m) => m.name.endsWith('mine'))).toHaveLength(1);
    const broken = byName('broken');
    expect(broken?.error?.code).toBe('gguf_read');
    expect(broken?.error?.message).toContain('broken.gguf');
    expect(byName('big-00002-of-00002')).toBeUndefined();
    expect(list.places.find((p) => p.source === 'node-llama-cpp')!.status).toBe('missing');
  });

  it.skipIf(deniedSkipReason)(`reports a folder it may not read, and lists nothing from it${deniedSkipReason ? ` (skipped: ${deniedSkipReason})` : ''}`, () => {
    expect(byName('locked/secret')).toBeUndefined();
    expect(list.places.find((p) => p.source === 'folder')!.detail).toMatch(/locked: permission denied/);
  });
});

describe('a large tree', () => {
  it('reports progress while scanning and returns what it found when cancelled', async () => {
    const big = mkdtempSync(join(os.tmpdir(), 'headroom-bigtree-'));
    for (let i = 0; i < 400; i++) mkdirSync(join(big, `a${i % 20}`, `b${i}`, 'c', 'd'), { recursive: true });
    const places = modelPlaces({}, join(big, 'data'), [big], join(big, 'nohome')).filter((p) => p.source === 'folder');
    const progress: number[] = [];
    // Every folder reports, so the test does not depend on how fast this disk is.
    const full = await discoverModels({ places, folders: [big], progressIntervalMs: 0, onProgress: (p) => progress.push(p.foldersScanned) });
    expect(full.cancelled).toBe(false);
    expect(progress.length).toBeGreaterThan(1);
    expect(Math.max(...progress)).toBeGreaterThan(0);
    const controller = new AbortController();
    const cancelled = await discoverModels({ places, folders: [big], signal: controller.signal, progressIntervalMs: 0, onProgress: (p) => p.foldersScanned > 50 && controller.abort() });
    expect(cancelled.cancelled).toBe(true);
    rmSync(big, { recursive: true, force: true });
  });
});
