import type { GraphTensor } from './peakGraphBytes.js';

/** Appends a compute graph's tensors in execution order and hands back their indices. */
export class GraphBuilder {
  readonly tensors: GraphTensor[] = [];

  private add(t: GraphTensor): number {
    this.tensors.push(t);
    return this.tensors.length - 1;
  }

  /** A graph input (ids, positions, masks): allocated before any op runs, freed after its last reader. */
  input(bytes: number): number {
    return this.add({ bytes, srcs: [], input: true });
  }

  /** An op with its own output (matmul, concat, get_rows, glu, flash attention…). */
  op(bytes: number, srcs: number[]): number {
    return this.add({ bytes, srcs });
  }

  /** An op ggml may run in place over its first source (norm, mul, add, scale, rope, softmax, unary). */
  inplace(src: number, ...more: number[]): number {
    return this.add({ bytes: this.tensors[src]!.bytes, srcs: [src, ...more], inplace: true });
  }

  /**
   * A reshape, permute or slice: no memory of its own; it keeps the tensor it views alive. Its size is the
   * viewed tensor's (an op over a reshape has that size; over a slice the op's own size is given).
   */
  view(of: number): number {
    return this.add({ bytes: this.tensors[of]!.bytes, srcs: [of], viewOf: this.tensors[of]!.viewOf ?? of });
  }

  /** A write into the KV cache (memory outside the graph): reads its sources, allocates nothing. */
  store(srcs: number[]): number {
    return this.add({ bytes: 0, srcs, external: true });
  }

  /** Marks a graph output (logits, final embeddings): never freed. */
  output(i: number): number {
    this.tensors[i]!.output = true;
    return i;
  }
}
