import { useCallback, useRef, useState } from 'react';
import type { Channel, ChannelInput, ChannelOutput } from '../../src-shared/contract/channels';
import type { ErrorInfo, Result } from '../../src-shared/contract/envelope';
import { activeBridge } from './activeBridge';

export type CallState<T> =
  | { status: 'idle' }
  | { status: 'loading'; startedAt: number }
  | { status: 'done'; value: T }
  | { status: 'error'; error: ErrorInfo };

/** Calls one channel and tracks its loading / result / error state. The last call wins. */
export function useChannel<C extends Channel>(channel: C) {
  const [state, setState] = useState<CallState<ChannelOutput<C>>>({ status: 'idle' });
  const latest = useRef(0);
  const run = useCallback(
    async (input: ChannelInput<C>) => {
      const id = ++latest.current;
      setState({ status: 'loading', startedAt: performance.now() });
      const call = activeBridge.api[channel] as (input: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>;
      const result = await call(input);
      if (id !== latest.current) return result;
      setState(result.ok ? { status: 'done', value: result.value } : { status: 'error', error: result.error });
      return result;
    },
    [channel],
  );
  return [state, run, setState] as const;
}
