import { FILE_TYPE_LABELS } from '../../../src-shared/domain/memory/ggmlTypes.js';
import type { GgufSummary, GgufTensor } from '../../../src-shared/domain/models/GgufSummary.js';
import type { ModelGeometry } from '../../../src-shared/domain/models/ModelGeometry.js';
import { plainText } from '../../../src-shared/domain/text/plainText.js';
import { preview } from './metadataJson.js';

type Fields = Omit<GgufSummary, 'path' | 'sizeBytes' | 'parts' | 'remote'>;

/** What a GGUF summary says about the model, the same whether the header came from a file or over HTTP. */
export function ggufSummaryFields(metadata: Record<string, unknown>, geometry: ModelGeometry, tensors: GgufTensor[]): Fields {
  const fileType = metadata['general.file_type'];
  return {
    version: Number(metadata.version),
    // Strings from a GGUF reach recipes, shells and terminals: control characters are dropped first.
    name: typeof metadata['general.name'] === 'string' ? plainText(metadata['general.name']) : null,
    architecture: geometry.architecture,
    fileType: typeof fileType === 'number' || typeof fileType === 'bigint' ? (FILE_TYPE_LABELS[Number(fileType)] ?? `type ${fileType}`) : null,
    parameterCount: tensors.reduce((s, t) => s + t.shape.reduce((a, b) => a * b, 1), 0),
    tensorCount: tensors.length,
    tensorBytes: tensors.reduce((s, t) => s + t.bytes, 0),
    geometry,
    metadata: preview(metadata),
    tensors,
    synthetic: metadata['headroom.synthetic'] === true,
  };
}
