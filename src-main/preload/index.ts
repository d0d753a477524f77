import { contextBridge, ipcRenderer } from 'electron';
import { channelNames, type Api } from '../../src-shared/contract/channels.js';
import type { Subscribe } from '../../src-shared/contract/events.js';

// One function per channel and one `on` for events: the page never sees ipcRenderer.

const api = Object.fromEntries(
  channelNames.map((channel) => [channel, (input: unknown) => ipcRenderer.invoke(channel, input)]),
) as Api;

const on: Subscribe = (event, listener) => {
  const forward = (_e: unknown, name: string, payload: unknown) => {
    if (name === event) listener(payload as never);
  };
  ipcRenderer.on('headroom:event', forward);
  return () => void ipcRenderer.off('headroom:event', forward);
};

contextBridge.exposeInMainWorld('headroom', { api, on });
