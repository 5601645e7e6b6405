/**
 * The pure core of Baton's native analytics: instance events → observations (per handoff edge,
 * step activation and case) → mergeable aggregates with bounded-memory quantiles → statistics and
 * bottleneck rankings. No I/O and no framework: projections in services/analytics feed it.
 * Semantics: docs/analytics-handoffs.md; the sketch: docs/adr/0006-quantile-sketch.md.
 */
export * from './observations/observation.types';
export { observeInstance, teamOfStepIn, type ObserveResult } from './observations/observe-instance';
export {
  slaBreachesOf,
  type ActivationEnd,
  type BreachedHandoff,
  type BreachTrailEntry,
  type SlaBreachRecord,
} from './observations/sla-breaches';
export { handoffBreachId } from './observations/handoff-breaches';
export {
  DurationSketch,
  RELATIVE_ACCURACY,
  BIN_LIMIT,
  type DurationSketchSnapshot,
  type DurationSummary,
} from './sketch/duration-sketch';
export type * from './aggregation/aggregate.types';
export {
  addCase,
  addHandoff,
  addHandoffTo,
  addObservations,
  addStep,
  addStepTo,
  edgeKey,
  emptyAggregate,
  emptyCases,
  emptyHandoff,
  emptyStep,
  mergeAggregates,
  mergeCases,
  mergeHandoff,
  mergeStep,
  UNKNOWN_TEAM,
} from './aggregation/analytics-aggregate';
export * from './aggregation/aggregate-snapshot';
export {
  addToVersion,
  definitionAggregate,
  versionKey,
  type AggregatesByVersion,
} from './aggregation/by-definition';
export {
  analyticsStats,
  handoffStats,
  stepStats,
  type AnalyticsStats,
  type HandoffStats,
  type StepStats,
} from './aggregation/statistics';
export {
  rankHandoffs,
  rankSteps,
  rankTeamPairs,
  type BottleneckOrder,
  type RankOptions,
} from './aggregation/bottlenecks';
