import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HardwareReportSchema } from '../../src-shared/contract/hardware';
import { startServe, type Served } from '../support/startServe';

let served: Served;
beforeAll(async () => {
  served = await startServe();
});
afterAll(() => served?.stop());

const call = (path: string, init: RequestInit = {}, token: string | null = served.token) =>
  fetch(`${served.origin}${path}`, { ...init, headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string>) } });

describe('the web bridge (headroom serve)', () => {
  it('prints a loopback URL with a token, and serves the app with it', async () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{40,}$/);
    const response = await fetch(served.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(response.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    expect(await response.text()).toMatch(/<div id="root">/);
  });

  it('refuses a missing or wrong token with 401', async () => {
    expect((await fetch(`${served.origin}/`)).status).toBe(401);
    expect((await fetch(`${served.origin}/?token=wrong`)).status).toBe(401);
    expect((await call('/api/hardware:probe', { method: 'POST', body: '{}' }, 'x'.repeat(43))).status).toBe(401);
  });

  it('refuses a foreign Origin or Host with 403 (DNS rebinding)', async () => {
    expect((await fetch(served.url, { headers: { Origin: 'http://evil.example' } })).status).toBe(403);
    const rebinding = await new Promise<number>((resolve, reject) => {
      // fetch() will not let us forge Host, so speak HTTP directly.
      import('node:http').then(({ request }) => {
        const req = request({ host: '127.0.0.1', port: served.port, path: `/?token=${served.token}`, headers: { Host: `evil.example:${served.port}` } }, (res) => resolve(res.statusCode ?? 0));
        req.on('error', reject);
        req.end();
      }, reject);
    });
    expect(rebinding).toBe(403);
  });

  it('answers a channel with the envelope', async () => {
    const response = await call('/api/hardware:probe', { method: 'POST', body: '{}' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { ok: boolean; value: unknown };
    expect(body.ok).toBe(true);
    expect(HardwareReportSchema.safeParse(body.value).success).toBe(true);
  });

  it('gives 400 with the envelope for invalid input', async () => {
    const response = await call('/api/hardware:probe', { method: 'POST', body: '{"unexpected": 1}' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { ok: boolean; error: { code: string; message: string; hint: string } };
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.message).toMatch(/hardware:probe/);
    expect(body.error.hint.length).toBeGreaterThan(5);
    const notJson = await call('/api/hardware:probe', { method: 'POST', body: '{oops' });
    expect(notJson.status).toBe(400);
  });

  it('gives 404 with the envelope for an unknown channel', async () => {
    const response = await call('/api/nothing:here', { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { ok: boolean; error: { code: string } };
    expect(body.error.code).toBe('unknown_channel');
  });

  it('opens the event stream', async () => {
    const controller = new AbortController();
    const response = await call('/api/events', { signal: controller.signal });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toMatch(/^: connected/);
    controller.abort();
  });
});
