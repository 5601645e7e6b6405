/**
 * Baton's domain: pure, deterministic business rules with no I/O, framework or clock. Time, ids
 * and idempotency keys arrive with each command.
 * - definitions: the process definition language, validation, lint and graph helpers;
 * - `instance`: the process instance decider (decide/evolve over the step lifecycle);
 * - `directory`: people, teams, roles, availability, and owner resolution and escalation;
 * - handoff math: per-handoff routing/assignment/pickup times, step and end-to-end times;
 * - `access`: roles, permissions and the rules on resources that authorise each command.
 */
export * from './shared/errors';
export * from './shared/data';
export * from './definition';
export * as instance from './instance';
export * as directory from './ownership';
export * from './handoff';
export * as calendar from './calendar';
export * as access from './access';
