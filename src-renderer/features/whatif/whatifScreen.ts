import { createElement } from 'react';
import type { Screen } from '../../app/Screen';
import { WhatIfScreen } from './WhatIfScreen';

export const whatifScreen: Screen = { id: 'whatif', label: 'Will it run?', render: (params) => createElement(WhatIfScreen, { params }) };
