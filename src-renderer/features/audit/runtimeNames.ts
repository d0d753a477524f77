export { RUNTIME_LABELS as RUNTIME_NAMES } from '../../../src-shared/domain/audit/runtimeLabels';
