import { createElement } from 'react';
import type { Screen } from '../../app/Screen';
import { ExportScreen } from './ExportScreen';

export const exportScreen: Screen = { id: 'export', label: 'Export', render: (params) => createElement(ExportScreen, { params }) };
