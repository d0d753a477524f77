import { hardwareScreen } from '../features/hardware/hardwareScreen';
import { modelsScreen } from '../features/models/modelsScreen';
import { probeScreen } from '../features/probe/probeScreen';
import { tuneScreen } from '../features/tune/tuneScreen';
import { exportScreen } from '../features/export/exportScreen';
import { diagnoseScreen } from '../features/diagnose/diagnoseScreen';
import { troubleshootScreen } from '../features/troubleshoot/troubleshootScreen';
import { auditScreen } from '../features/audit/auditScreen';
import { whatifScreen } from '../features/whatif/whatifScreen';
import { settingsScreen } from '../features/settings/settingsScreen';
import type { Screen } from './Screen';

/** The sidebar, in the order of the flow: machine → model (will it run?) → probe → tune → diagnosis → export, then the running setup, then the settings. */
export const screens: Screen[] = [hardwareScreen, modelsScreen, whatifScreen, probeScreen, tuneScreen, diagnoseScreen, troubleshootScreen, exportScreen, auditScreen, settingsScreen];
