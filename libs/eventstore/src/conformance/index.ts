/** The shared conformance suite; test-only (it declares Jest blocks), so not in the main index. */
export { eventStoreConformance, type ConformanceCapabilities } from './event-store.conformance';
export type { ConformanceFactory, ConformanceFixture, ConformanceOptions, Tamper } from './fixtures';
export { aStreamId, anEvent, events, eventually } from './fixtures';
