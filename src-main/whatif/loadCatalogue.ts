import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WhatIfDevice } from '../../src-shared/contract/whatif.js';
import { HardwareCatalogueSchema } from '../../src-shared/domain/whatif/HardwareCatalogue.js';
import { usableMemory } from '../../src-shared/domain/whatif/usableMemory.js';
import { HeadroomError } from '../../src-shared/errors/HeadroomError.js';

let cached: WhatIfDevice[] | null = null;

/** `resources/hardware/catalogue.json`, found upwards from this file (source tree, out/main, or an app's resources). */
export function catalogueFile(): string {
  if (process.env.HEADROOM_CATALOGUE) return process.env.HEADROOM_CATALOGUE;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    const candidate = join(dir, 'resources', 'hardware', 'catalogue.json');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new HeadroomError('The hardware catalogue was not found.', { code: 'catalogue_missing', hint: 'Run Headroom from its installation (resources/hardware ships with it), or set HEADROOM_CATALOGUE to the catalogue file.' });
}

/** The catalogue's devices, validated, each with its usable memory. */
export function loadCatalogue(file = catalogueFile()): WhatIfDevice[] {
  if (cached && file === catalogueFile()) return cached;
  let parsed;
  try {
    parsed = HardwareCatalogueSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new HeadroomError(`The hardware catalogue ${file} is invalid: ${error instanceof Error ? error.message : String(error)}`, { code: 'catalogue_invalid', hint: 'Restore resources/hardware/catalogue.json from the installation.', cause: error });
  }
  const devices = parsed.devices.map((d) => {
    const usable = usableMemory(d);
    return { ...d, usableBytes: usable.bytes, usableBasis: usable.basis };
  });
  if (file === catalogueFile()) cached = devices;
  return devices;
}
