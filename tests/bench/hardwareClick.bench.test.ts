import { expect, it } from 'vitest';
import { servedChromium } from '../support/servedChromium';
import { runCli } from '../support/runCli';
import { summarize } from '../support/summarize';

const RUNS = 5;
const app = servedChromium();

it('hardware probe: click → rendered result in Chromium, beside the bare API call and the CLI', async () => {
  const click: number[] = [];
  const api: number[] = [];
  const cli: number[] = [];
  const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(app.served.url);
  for (let i = 0; i < RUNS; i++) {
    await page.reload();
    const button = page.getByRole('button', { name: 'Probe this machine' });
    await button.waitFor();
    const started = performance.now();
    await button.click();
    await page.getByTestId('hardware-result').waitFor({ timeout: 120_000 });
    click.push(performance.now() - started);

    const t0 = performance.now();
    const response = await fetch(`${app.served.origin}/api/hardware:probe`, { method: 'POST', headers: { Authorization: `Bearer ${app.served.token}` }, body: '{}' });
    expect(response.status).toBe(200);
    api.push(performance.now() - t0);

    const t1 = performance.now();
    expect((await runCli(['hardware', '--json'])).code).toBe(0);
    cli.push(performance.now() - t1);
  }
  console.log(`\nHardware probe, ${RUNS} runs each (ms)\n` + [summarize('click → rendered (Chromium, serve)', click), summarize('POST /api/hardware:probe', api), summarize('npx headroom hardware --json (process)', cli)].join('\n'));
});
