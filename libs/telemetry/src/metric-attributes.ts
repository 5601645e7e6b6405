import type { Attributes } from '@opentelemetry/api';

type HashAttributes = ((attributes: Attributes) => string) & { readonly batonCached?: true };

/**
 * The metrics SDK finds a record's accumulation by hashing its attribute object at every record
 * (keys sorted, then JSON): 1.2–1.6% of the embedded host's main thread under the e2e bench with
 * telemetry on. Baton records with a few attribute objects made once and frozen
 * ({@link metricAttributes}); this keeps each frozen object's hash, so a record of one costs a
 * WeakMap lookup. Objects not frozen are hashed as before. The SDK is pinned exactly (ADR 0011):
 * its `hashAttributes` is read from its `utils` module whenever an attribute map is made, so
 * replacing it there before the meter providers exist covers every map they make.
 */
export function cacheFrozenAttributeHashes(): void {
  const utils = require('@opentelemetry/sdk-metrics/build/src/utils') as { hashAttributes: HashAttributes };
  const original = utils.hashAttributes;
  if (typeof original !== 'function' || original.batonCached) return;
  const hashes = new WeakMap<Attributes, string>();
  const cached = (attributes: Attributes): string => {
    if (!Object.isFrozen(attributes)) return original(attributes);
    let hash = hashes.get(attributes);
    if (hash === undefined) {
      hash = original(attributes);
      hashes.set(attributes, hash);
    }
    return hash;
  };
  utils.hashAttributes = Object.assign(cached, { batonCached: true as const });
}

/**
 * A metric attribute set to record with again and again: frozen, so the SDK's hash of it is
 * computed once (see {@link cacheFrozenAttributeHashes}).
 */
export function metricAttributes<A extends Attributes>(attributes: A): Readonly<A> {
  return Object.freeze(attributes);
}
