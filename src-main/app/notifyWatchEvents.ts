import { Notification } from 'electron';
import type { EventBus } from '../ipc/EventBus.js';

/** A desktop notification for each failure a log watch raises (the window may be hidden). */
export function notifyWatchEvents(events: EventBus): void {
  events.on('audit:onWatchEvent', (e) => {
    if (e.event !== 'diagnosis' || !Notification.isSupported()) return;
    new Notification({ title: `Headroom: ${e.diagnosis.title}`, body: `${e.line.trim().slice(0, 180)}\nFix: ${e.diagnosis.fixes[0] ?? 'see Check my setup'}` }).show();
  });
}
