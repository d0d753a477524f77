import { createElement } from 'react';
import type { Screen } from '../../app/Screen';
import { TuneScreen } from './TuneScreen';

export const tuneScreen: Screen = { id: 'tune', label: 'Tune', render: (params) => createElement(TuneScreen, { params }) };
