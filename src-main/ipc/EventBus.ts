import { EventEmitter } from 'node:events';
import type { EventName, EventPayload, Subscribe } from '../../src-shared/contract/events.js';

/** Typed events from services to whichever bridges are listening (IPC windows, SSE clients). */
export class EventBus {
  readonly #emitter = new EventEmitter().setMaxListeners(100);

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.#emitter.emit('event', event, payload);
  }

  /** Every event, for bridges that forward them all. Returns the unsubscribe function. */
  onAny(listener: (event: string, payload: unknown) => void): () => void {
    this.#emitter.on('event', listener);
    return () => this.#emitter.off('event', listener);
  }

  on: Subscribe = (event, listener) =>
    this.onAny((name, payload) => {
      if (name === event) listener(payload as never);
    });
}
