export { checkInstanceEvents, HANDOFF_INCONSISTENT_EVENTS, instanceTimings } from './instance-timings';
export type * from './types';
export {
  dueHandoffAlert,
  handoffSlaDeadlines,
  handoffSlaMissed,
  handoffSlaStatus,
  nextHandoffAlertAt,
  type HandoffAlert,
  type HandoffSlaDeadlines,
  type HandoffSlaStatus,
} from './sla';
