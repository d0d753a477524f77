import type { MemoryBudget } from '../../src-shared/contract/probe.js';
import { checkAddressSpaceAvailable } from './budget/addressSpaceWrapper.js';
import { checkCgroupAvailable } from './budget/memoryCgroup.js';

/** Throws a clear error, before any step runs, when this machine cannot impose the budget. */
export function checkBudgetAvailable(budget: MemoryBudget | null): void {
  if (budget?.mechanism === 'cgroup') checkCgroupAvailable();
  if (budget?.mechanism === 'addressSpace') checkAddressSpaceAvailable();
}
