import { createElement } from 'react';
import type { Screen } from '../../app/Screen';
import { ProbeScreen } from './ProbeScreen';

export const probeScreen: Screen = { id: 'probe', label: 'Probe', render: (params) => createElement(ProbeScreen, { params }) };
