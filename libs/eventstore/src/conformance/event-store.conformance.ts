import { appendCases } from './append.cases';
import { chainCases } from './chain.cases';
import type { ConformanceFactory, ConformanceFixture } from './fixtures';
import { readCases } from './read.cases';
import { subscriptionCases } from './subscription.cases';

/** What an adapter offers beyond the port's required methods. */
export interface ConformanceCapabilities {
  /** It links events in a hash chain (`verifyStream`) and its fixture can tamper with stored rows. */
  readonly chainsEvents: boolean;
}

/**
 * Declares the event-store conformance suite for one adapter (call it from the adapter's spec
 * file). One fixture serves the whole suite: every case uses fresh stream ids, so cases don't
 * interfere and the adapter is also exercised with a non-empty store.
 */
export function eventStoreConformance(
  name: string,
  factory: ConformanceFactory,
  capabilities: ConformanceCapabilities = { chainsEvents: true },
): void {
  describe(`${name} conforms to the EventStore port`, () => {
    let current: ConformanceFixture | undefined;
    const fixture = (): ConformanceFixture => {
      if (!current) throw new Error('conformance fixture not ready: the factory failed');
      return current;
    };
    beforeAll(async () => {
      current = await factory();
    });
    afterAll(async () => {
      await current?.dispose();
    });
    appendCases(fixture);
    readCases(fixture, factory);
    subscriptionCases(fixture);
    if (capabilities.chainsEvents) chainCases(fixture);
  });
}
