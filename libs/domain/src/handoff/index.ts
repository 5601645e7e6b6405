export { checkInstanceEvents, HANDOFF_INCONSISTENT_EVENTS, instanceTimings } from './instance-timings';
export type * from './types';
