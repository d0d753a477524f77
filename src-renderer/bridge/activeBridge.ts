import type { Api } from '../../src-shared/contract/channels';
import type { Subscribe } from '../../src-shared/contract/events';
import type { Bridge } from './Bridge';
import { webBridge } from './webBridge';

declare global {
  interface Window {
    headroom?: { api: Api; on: Subscribe };
  }
}

function pickBridge(): Bridge {
  if (window.headroom) return { ...window.headroom, mode: 'electron' };
  // The token travels in the first URL only; the server has set its cookie, so drop it from view.
  if (location.search.includes('token=')) history.replaceState(null, '', location.pathname + location.hash);
  return webBridge();
}

export const activeBridge: Bridge = pickBridge();
