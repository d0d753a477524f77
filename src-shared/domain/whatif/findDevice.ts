import type { CatalogueDevice } from './HardwareCatalogue.js';

/** Lower-case, vendor words and punctuation dropped: "NVIDIA GeForce RTX 4060 8 GB" → "rtx40608gb". */
export function deviceKey(text: string): string {
  return text.toLowerCase().replace(/\b(nvidia|geforce|amd|radeon|intel|apple)\b/g, '').replace(/gib/g, 'gb').replace(/[^a-z0-9]/g, '');
}

/** Catalogue devices a name matches: an exact id, name or alias first, else every device whose name contains it. */
export function matchDevices<T extends CatalogueDevice>(devices: T[], query: string): T[] {
  const key = deviceKey(query);
  if (!key) return [];
  const exact = devices.filter((d) => d.id === query.toLowerCase() || [d.name, ...d.aliases].some((n) => deviceKey(n) === key));
  if (exact.length) return exact;
  return devices.filter((d) => [d.name, ...d.aliases].some((n) => deviceKey(n).includes(key)));
}

/** A device the user describes instead of naming: `custom:NAME:SIZE[:GBPS]`, e.g. `custom:My GPU:6GiB:300`. */
export function parseCustomDevice(text: string, parseSize: (s: string) => number | null): CatalogueDevice | null {
  const m = /^custom:([^:]+):([^:]+)(?::([\d.]+))?$/i.exec(text.trim());
  if (!m) return null;
  const bytes = parseSize(m[2]!);
  if (bytes === null || bytes <= 0) return null;
  const bandwidth = m[3] ? Number(m[3]) : 100;
  if (!(bandwidth > 0)) return null;
  return {
    id: `custom-${deviceKey(m[1]!) || 'device'}`,
    name: m[1]!.trim(),
    aliases: [],
    vendor: 'generic',
    kind: 'gpu',
    memoryGiB: bytes / 2 ** 30,
    backends: ['cuda', 'vulkan'],
    bandwidthGBps: bandwidth,
    source: { url: null, note: `described by the user: ${m[2]} at ${bandwidth} GB/s${m[3] ? '' : ' (bandwidth assumed)'}` },
  };
}
