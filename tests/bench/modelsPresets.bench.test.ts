import { statSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { getLlama } from 'node-llama-cpp';
import { ggmlTypeByName, rowBytes } from '../../src-shared/domain/memory/ggmlTypes';
import { modelPresets, scaleDepth } from '../../src-shared/domain/models/modelPresets';
import { tensorPlan } from '../../src-shared/domain/models/tensorPlan';
import { writeSyntheticGguf } from '../../src-main/models/synth/writeSyntheticGguf';

// Bar: a synthetic model of each preset loads in node-llama-cpp and generates tokens, and its file size is
// what the written geometry predicts. Full vocabularies, depth cut to 2 layers (q4_0), to fit this machine.

it('every preset: write, check the size against the geometry, load, generate', async () => {
  const dir = mkdtempSync(join(os.tmpdir(), 'headroom-presets-'));
  const llama = await getLlama({ gpu: false });
  const rows: string[] = [];
  try {
    for (const preset of modelPresets) {
      const geometry = scaleDepth(preset.geometry, 2);
      const path = join(dir, `${preset.name}.gguf`);
      const started = performance.now();
      const info = await writeSyntheticGguf({ geometry, outPath: path, weightType: 'q4_0', preset: preset.name, originalLayers: preset.geometry.layers });
      const writeMs = performance.now() - started;
      // Independent arithmetic: each tensor in the plan, in q4_0 (f16 where rows do not fill 32-blocks; f32 for norms), padded to 32.
      const q4 = ggmlTypeByName('q4_0')!;
      const f16 = ggmlTypeByName('f16')!;
      const f32 = ggmlTypeByName('f32')!;
      const predicted = tensorPlan(geometry).reduce((sum, t) => {
        const type = t.fill !== 'noise' ? f32 : t.shape[0]! % 32 === 0 ? q4 : f16;
        return sum + Math.ceil((rowBytes(type, t.shape[0]!) * t.shape.slice(1).reduce((a, b) => a * b, 1)) / 32) * 32;
      }, 0);
      expect(info.tensorDataBytes).toBe(predicted);
      expect(statSync(path).size).toBe(info.sizeBytes);
      const loadStarted = performance.now();
      const model = await llama.loadModel({ modelPath: path });
      const context = await model.createContext({ contextSize: 512, threads: 2 });
      const generated: number[] = [];
      for await (const token of context.getSequence().evaluate(model.tokenize('The quick brown fox jumps over the lazy dog.'), { temperature: 0 })) {
        generated.push(token);
        if (generated.length >= 4) break;
      }
      expect(generated).toHaveLength(4);
      rows.push(`${preset.name.padEnd(18)} ${(info.sizeBytes / 1024 ** 2).toFixed(1).padStart(8)} MiB (geometry predicts ${(predicted / 1024 ** 2).toFixed(1)} MiB of tensor data)  write ${writeMs.toFixed(0).padStart(6)} ms  load+generate 4 tokens ${(performance.now() - loadStarted).toFixed(0).padStart(6)} ms`);
      await context.dispose();
      await model.dispose();
      rmSync(path);
    }
  } finally {
    await llama.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(rows.join('\n'));
}, 1_800_000);
