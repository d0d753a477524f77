// ggml tensor types: id (as stored in GGUF tensor infos), elements per block, bytes per block
// (from ggml.h and the static_asserts in ggml-common.h of the llama.cpp node-llama-cpp bundles).

export interface GgmlTypeInfo {
  id: number;
  name: string;
  blockSize: number;
  blockBytes: number;
}

const table: [number, string, number, number][] = [
  [0, 'f32', 1, 4], [1, 'f16', 1, 2], [2, 'q4_0', 32, 18], [3, 'q4_1', 32, 20], [6, 'q5_0', 32, 22], [7, 'q5_1', 32, 24],
  [8, 'q8_0', 32, 34], [9, 'q8_1', 32, 36], [10, 'q2_K', 256, 84], [11, 'q3_K', 256, 110], [12, 'q4_K', 256, 144],
  [13, 'q5_K', 256, 176], [14, 'q6_K', 256, 210], [15, 'q8_K', 256, 292], [16, 'iq2_xxs', 256, 66], [17, 'iq2_xs', 256, 74],
  [18, 'iq3_xxs', 256, 98], [19, 'iq1_s', 256, 50], [20, 'iq4_nl', 32, 18], [21, 'iq3_s', 256, 110], [22, 'iq2_s', 256, 82],
  [23, 'iq4_xs', 256, 136], [24, 'i8', 1, 1], [25, 'i16', 1, 2], [26, 'i32', 1, 4], [27, 'i64', 1, 8], [28, 'f64', 1, 8],
  [29, 'iq1_m', 256, 56], [30, 'bf16', 1, 2], [34, 'tq1_0', 256, 54], [35, 'tq2_0', 256, 66], [39, 'mxfp4', 32, 17],
  [40, 'nvfp4', 64, 36], [41, 'q1_0', 128, 18], [42, 'q2_0', 64, 18],
];

export const ggmlTypes: GgmlTypeInfo[] = table.map(([id, name, blockSize, blockBytes]) => ({ id, name, blockSize, blockBytes }));

const byId = new Map(ggmlTypes.map((t) => [t.id, t]));
const byName = new Map(ggmlTypes.map((t) => [t.name.toLowerCase(), t]));

export function ggmlTypeById(id: number): GgmlTypeInfo | undefined {
  return byId.get(id);
}

export function ggmlTypeByName(name: string): GgmlTypeInfo | undefined {
  return byName.get(name.toLowerCase());
}

/** Bytes of one row of `elements` values (ggml_row_size): whole blocks only. */
export function rowBytes(type: GgmlTypeInfo, elements: number): number {
  return Math.ceil(elements / type.blockSize) * type.blockBytes;
}

/** Bytes per element, e.g. 34/32 for q8_0. */
export function bytesPerElement(type: GgmlTypeInfo): number {
  return type.blockBytes / type.blockSize;
}

/** llama_ftype (`general.file_type`) → a label people know, e.g. 15 → Q4_K_M. */
export const FILE_TYPE_LABELS: Record<number, string> = {
  0: 'F32', 1: 'F16', 2: 'Q4_0', 3: 'Q4_1', 7: 'Q8_0', 8: 'Q5_0', 9: 'Q5_1', 10: 'Q2_K', 11: 'Q3_K_S', 12: 'Q3_K_M', 13: 'Q3_K_L',
  14: 'Q4_K_S', 15: 'Q4_K_M', 16: 'Q5_K_S', 17: 'Q5_K_M', 18: 'Q6_K', 19: 'IQ2_XXS', 20: 'IQ2_XS', 21: 'Q2_K_S', 22: 'IQ3_XS',
  23: 'IQ3_XXS', 24: 'IQ1_S', 25: 'IQ4_NL', 26: 'IQ3_S', 27: 'IQ3_M', 28: 'IQ2_S', 29: 'IQ2_M', 30: 'IQ4_XS', 31: 'IQ1_M',
  32: 'BF16', 36: 'TQ1_0', 37: 'TQ2_0', 38: 'MXFP4_MOE',
};
