import type { ProcessDefinition } from '../../definition/model';
import { DomainError } from '../../shared/errors';
import type { InstanceCommand } from '../commands';
import { decide } from '../decide';
import type { InstanceEvent } from '../events';
import { evolveAll } from '../evolve';
import { initialInstanceState, type InstanceState } from '../state';

type ErrorClass = abstract new (...args: never[]) => DomainError;

export interface Then {
  /** Asserts the exact events decided, and returns the whole history (given + new) to chain on. */
  then(expected: readonly InstanceEvent[]): InstanceEvent[];
  /** Asserts the command is refused with this error class (and code), and returns the error. */
  thenThrows(errorClass: ErrorClass, code?: string): DomainError;
  /** The events decided, for assertions that pick fields. */
  events(): InstanceEvent[];
}

/**
 * Given/when/then over the instance decider, with no mocks: the given events are folded by
 * `evolve`, the command is decided against that state and the instance's definition.
 *
 *   spec.given([anInstanceStarted(), aStepActivated({ stepId: 'review' })])
 *     .when(complete('review#1'))
 *     .then([aStepCompleted({ stepId: 'review', routedVia: ['review-to-end'] }), anInstanceCompleted()]);
 */
export function instanceSpec(definition: ProcessDefinition) {
  return {
    given(history: readonly InstanceEvent[] = []) {
      const state: InstanceState = evolveAll(initialInstanceState(), history);
      return {
        state,
        when(command: InstanceCommand): Then {
          const run = (): InstanceEvent[] => decide(command, state, definition);
          return {
            then(expected) {
              const actual = run();
              expect(actual).toEqual(expected);
              return [...history, ...actual];
            },
            thenThrows(errorClass, code) {
              let caught: unknown;
              try {
                run();
              } catch (error) {
                caught = error;
              }
              expect(caught).toBeInstanceOf(errorClass);
              if (code !== undefined) expect((caught as DomainError).code).toBe(code);
              return caught as DomainError;
            },
            events: run,
          };
        },
      };
    },
  };
}

/** Decides a list of commands in order, each against the history so far; returns the whole history. */
export function replay(
  definition: ProcessDefinition,
  commands: readonly InstanceCommand[],
  history: readonly InstanceEvent[] = [],
): InstanceEvent[] {
  return commands.reduce<InstanceEvent[]>(
    (events, command) => [
      ...events,
      ...decide(command, evolveAll(initialInstanceState(), events), definition),
    ],
    [...history],
  );
}
