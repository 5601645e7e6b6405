import type { InstanceObservations } from '../observations/observation.types';
import type { AnalyticsAggregate } from './aggregate.types';
import { addObservations, emptyAggregate, mergeAggregates } from './analytics-aggregate';

/** One aggregate per definition version, keyed by `versionKey(definitionId, version)`. */
export type AggregatesByVersion = Map<string, AnalyticsAggregate>;

export const versionKey = (definitionId: string, version: number): string => `${definitionId}@${version}`;

/** Adds one instance's observations to its definition version's aggregate (created on first use). */
export function addToVersion(byVersion: AggregatesByVersion, o: InstanceObservations): AnalyticsAggregate {
  const key = versionKey(o.case.definitionId, o.case.definitionVersion);
  let aggregate = byVersion.get(key);
  if (!aggregate) byVersion.set(key, (aggregate = emptyAggregate()));
  return addObservations(aggregate, o);
}

/** All versions of one definition merged (or only `versions`, when given). */
export function definitionAggregate(
  byVersion: AggregatesByVersion,
  definitionId: string,
  versions?: readonly number[],
): AnalyticsAggregate {
  const picked = [...byVersion.entries()]
    .filter(([key]) => key.startsWith(`${definitionId}@`))
    .filter(([key]) => !versions || versions.includes(Number(key.slice(definitionId.length + 1))))
    .map(([, aggregate]) => aggregate);
  return mergeAggregates(...picked);
}
