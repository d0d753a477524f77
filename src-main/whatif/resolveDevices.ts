import type { WhatIfDevice } from '../../src-shared/contract/whatif.js';
import { parseByteSize } from '../../src-shared/domain/probe/parseByteSize.js';
import { deviceKey, matchDevices, parseCustomDevice } from '../../src-shared/domain/whatif/findDevice.js';
import { HeadroomError } from '../../src-shared/errors/HeadroomError.js';

/** Each name to one device: a catalogue entry (by id, name, alias or a unique part of its name), or `custom:NAME:SIZE[:GBPS]`. */
export function resolveDevices(names: string[], catalogue: WhatIfDevice[]): WhatIfDevice[] {
  return names.map((name) => {
    if (/^custom:/i.test(name)) {
      const custom = parseCustomDevice(name, parseByteSize);
      if (!custom) throw new HeadroomError(`Cannot read the device "${name}".`, { code: 'unknown_device', hint: 'Describe a device as custom:NAME:SIZE[:GB/s], e.g. custom:My GPU:6GiB:300.' });
      // A described device is taken at its word: the size given is what the runtime may use.
      return { ...custom, usableBytes: Math.round(custom.memoryGiB * 2 ** 30), usableBasis: 'the size given for this custom device, taken as usable' };
    }
    const found = matchDevices(catalogue, name);
    if (found.length === 1) return found[0]!;
    if (found.length > 1) throw new HeadroomError(`"${name}" matches ${found.length} devices: ${found.slice(0, 8).map((d) => d.name).join(', ')}${found.length > 8 ? ', …' : ''}.`, { code: 'ambiguous_device', hint: 'Give the full name with its memory, e.g. "RTX 4060 8GB" (headroom whatif --list-devices).' });
    const near = catalogue.filter((d) => deviceKey(d.name).includes(deviceKey(name).replace(/\d+gb$/, ''))).slice(0, 6).map((d) => d.name);
    throw new HeadroomError(`No device "${name}" in the hardware catalogue.`, { code: 'unknown_device', hint: `${near.length ? `Did you mean: ${near.join(', ')}? ` : ''}List them with headroom whatif --list-devices, or describe one as custom:NAME:SIZE[:GB/s].` });
  });
}
