import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/launchChromium';
import { RESULTS, ROOT } from '../support/paths';
import { runCli } from '../support/runCli';

// The bar: the HTML report opens in Chromium with no console error and makes no network request
// other than loading the file itself.

const FIXTURES = join(ROOT, 'tests', 'fixtures', 'probes');
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('the HTML report in Chromium', () => {
  for (const fixture of ['findmax-cgroup-oom.jsonl', 'crashed-vulkan-grid.jsonl', 'no-passing-vulkan-abort.jsonl', 'grid-cpu-tiny.jsonl']) {
    it(`${fixture}: loads nothing but itself, logs no error, and draws its charts`, async () => {
      const out = join(mkdtempSync(join(os.tmpdir(), 'headroom-report-html-')), `${fixture}.html`);
      const run = await runCli(['report', join(FIXTURES, fixture), '--format', 'html', '--out', out]);
      expect(run.code, run.stderr).toBe(0);

      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && errors.push(`${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => errors.push(e.message));
      const url = pathToFileURL(out).href;
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForTimeout(500);

      expect(requests).toEqual([url]);
      expect(errors).toEqual([]);
      expect(await page.locator('figure[data-chart] svg').count()).toBe(3);
      const passing = await page.locator('td .good').count();
      if (passing > 0) {
        expect(await page.locator('figure[data-chart="generation"] circle').count()).toBe(passing);
        // Every number of every recipe block carries its source.
        const titles = await page.locator('details[data-runtime] .src').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('title') ?? ''));
        expect(titles.length).toBeGreaterThan(20);
        for (const title of titles) expect(title).not.toBe('');
      } else {
        expect(await page.locator('.bad', { hasText: 'No recipe' }).count()).toBe(1);
      }
      mkdirSync(RESULTS, { recursive: true });
      await page.screenshot({ path: join(RESULTS, `report-${fixture.replace('.jsonl', '')}.png`), fullPage: true });
      await page.close();
    });
  }
});
