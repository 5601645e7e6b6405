/**
 * The process instance aggregate: commands, events, state, and the pure decider over them
 * (`decide(command, state, definition)` → events, `evolve(state, event)` → state). Test helpers
 * live in `./testing` and are not exported here, so production code never pulls in Jest.
 */
export * from './commands';
export * from './events';
export * from './handoff-alert-events';
export * from './state';
export { evolve, evolveAll } from './evolve';
export { decide } from './decide';
export { InstanceErrorCode } from './errors';
export { allowedCommands, type StepCommandType } from './decide/guards';
export { handoffsWaitingForEvent, joinSatisfied } from './routing/route-completion';
export { parseInstant } from './routing/instants';
export { handoffClockKey, openHandoffClocks, type HandoffClock } from './handoff-clocks';
