import { auditTrailProjection } from '../audit-trail/audit-trail.projection';
import { calendarsProjection } from '../calendars/calendars.projection';
import { definitionCatalogProjection } from '../definitions/definition-catalog.projection';
import { directoryProjection } from '../directory/directory.projection';
import { statisticsProjection } from '../statistics/statistics.projection';

/**
 * Every projection the service keeps (and `baton analytics rebuild` rebuilds). The calendars come
 * first: the statistics read them, so they start (and are rebuilt, per event store) before.
 */
export const ANALYTICS_PROJECTION_LIST = [
  calendarsProjection,
  auditTrailProjection,
  statisticsProjection,
  definitionCatalogProjection,
  directoryProjection,
] as const;

/**
 * A partial batch waits this long for more: a batch costs a transaction and its checkpoint, so
 * under load fewer, larger ones leave the host's CPU to the commands (projection lag target: 1 s).
 */
export const PROJECTION_LINGER_MS = 100;
