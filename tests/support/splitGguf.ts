import { readFileSync, writeFileSync } from 'node:fs';
import { gguf, GGUFValueType, serializeGgufMetadata, type GGUFTypedMetadata } from '@huggingface/gguf';

const ALIGNMENT = 32;
const pad = (n: number) => Math.ceil(n / ALIGNMENT) * ALIGNMENT;

/**
 * Splits a GGUF into `count` parts the way llama.cpp's gguf-split does: the first part keeps all the
 * metadata, every part gets `split.no`, `split.count` and `split.tensors.count`, and the tensors are
 * shared out in order; `transform` may rewrite the first part's metadata. Returns the parts' paths (`<prefix>-00001-of-0000N.gguf`, …).
 */
export async function splitGguf(source: string, prefix: string, count: number, transform: (kv: Record<string, { value: unknown; type: GGUFValueType }>) => Record<string, { value: unknown; type: GGUFValueType }> = (kv) => kv): Promise<string[]> {
  const parsed = await gguf(source, { allowLocalFile: true, typedMetadata: true });
  const bytes = readFileSync(source);
  const dataStart = Number(parsed.tensorDataOffset);
  const infos = parsed.tensorInfos;
  const per = Math.ceil(infos.length / count);
  const paths: string[] = [];
  for (let no = 0; no < count; no++) {
    const mine = infos.slice(no * per, (no + 1) * per);
    const base: Record<string, unknown> = no === 0 ? { ...parsed.typedMetadata } : { version: parsed.typedMetadata.version };
    const all = {
      ...base,
      'split.no': { value: no, type: GGUFValueType.UINT16 },
      'split.count': { value: count, type: GGUFValueType.UINT16 },
      'split.tensors.count': { value: infos.length, type: GGUFValueType.INT32 },
    } as Record<string, { value: unknown; type: GGUFValueType }>;
    delete all.tensor_count;
    delete all.kv_count;
    const kv = no === 0 ? transform(all) : all;
    const keys = Object.keys(kv).filter((k) => k !== 'version').length;
    const meta = { ...kv, tensor_count: { value: BigInt(mine.length), type: GGUFValueType.UINT64 }, kv_count: { value: BigInt(keys), type: GGUFValueType.UINT64 } } as unknown as GGUFTypedMetadata;
    const head = Buffer.from(serializeGgufMetadata(meta, { alignment: 1 }));
    let offset = 0;
    const placed = mine.map((t, i) => {
      const next = infos[infos.indexOf(t) + 1];
      const end = next ? Number(next.offset) : bytes.length - dataStart;
      const data = bytes.subarray(dataStart + Number(t.offset), dataStart + end);
      const at = offset;
      offset += pad(data.length);
      return { t, data, at, i };
    });
    const infoBytes = Buffer.concat(placed.map(({ t, at }) => {
      const name = Buffer.from(t.name, 'utf8');
      const b = Buffer.alloc(8 + name.length + 4 + 8 * t.shape.length + 4 + 8);
      let p = b.writeBigUInt64LE(BigInt(name.length), 0);
      p += name.copy(b, p);
      p = b.writeUInt32LE(t.shape.length, p);
      for (const d of t.shape) p = b.writeBigUInt64LE(BigInt(d), p);
      p = b.writeUInt32LE(Number(t.dtype), p);
      b.writeBigUInt64LE(BigInt(at), p);
      return b;
    }));
    const header = Buffer.concat([head, infoBytes]);
    const out = Buffer.alloc(pad(header.length) + offset);
    header.copy(out, 0);
    for (const { data, at } of placed) data.copy(out, pad(header.length) + at);
    const path = `${prefix}-${String(no + 1).padStart(5, '0')}-of-${String(count).padStart(5, '0')}.gguf`;
    writeFileSync(path, out);
    paths.push(path);
  }
  return paths;
}
