import { createElement } from 'react';
import type { Screen } from '../../app/Screen';
import { ModelsScreen } from './ModelsScreen';

export const modelsScreen: Screen = { id: 'models', label: 'Models', render: (params) => createElement(ModelsScreen, { params }) };
