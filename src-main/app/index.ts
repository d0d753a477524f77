import { app, BrowserWindow } from 'electron';
import { createHandlers } from '../ipc/createHandlers.js';
import { EventBus } from '../ipc/EventBus.js';
import { createWindow } from './createWindow.js';
import { forkUtilityWorker } from './forkUtilityWorker.js';
import { hardenSession } from './hardenSession.js';
import { notifyWatchEvents } from './notifyWatchEvents.js';
import { registerIpc } from './registerIpc.js';

// Electron bootstrap: no inference here; the worker process does all native work.

let window: BrowserWindow | null = null;

void app.whenReady().then(() => {
  hardenSession();
  const events = new EventBus();
  const handlers = createHandlers({
    dataDir: app.getPath('userData'),
    events,
    launchWorker: forkUtilityWorker,
    workerEnv: {},
  });
  registerIpc(handlers, events, () => window);
  notifyWatchEvents(events);
  window = createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) window = createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
