/**
 * Fixtures for tests of definitions and of what runs them: builders with lint-clean defaults, so a
 * test states only what matters to it. Not exported from the package index.
 */
import { derivedHandoffId } from './ids';
import { END, START, type Handoff, type ProcessDefinition, type Step } from './model';
import type { DirectorySnapshotLike } from './lint/types';
import { parseDefinitionYaml } from './parse';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** A human task owned by team `operations`, due within a day. */
export function aStep(id: string, overrides: Partial<Step> = {}): Step {
  return {
    id,
    name: id,
    kind: 'human-task',
    owner: { kind: 'team', teamId: 'operations' },
    policy: 'round-robin',
    deadline: { kind: 'within', durationMs: DAY_MS },
    escalations: [],
    outputs: [],
    ...overrides,
  } as Step;
}

/** An approval step with the given outcomes. */
export function anApproval(id: string, outcomes: readonly string[], overrides: Partial<Step> = {}): Step {
  return aStep(id, { kind: 'approval', outcomes, ...overrides } as Partial<Step>);
}

/**
 * A designed handoff: triggered on completion (none from `start`), an empty data contract and a
 * coordinator as owner (none into `end`).
 */
export function aHandoff(
  from: string | readonly string[],
  to: string | readonly string[],
  overrides: Partial<Handoff> = {},
): Handoff {
  const froms = typeof from === 'string' ? [from] : from;
  const tos = typeof to === 'string' ? [to] : to;
  const intoEnd = tos.includes(END);
  return {
    id: derivedHandoffId(froms, tos),
    from: froms,
    to: tos,
    ...(froms.includes(START) ? {} : { trigger: { kind: 'completion' } }),
    ...(intoEnd ? {} : { data: [], owner: { kind: 'role', role: 'coordinator' } }),
    ...(froms.length > 1 ? { join: { kind: 'all' } } : {}),
    ...overrides,
  };
}

/** start → each step in turn → end. */
export function aChain(...stepIds: string[]): Handoff[] {
  const nodes = [START, ...stepIds, END];
  return nodes.slice(1).map((to, index) => aHandoff(nodes[index] ?? START, to));
}

/** A lint-clean process: one trigger (`case.opened`, key `caseId`) and start → work → end. */
export function aDefinition(overrides: Partial<ProcessDefinition> = {}): ProcessDefinition {
  return {
    id: 'test-process',
    name: 'Test process',
    category: 'operational',
    owner: { kind: 'role', role: 'process-owner' },
    triggers: [
      { event: 'case.opened', correlationKey: 'caseId', requires: [{ name: 'caseId', type: 'string' }] },
    ],
    data: [],
    steps: [aStep('work')],
    handoffs: aChain('work'),
    exceptions: [],
    waivers: [],
    labels: {},
    ...overrides,
  };
}

/** A directory where every team and role has two people, unless listed otherwise. */
export function aDirectory(
  teams: Readonly<Record<string, readonly string[]>> = {},
  roles: Readonly<Record<string, readonly string[]>> = {},
): DirectorySnapshotLike {
  return {
    membersOfTeam: (teamId) => teams[teamId] ?? [`${teamId}-1`, `${teamId}-2`],
    holdersOfRole: (role) => roles[role] ?? [`${role}-1`, `${role}-2`],
  };
}

/** A valid definition header for YAML parse tests; each case appends what it needs. */
export const YAML_HEAD = 'id: p\ncategory: operational\n';

/** The errors of a YAML source that must not parse. */
export function parseErrorsOf(source: string) {
  const result = parseDefinitionYaml(source);
  if (result.ok) throw new Error('expected parse errors');
  return result.errors;
}
