import { isJoin, isParallelSplit, reachable } from '../graph';
import type { Handoff, ProcessDefinition } from '../model';
import { handoffPath } from '../paths';
import { finding, type LintCheck } from './types';

/**
 * A join that waits for all (or n) of its `from` steps needs them on distinct branches of one
 * parallel split: a handoff with several `to` such that each joined step is reached from a
 * different one of its targets. Otherwise some branches never run (an exclusive choice, or a
 * step outside any split) and the join waits forever. `join: first` merges alternatives and is
 * not checked.
 */
export const joinWithoutSplit: LintCheck = (definition) =>
  definition.handoffs
    .filter((handoff) => isJoin(handoff) && handoff.join?.kind !== 'first')
    .filter(
      (join) => !definition.handoffs.some((split) => split !== join && isSplitOf(definition, split, join)),
    )
    .map((join) =>
      finding(
        'join-without-split',
        `${handoffPath(join.id)}.join`,
        `handoff '${join.id}' waits for ${join.from.join(', ')}, but they are not branches of one parallel split` +
          ' (a handoff with several to): some would never arrive. Split them from one handoff, or use join: first to merge alternatives',
      ),
    );

function isSplitOf(definition: ProcessDefinition, split: Handoff, join: Handoff): boolean {
  if (!isParallelSplit(split)) return false;
  const reach = new Map(split.to.map((target) => [target, reachable(definition, [target])]));
  const branchesOf = (stepId: string) => split.to.filter((target) => reach.get(target)?.has(stepId));
  return hasDistinctBranches(join.from.map(branchesOf));
}

/** Whether each joined step can be given its own branch (bipartite matching, augmenting paths). */
function hasDistinctBranches(candidates: readonly (readonly string[])[]): boolean {
  const owner = new Map<string, number>();
  const assign = (index: number, visited: Set<string>): boolean => {
    for (const branch of candidates[index] ?? []) {
      if (visited.has(branch)) continue;
      visited.add(branch);
      const current = owner.get(branch);
      if (current === undefined || assign(current, visited)) {
        owner.set(branch, index);
        return true;
      }
    }
    return false;
  };
  return candidates.every((_, index) => assign(index, new Set()));
}
