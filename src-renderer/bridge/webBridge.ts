import { channelNames, type Api } from '../../src-shared/contract/channels';
import type { Result } from '../../src-shared/contract/envelope';
import type { Subscribe } from '../../src-shared/contract/events';
import type { Bridge } from './Bridge';

/**
 * The bridge used when the page is served by `headroom serve`: the same channels over HTTP
 * (the server's token cookie authenticates), and events over Server-Sent Events.
 */
export function webBridge(): Bridge {
  const api = Object.fromEntries(channelNames.map((channel) => [channel, (input: unknown) => post(channel, input)])) as Api;
  return { api, on: sseSubscribe(), mode: 'web' };
}

async function post(channel: string, input: unknown): Promise<Result<unknown>> {
  try {
    const response = await fetch(`/api/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input ?? {}),
      credentials: 'same-origin',
    });
    if (response.headers.get('content-type')?.includes('application/json')) return (await response.json()) as Result<unknown>;
    return { ok: false, error: { code: `http_${response.status}`, message: await response.text(), hint: 'Reopen the URL printed by `headroom serve`.' } };
  } catch (error) {
    return { ok: false, error: { code: 'server_unreachable', message: `Cannot reach the Headroom server: ${String(error)}`, hint: 'Is `headroom serve` still running (and the SSH tunnel open)?' } };
  }
}

/** One EventSource for the page, opened on the first subscription. */
function sseSubscribe(): Subscribe {
  let source: EventSource | undefined;
  return (event, listener) => {
    source ??= new EventSource('/api/events', { withCredentials: true });
    const forward = (message: MessageEvent<string>) => listener(JSON.parse(message.data) as never);
    source.addEventListener(event, forward);
    return () => source?.removeEventListener(event, forward);
  };
}
