import { CompareVersionsHandler } from './queries/compare-versions.query';
import { GetBottlenecksHandler } from './queries/get-bottlenecks.query';
import { GetCycleTimesHandler } from './queries/get-cycle-times.query';
import { GetHandoffStatsHandler } from './queries/get-handoff-stats.query';
import { GetHandoverNetworkHandler } from './queries/get-handover-network.query';
import { GetSinglePersonDependenciesHandler } from './queries/get-single-person-dependencies.query';
import { GetSlaBreachesHandler } from './queries/get-sla-breaches.query';
import { GetStepStatsHandler } from './queries/get-step-stats.query';
import { GetTeamQueuesHandler } from './queries/get-team-queues.query';

/** The query handlers over the statistics read models (and the definition and directory catalogs). */
export const STATISTICS_QUERY_HANDLERS = [
  GetHandoffStatsHandler,
  GetStepStatsHandler,
  GetBottlenecksHandler,
  GetCycleTimesHandler,
  GetSlaBreachesHandler,
  GetHandoverNetworkHandler,
  CompareVersionsHandler,
  GetSinglePersonDependenciesHandler,
  GetTeamQueuesHandler,
] as const;
