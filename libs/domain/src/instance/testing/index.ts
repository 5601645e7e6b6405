/** Test helpers for the instance decider: given/when/then, event and command builders, test definitions. */
export * from './commands';
export * from './definitions';
export * from './events';
export * from './given-when-then';
export * from './scenarios';
export * from './simulation';
export * from './drive-to-end';
export * from './handoff-alerts';
