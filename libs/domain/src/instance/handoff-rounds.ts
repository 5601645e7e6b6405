import type { HandoffSource } from './events';
import type { HandoffRound } from './state';

type Rounds = Readonly<Record<string, HandoffRound>>;

/** Records one completion routed into a handoff; see HandoffRound for the round rules. */
export function arrive(rounds: Rounds, source: HandoffSource): Rounds {
  const round = rounds[source.handoffId];
  const sameStep = (a: HandoffSource) => a.fromStepId === source.fromStepId;
  let next: HandoffRound;
  if (!round || (round.fired && round.arrivals.some(sameStep))) next = { arrivals: [source], fired: false };
  else if (round.fired) next = { arrivals: [...round.arrivals, source], fired: true };
  // Before it fires, a step that completes again (a loop inside the branch) replaces its arrival.
  else next = { arrivals: [...round.arrivals.filter((a) => !sameStep(a)), source], fired: false };
  return { ...{}, ...rounds, [source.handoffId]: next };
}

/** A handoff fired (its targets were activated) or, for an event-triggered one, was released. */
export function markFired(rounds: Rounds, handoffIds: readonly string[]): Rounds {
  let next = rounds;
  for (const id of handoffIds) {
    const round = next[id];
    if (round && !round.fired) next = { ...{}, ...next, [id]: { ...{}, ...round, fired: true } };
  }
  return next;
}
