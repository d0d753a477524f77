import { createElement } from 'react';
import type { Screen } from '../../app/Screen';
import { SettingsScreen } from './SettingsScreen';

export const settingsScreen: Screen = { id: 'settings', label: 'Settings', render: () => createElement(SettingsScreen) };
