import { createElement } from 'react';
import type { Screen } from '../../app/Screen';
import { DiagnoseScreen } from './DiagnoseScreen';

export const diagnoseScreen: Screen = { id: 'diagnose', label: 'Diagnose', render: () => createElement(DiagnoseScreen) };
