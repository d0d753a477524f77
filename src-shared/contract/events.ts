import type { z } from 'zod';
import { probeEvents } from './probe.js';
import { modelEvents } from './models.js';
import { auditEvents } from './audit.js';
import { tuneEvents } from './tune.js';

/** Events pushed from main to the renderer (IPC `send`, or Server-Sent Events). */
export const events = {
  ...probeEvents,
  ...modelEvents,
  ...auditEvents,
  ...tuneEvents,
};

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export const eventNames = Object.keys(events) as EventName[];

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}

/** Subscribe to one event; returns the unsubscribe function. */
export type Subscribe = <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => () => void;
