/** One tensor of a compute graph, as ggml's graph allocator sees it. */
export interface GraphTensor {
  /** Bytes the tensor needs (a view allocates nothing; its figure is the size of what it views). */
  bytes: number;
  /** Tensors it reads, by index into the graph (weights and the KV cache are external and left out). */
  srcs: number[];
  /** An op ggml may run in place over a same-shaped parent (ggml_op_can_inplace: norms, scale, add, mul, rope, softmax, unary…). */
  inplace?: boolean;
  /** The tensor it is a view of (reshape, permute, view): no memory of its own. */
  viewOf?: number;
  /** A graph input (mask, positions, token ids…): allocated before any op runs. */
  input?: boolean;
  /** Written into memory outside the graph (a KV cache store): allocates nothing. */
  external?: boolean;
  /** A graph output (the logits): never freed. */
  output?: boolean;
}

/** ggml's CPU buffer alignment (TENSOR_ALIGNMENT). */
const ALIGNMENT = 32;
const align = (n: number) => Math.ceil(n / ALIGNMENT) * ALIGNMENT;

interface FreeBlock {
  offset: number;
  size: number;
}

/**
 * ggml's dynamic allocator (ggml_dyn_tallocr) on one unbounded chunk: best fit among the free blocks before
 * the last one, else the tail; freed ranges merge with their neighbours. Only the high-water mark is kept.
 */
class DynAllocator {
  private blocks: FreeBlock[] = [{ offset: 0, size: Number.MAX_SAFE_INTEGER }];
  maxSize = 0;

  alloc(bytes: number): number {
    const size = align(bytes);
    let best = -1;
    for (let i = 0; i < this.blocks.length - 1; i++) {
      if (this.blocks[i]!.size >= size && (best === -1 || this.blocks[i]!.size <= this.blocks[best]!.size)) best = i;
    }
    if (best === -1) best = this.blocks.length - 1;
    const block = this.blocks[best]!;
    const offset = block.offset;
    block.offset += size;
    block.size -= size;
    if (block.size === 0) this.blocks.splice(best, 1);
    this.maxSize = Math.max(this.maxSize, offset + size);
    return offset;
  }

  free(offset: number, bytes: number): void {
    const size = align(bytes);
    for (let i = 0; i < this.blocks.length; i++) {
      const block = this.blocks[i]!;
      if (block.offset + block.size === offset) {
        block.size += size;
        const next = this.blocks[i + 1];
        if (next && block.offset + block.size === next.offset) {
          block.size += next.size;
          this.blocks.splice(i + 1, 1);
        }
        return;
      }
      if (offset + size === block.offset) {
        block.offset = offset;
        block.size += size;
        const prev = this.blocks[i - 1];
        if (prev && prev.offset + prev.size === block.offset) {
          prev.size += block.size;
          this.blocks.splice(i, 1);
        }
        return;
      }
    }
    const at = this.blocks.findIndex((b) => b.offset > offset);
    this.blocks.splice(at === -1 ? this.blocks.length : at, 0, { offset, size });
  }
}

interface TensorState {
  offset: number;
  allocated: boolean;
  children: number;
  views: number;
}

/**
 * The bytes ggml_gallocr reserves for a graph: inputs first, then every op in order, each in place over a
 * parent it is the last reader of when the op allows it, and every tensor freed after its last reader.
 * A port of ggml-alloc.c (the llama.cpp node-llama-cpp bundles) for one CPU buffer, so the peak includes the
 * fragmentation the real allocator leaves, not only the tensors alive at once. It departs from it in one
 * place, in-place reuse through a view (see reuseParent), where the measured buffers say so.
 */
export function peakGraphBytes(graph: GraphTensor[]): number {
  const heap = new DynAllocator();
  const state: TensorState[] = graph.map(() => ({ offset: 0, allocated: false, children: 0, views: 0 }));
  const done = new Set<number>();
  const allocate = (i: number) => {
    const t = graph[i]!;
    if (done.has(i) || t.viewOf !== undefined || t.external) return;
    done.add(i);
    state[i]!.allocated = true;
    if (t.inplace && reuseParent(graph, state, i)) return;
    state[i]!.offset = heap.alloc(t.bytes);
  };
  graph.forEach((t) => {
    if (t.viewOf !== undefined) state[t.viewOf]!.views++;
    for (const s of t.srcs) state[s]!.children++;
  });
  graph.forEach((t, i) => t.input && allocate(i));
  graph.forEach((t, i) => {
    if (t.input) return;
    allocate(i);
    for (const s of t.srcs) release(graph, state, s, heap);
  });
  return heap.maxSize;
}

/** ggml_gallocr_allocate_node's in-place branch: take over a same-sized parent this op is the last reader of. */
function reuseParent(graph: GraphTensor[], state: TensorState[], i: number): boolean {
  const node = graph[i]!;
  for (const p of node.srcs) {
    const parent = graph[p]!;
    const ps = state[p]!;
    if (parent.output || parent.bytes !== node.bytes) continue;
    // ggml_gallocr has a branch that reuses a view's memory, but in these graphs it does not fire: RoPE and the
    // Q/K norms over a reshaped projection get their own memory (llama-fit-params agrees to the byte only so;
    // which of the branch's conditions fails there has not been traced).
    if (parent.viewOf !== undefined || !ps.allocated || ps.children !== 1 || ps.views !== 0) continue;
    state[i]!.offset = ps.offset;
    ps.allocated = false;
    return true;
  }
  return false;
}

/** After an op ran: a parent with no readers and no views left is freed (through its view, the viewed tensor). */
function release(graph: GraphTensor[], state: TensorState[], p: number, heap: DynAllocator): void {
  const ps = state[p]!;
  ps.children--;
  if (ps.children !== 0 || ps.views !== 0) return;
  const parent = graph[p]!;
  if (parent.viewOf !== undefined) {
    const os = state[parent.viewOf]!;
    os.views--;
    if (os.views === 0 && os.children === 0 && os.allocated) free(graph, state, parent.viewOf, heap);
  } else if (ps.allocated) {
    free(graph, state, p, heap);
  }
}

function free(graph: GraphTensor[], state: TensorState[], i: number, heap: DynAllocator): void {
  if (graph[i]!.output) return;
  state[i]!.allocated = false;
  heap.free(state[i]!.offset, graph[i]!.bytes);
}
