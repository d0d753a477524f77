import { createElement } from 'react';
import type { Screen } from '../../app/Screen';
import { TroubleshootScreen } from './TroubleshootScreen';

export const troubleshootScreen: Screen = { id: 'troubleshoot', label: 'Out of memory?', render: () => createElement(TroubleshootScreen) };
