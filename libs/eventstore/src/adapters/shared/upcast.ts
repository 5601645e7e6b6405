import type { RecordedEvent, Upcaster } from '../../port/event-store.port';

/** Applies upcasters in order; each sees the previous one's output. */
export function upcast(event: RecordedEvent, upcasters: readonly Upcaster[]): RecordedEvent {
  return upcasters.reduce((e, up) => up(e), event);
}
