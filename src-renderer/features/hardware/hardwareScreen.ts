import { createElement } from 'react';
import type { Screen } from '../../app/Screen';
import { HardwareScreen } from './HardwareScreen';

export const hardwareScreen: Screen = { id: 'hardware', label: 'Machine', render: () => createElement(HardwareScreen) };
