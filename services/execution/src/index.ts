export { ExecutionModule } from './execution.module';
export { executionHostedService } from './execution.hosted';
export type { ExecutionOptions } from './execution.lifecycle';
export { TimerScheduler } from './timers/timer-scheduler';
export { HandoffDeadlineScheduler } from './timers/handoff-deadline-scheduler';
export { DEFINITIONS_GROUP, instanceStream, TRIGGERS_GROUP } from './streams';
export { DefinitionCatalog as ExecutionDefinitionCatalog } from './definitions/definition-catalog';
export { CalendarBook as ExecutionCalendarBook } from './calendars/calendar-book';
