import { createElement } from 'react';
import type { Screen } from '../../app/Screen';
import { AuditScreen } from './AuditScreen';

export const auditScreen: Screen = { id: 'audit', label: 'Check my setup', render: () => createElement(AuditScreen) };
