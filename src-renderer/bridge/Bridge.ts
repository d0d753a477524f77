import type { Api } from '../../src-shared/contract/channels';
import type { Subscribe } from '../../src-shared/contract/events';

/** What the page talks to: `window.headroom` under Electron, HTTP under `headroom serve`. */
export interface Bridge {
  api: Api;
  on: Subscribe;
  mode: 'electron' | 'web';
}
