import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './launchChromium';
import { startServe, type Served } from './startServe';

/**
 * Starts a real `headroom serve` and Chromium once for the tests of one file (vitest hooks), and stops
 * both afterwards. Read `served` and `browser` inside tests, once the hooks have run.
 */
export function servedChromium(env: Record<string, string> = {}): { readonly served: Served; readonly browser: Browser } {
  const state = {} as { served: Served; browser: Browser };
  beforeAll(async () => {
    state.served = await startServe(env);
    state.browser = await launchChromium();
  });
  afterAll(async () => {
    await state.browser?.close();
    await state.served?.stop();
  });
  return state;
}
