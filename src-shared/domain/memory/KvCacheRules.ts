// How a runtime sizes its KV cache. The defaults are those of the llama.cpp that node-llama-cpp 3.22.1
// bundles; older llama.cpp builds and forks differ in ways real logs show, so each difference is a named rule.

export interface KvCacheRules {
  /** The context is rounded up to a multiple of this (llama.cpp pads n_ctx to 256). Defaults to 256. */
  contextPadding: number;
  /**
   * Sliding-window layers get only `min(ctx, window × seqs + ubatch)` cells, rounded up to 256 (llama.cpp's
   * iSWA cache). False: every layer gets the full context (`--swa-full`, ik_llama.cpp, llama.cpp before b5330).
   * Defaults to true.
   */
  slidingWindowCache: boolean;
  /**
   * MLA files (latent layout) cache only K = latent + RoPE; V is read from it. False: a separate V cache of
   * value_length per cell (llama.cpp from b5xxx until V became a view of K). Defaults to true.
   */
  mlaSharedV: boolean;
  /**
   * Old-layout deepseek2 files (no key_length_mla) run with a latent-only cache of kv_lora_rank + rope per
   * layer, as ik_llama.cpp's `-mla` does. False: plain attention over every head (llama.cpp). Defaults to false.
   */
  mlaLatentForExpandedFiles: boolean;
  /**
   * One cache shared by all sequences (`--kv-unified`). False: each sequence gets its own stream of
   * ctx / seqs cells, padded (llama.cpp's and node-llama-cpp's default). Defaults to false.
   */
  kvUnified: boolean;
}

export const llamaCppRules: KvCacheRules = {
  contextPadding: 256,
  slidingWindowCache: true,
  mlaSharedV: true,
  mlaLatentForExpandedFiles: false,
  kvUnified: false,
};

/** Rules of a runtime that printed a log, by name, for reproducing other builds. */
export const kvCacheRuleProfiles = {
  /** The llama.cpp node-llama-cpp 3.22.1 bundles (and current releases). */
  'llama.cpp': llamaCppRules,
  /** llama.cpp b5330–b6xxx: MLA kept a separate V cache; n_ctx padded to 256 with flash attention (32 without). */
  'llama.cpp-2025': { ...llamaCppRules, mlaSharedV: false },
  /** llama.cpp before the iSWA cache (b5330, May 2025). */
  'llama.cpp-pre-iswa': { ...llamaCppRules, slidingWindowCache: false, mlaSharedV: false },
  /** ik_llama.cpp: no iSWA cache; with `-mla` the latent alone is cached even for old files. */
  'ik_llama.cpp-mla': { ...llamaCppRules, slidingWindowCache: false, mlaLatentForExpandedFiles: true },
  'ik_llama.cpp': { ...llamaCppRules, slidingWindowCache: false },
} satisfies Record<string, KvCacheRules>;
export type KvCacheRuleProfile = keyof typeof kvCacheRuleProfiles;
