import { hardwareScreen } from '../features/hardware/hardwareScreen';
import { modelsScreen } from '../features/models/modelsScreen';
import { probeScreen } from '../features/probe/probeScreen';
import { tuneScreen } from '../features/tune/tuneScreen';
import { exportScreen } from '../features/export/exportScreen';
import { diagnoseScreen } from '../features/diagnose/diagnoseScreen';
import { troubleshootScreen } from '../features/troubleshoot/troubleshootScreen';
import type { Screen } from './Screen';

/** The sidebar, in the order of the flow: machine → model → probe → diagnosis → export. */
export const screens: Screen[] = [hardwareScreen, modelsScreen, probeScreen, tuneScreen, diagnoseScreen, troubleshootScreen, exportScreen];
