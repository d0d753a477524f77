import { useState } from 'react';
import type { WhatIfDevice } from '../../../src-shared/contract/whatif';
import { formatBytes } from '../../components/formatBytes';

/** Catalogue devices to ask about: a filter and a checkbox per device (the chosen ones listed first). */
export function DevicePicker({ devices, chosen, onChange }: { devices: WhatIfDevice[]; chosen: string[]; onChange: (ids: string[]) => void }) {
  const [filter, setFilter] = useState('');
  const q = filter.trim().toLowerCase();
  // Without a filter every device is listed, so unchecking one never makes it vanish under the pointer.
  const shown = devices.filter((d) => !q || chosen.includes(d.id) || `${d.name} ${d.vendor} ${d.backends.join(' ')}`.toLowerCase().includes(q));
  const toggle = (id: string) => onChange(chosen.includes(id) ? chosen.filter((x) => x !== id) : [...chosen, id]);
  return (
    <fieldset className="device-picker">
      <legend>Devices</legend>
      <input type="search" aria-label="Find a device" placeholder="Find a GPU, Mac or RAM size (e.g. 4060, M4, 32 GB)" value={filter} onChange={(e) => setFilter(e.target.value)} />
      <ul data-testid="device-options">
        {shown.map((d) => (
          <li key={d.id}>
            <label>
              <input type="checkbox" checked={chosen.includes(d.id)} onChange={() => toggle(d.id)} aria-label={d.name} />
              {d.name} <span className="muted small">{formatBytes(d.usableBytes)} usable · {d.bandwidthGBps} GB/s · {d.backends.join(', ')}</span>
            </label>
          </li>
        ))}
        {shown.length === 0 && <li className="muted small">No device matches; {devices.length} in the catalogue.</li>}
      </ul>
    </fieldset>
  );
}
