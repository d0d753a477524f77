import { describe, expect, it } from 'vitest';
import { bytesPerElement, ggmlTypeById, ggmlTypeByName, rowBytes } from '../../src-shared/domain/memory/ggmlTypes';
import { splitLayers } from '../../src-shared/domain/memory/splitLayers';
import { geometryFromMetadata } from '../../src-shared/domain/models/geometryFromMetadata';
import { findPreset, modelPresets, scaleDepth } from '../../src-shared/domain/models/modelPresets';
import { slidingWindowLayersFromPattern } from '../../src-shared/domain/models/ModelGeometry';

describe('ggml type sizes', () => {
  it('has the block sizes KV caches use', () => {
    const bpe = (name: string) => bytesPerElement(ggmlTypeByName(name)!);
    expect(bpe('f32')).toBe(4);
    expect(bpe('f16')).toBe(2);
    expect(bpe('bf16')).toBe(2);
    expect(bpe('q8_0')).toBe(34 / 32);
    expect(bpe('q4_0')).toBe(18 / 32);
    expect(bpe('q4_1')).toBe(20 / 32);
    expect(bpe('q5_0')).toBe(22 / 32);
    expect(bpe('q5_1')).toBe(24 / 32);
    expect(bpe('iq4_nl')).toBe(18 / 32);
    expect(bpe('q4_K')).toBe(144 / 256);
    expect(bpe('q6_K')).toBe(210 / 256);
  });

  it('maps GGUF type ids and rounds rows up to whole blocks', () => {
    expect(ggmlTypeById(8)?.name).toBe('q8_0');
    expect(ggmlTypeById(12)?.name).toBe('q4_K');
    expect(ggmlTypeById(4)).toBeUndefined();
    expect(rowBytes(ggmlTypeByName('q8_0')!, 1024)).toBe(32 * 34);
    expect(rowBytes(ggmlTypeByName('q8_0')!, 33)).toBe(2 * 34);
  });
});

describe('geometryFromMetadata', () => {
  it('applies llama.cpp defaults: KV heads = heads, head size = embedding / heads', () => {
    const g = geometryFromMetadata({ 'general.architecture': 'llama', 'llama.block_count': 2, 'llama.embedding_length': 4096, 'llama.attention.head_count': 32 });
    expect(g).toMatchObject({ layers: 2, heads: 32, kvHeads: 32, keyLength: 128, valueLength: 128, slidingWindow: null, mla: null, vocabSize: 0 });
  });

  it('keeps per-layer head arrays and finds gemma2\'s default window and pattern', () => {
    const g = geometryFromMetadata({ 'general.architecture': 'gemma2', 'gemma2.block_count': 4, 'gemma2.embedding_length': 2304, 'gemma2.attention.head_count': [8, 8, 8, 8], 'gemma2.attention.head_count_kv': [4, 4, 4, 4], 'gemma2.attention.key_length': 256 });
    expect(g.slidingWindow).toBe(4096);
    expect(g.slidingWindowLayers).toEqual([true, false, true, false]);
    expect(g.kvHeads).toEqual([4, 4, 4, 4]);
  });

  it('reads MLA in both layouts and recurrent state', () => {
    const latent = geometryFromMetadata({ 'general.architecture': 'deepseek2', 'deepseek2.block_count': 61, 'deepseek2.embedding_length': 7168, 'deepseek2.attention.head_count': 128, 'deepseek2.attention.head_count_kv': 1, 'deepseek2.attention.kv_lora_rank': 512, 'deepseek2.attention.key_length': 576, 'deepseek2.attention.value_length': 512, 'deepseek2.attention.key_length_mla': 192, 'deepseek2.attention.value_length_mla': 128, 'deepseek2.rope.dimension_count': 64 });
    expect(latent.mla).toMatchObject({ layout: 'latent', kvLoraRank: 512, ropeDim: 64, keyLengthMla: 192 });
    const mamba = geometryFromMetadata({ 'general.architecture': 'mamba', 'mamba.block_count': 2, 'mamba.embedding_length': 768, 'mamba.ssm.state_size': 16, 'mamba.ssm.inner_size': 1536, 'mamba.ssm.conv_kernel': 4 });
    expect(mamba.ssm?.recurrentLayers).toEqual([true, true]);
  });

  it('names the missing or malformed key and says what to do', () => {
    expect(() => geometryFromMetadata({})).toThrow(/no "general.architecture"/);
    expect(() => geometryFromMetadata({ 'general.architecture': 'qwen2', 'qwen2.block_count': 28 })).toThrow(/no "qwen2.embedding_length"/);
    expect(() => geometryFromMetadata({ 'general.architecture': 'qwen2', 'qwen2.block_count': -1, 'qwen2.embedding_length': 8 })).toThrow(/"qwen2.block_count" must be a non-negative integer/);
    expect(() => geometryFromMetadata({ 'general.architecture': 'llama', 'llama.block_count': 4, 'llama.embedding_length': 8, 'llama.attention.head_count': [1, 2] })).toThrow(/has 2 entries for 4 layers/);
  });
});

describe('presets and layer placement', () => {
  it('every preset has a sensible geometry; depth cuts keep the per-layer shape and the window pattern', () => {
    expect(modelPresets.length).toBeGreaterThanOrEqual(7);
    const gemma = scaleDepth(findPreset('gemma-3-4b')!.geometry, 7);
    expect(gemma.slidingWindowLayers).toEqual(slidingWindowLayersFromPattern(7, 6));
    expect(gemma.kvHeads).toBe(4);
    expect(scaleDepth(findPreset('deepseek-v2-lite')!.geometry, 1).experts?.leadingDenseBlocks).toBe(1);
  });

  it('puts the last N layers on the GPU, the output head first, and splits by weight', () => {
    expect(splitLayers(4, 0, [{ name: 'g' }])).toEqual([-1, -1, -1, -1, -1]);
    expect(splitLayers(4, 1, [{ name: 'g' }])).toEqual([-1, -1, -1, -1, 0]);
    expect(splitLayers(4, 'all', [])).toEqual([-1, -1, -1, -1, -1]);
    expect(splitLayers(3, 'all', [{ name: 'a', weight: 1 }, { name: 'b', weight: 1 }])).toEqual([0, 0, 1, 1]);
  });
});
