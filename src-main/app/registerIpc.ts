import { ipcMain, type BrowserWindow } from 'electron';
import { channelNames } from '../../src-shared/contract/channels.js';
import { dispatch } from '../ipc/dispatch.js';
import type { EventBus } from '../ipc/EventBus.js';
import type { Handlers } from '../ipc/Handlers.js';
import { isAppUrl } from './createWindow.js';

/** One `handle()` per channel, each refusing calls from frames that are not the app. */
export function registerIpc(handlers: Handlers, events: EventBus, window: () => BrowserWindow | null): void {
  for (const channel of channelNames) {
    ipcMain.handle(channel, async (event, input: unknown) => {
      const url = event.senderFrame?.url ?? '';
      if (!isAppUrl(url)) {
        return { ok: false, error: { code: 'forbidden_sender', message: `Refused IPC from ${url || 'an unknown frame'}.`, hint: 'Only the Headroom window may call the API.' } };
      }
      return dispatch(handlers, channel, input);
    });
  }
  events.onAny((name, payload) => window()?.webContents.send('headroom:event', name, payload));
}
