import { UNKNOWN_TEAM } from '@baton/analytics-core';
import type { DefinitionCatalog } from '../definitions/definition-catalog';
import type { PerformerRow } from './flow-rows';
import type { StatsScope } from './stats-scope';

/** Who completed a step's (or a team's) activations in scope. */
export interface WorkShare {
  /** The step or team id. */
  readonly id: string;
  readonly definitionId: string;
  /** The latest version in scope (with activity, or the one asked for). */
  readonly latestVersion?: number;
  /** The step's team when the events give one team, else ''; the team itself for teams. */
  readonly teamId: string;
  readonly byPerson: ReadonlyMap<string, number>;
  /** Completions by anyone, people the events do not name included. */
  readonly total: number;
  /** The person with the most completions (ties: the smallest id). */
  readonly top?: { readonly personId: string; readonly completed: number };
}

interface Tally {
  readonly id: string;
  readonly definitionId: string;
  latestVersion?: number;
  readonly teams: Set<string>;
  readonly byPerson: Map<string, number>;
  total: number;
}

/**
 * Completions per person, per step of a definition and per team, from the performer rows; with a
 * definition in scope, its declared steps (of the version asked for, or the latest) count too,
 * with no completions, so an only-eligible-person step is found before anyone did it.
 */
export function workShares(
  rows: readonly PerformerRow[],
  scope: StatsScope,
  catalog: DefinitionCatalog,
): { readonly steps: WorkShare[]; readonly teams: WorkShare[] } {
  const steps = new Map<string, Tally>();
  const teams = new Map<string, Tally>();
  const tally = (map: Map<string, Tally>, key: string, id: string, definitionId: string) => {
    let t = map.get(key);
    if (!t) map.set(key, (t = { id, definitionId, teams: new Set(), byPerson: new Map(), total: 0 }));
    return t;
  };
  if (scope.definitionId !== undefined) {
    const version = scope.definitionVersion ?? catalog.versions(scope.definitionId).pop();
    const entry = version !== undefined ? catalog.entry(scope.definitionId, version) : undefined;
    for (const step of entry?.steps ?? []) {
      tally(steps, JSON.stringify([scope.definitionId, step.id]), step.id, scope.definitionId).latestVersion =
        version;
    }
  }
  for (const row of rows) {
    const step = tally(steps, JSON.stringify([row.definitionId, row.stepId]), row.stepId, row.definitionId);
    step.latestVersion = Math.max(step.latestVersion ?? row.definitionVersion, row.definitionVersion);
    step.teams.add(row.teamId);
    const tallies = row.teamId === UNKNOWN_TEAM ? [step] : [step, tally(teams, row.teamId, row.teamId, '')];
    for (const t of tallies) {
      t.total += row.completed;
      if (row.personId !== '' && row.completed > 0)
        t.byPerson.set(row.personId, (t.byPerson.get(row.personId) ?? 0) + row.completed);
    }
  }
  const share = (t: Tally, teamId: string): WorkShare => {
    const top = [...t.byPerson].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))[0];
    return {
      id: t.id,
      definitionId: t.definitionId,
      ...(t.latestVersion !== undefined ? { latestVersion: t.latestVersion } : {}),
      teamId,
      byPerson: t.byPerson,
      total: t.total,
      ...(top ? { top: { personId: top[0], completed: top[1] } } : {}),
    };
  };
  const oneTeam = (t: Tally) => {
    const known = [...t.teams].filter((team) => team !== UNKNOWN_TEAM);
    return known.length === 1 ? (known[0] as string) : '';
  };
  return {
    steps: [...steps.values()].map((t) => share(t, oneTeam(t))),
    teams: [...teams.values()].map((t) => share(t, t.id)),
  };
}
