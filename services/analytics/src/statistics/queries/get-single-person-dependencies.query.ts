import { analyticsV1 } from '@baton/contracts';
import { directory, type OwnerSpec } from '@baton/domain';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DefinitionCatalog } from '../../definitions/definition-catalog';
import { DirectoryView } from '../../directory/directory-view';
import { READ_MODEL_STORE, type ReadModelStore } from '../../read-model-store/read-model-store.port';
import { performerRows } from '../flow-rows';
import type { StatsScope } from '../stats-scope';
import { workShares, type WorkShare } from '../work-shares';

export class GetSinglePersonDependencies {
  constructor(
    readonly scope: StatsScope,
    /** Share of the completions at or above which one person is a dependency. */
    readonly minShare: number,
    /** Fewer completions than this are too few to call anyone dominant. */
    readonly minCompleted: number,
    /** The instant availability is checked at. */
    readonly now: number,
  ) {}
}

const { DependencyReason, DependencyScope } = analyticsV1;
const STRUCTURAL = {
  'named-person': DependencyReason.DEPENDENCY_REASON_ONLY_ELIGIBLE_PERSON,
  'only-member': DependencyReason.DEPENDENCY_REASON_ONLY_ELIGIBLE_PERSON,
  'only-available': DependencyReason.DEPENDENCY_REASON_ONLY_AVAILABLE_PERSON,
} as const;

/**
 * Steps (per definition, over the versions in scope) and teams (over all their steps) that hang
 * on one person: only one person can do them (a named person, a team or role of one), only one of
 * those is available now, or one person did at least `minShare` of the completed work in the
 * window. Owners come from the definition version (the latest in scope), people and absences from
 * the directory; a step whose owner is unknown is judged by its team in the events.
 */
@QueryHandler(GetSinglePersonDependencies)
export class GetSinglePersonDependenciesHandler implements IQueryHandler<
  GetSinglePersonDependencies,
  analyticsV1.GetSinglePersonDependenciesResponse
> {
  constructor(@Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore) {}

  async execute(
    query: GetSinglePersonDependencies,
  ): Promise<analyticsV1.GetSinglePersonDependenciesResponse> {
    const { scope } = query;
    const [rows, catalog, people] = await Promise.all([
      performerRows(this.readModels, scope),
      DefinitionCatalog.load(this.readModels, scope.definitionId, scope.tenantId),
      DirectoryView.load(this.readModels, scope.tenantId),
    ]);
    const { steps, teams } = workShares(rows, scope, catalog);
    const view = people.snapshot;
    const available = { at: query.now, isAvailable: (p: string, at: number) => view.isAvailable(p, at) };
    const judge = (
      share: WorkShare,
      owner: OwnerSpec | undefined,
      kind?: Parameters<typeof directory.singlePersonDependencies>[0][number]['kind'],
    ) => {
      const [structural] = owner
        ? directory.singlePersonDependencies(
            [{ id: share.id, owner, ...(kind ? { kind } : {}) }],
            view,
            available,
          )
        : [];
      const eligible = owner
        ? (directory.performersOf(owner, view) ?? []).filter((p) => view.isAvailable(p, query.now))
        : [];
      const top = share.top;
      const dominant =
        top !== undefined &&
        share.total >= query.minCompleted &&
        top.completed / share.total >= query.minShare;
      if (!structural && !dominant) return [];
      const personId = structural?.personId ?? (top?.personId as string);
      const personCompleted = share.byPerson.get(personId) ?? 0;
      return [
        analyticsV1.SinglePersonDependency.fromPartial({
          teamId: share.teamId,
          personId,
          personName: people.personName(personId),
          reason: structural
            ? STRUCTURAL[structural.reason]
            : DependencyReason.DEPENDENCY_REASON_DOMINANT_PERFORMER,
          personCompletedCount: String(personCompleted),
          totalCompletedCount: String(share.total),
          share: share.total > 0 ? personCompleted / share.total : 0,
          eligiblePeople: eligible.length,
        }),
      ];
    };
    const dependencies = [
      ...steps.flatMap((s) => {
        const step = catalog.step(s.definitionId, s.latestVersion, s.id);
        const owner = step?.owner ?? (s.teamId ? { kind: 'team' as const, teamId: s.teamId } : undefined);
        const teamId = s.teamId || (owner?.kind === 'team' ? owner.teamId : '');
        if (scope.teamId !== undefined && teamId !== scope.teamId) return [];
        return judge(s, owner, step?.kind).map((d) => ({
          ...{},
          ...d,
          teamId,
          scope: DependencyScope.DEPENDENCY_SCOPE_STEP,
          definitionId: s.definitionId,
          stepId: s.id,
          stepName: step?.name ?? '',
        }));
      }),
      ...teams.flatMap((t) =>
        judge(t, { kind: 'team', teamId: t.id }).map((d) => ({
          ...{},
          ...d,
          scope: DependencyScope.DEPENDENCY_SCOPE_TEAM,
          definitionId: scope.definitionId ?? '',
        })),
      ),
    ].sort(
      (a, b) =>
        b.share - a.share ||
        a.scope - b.scope ||
        order(a.definitionId, b.definitionId) ||
        order(a.stepId, b.stepId) ||
        order(a.teamId, b.teamId),
    );
    return analyticsV1.GetSinglePersonDependenciesResponse.fromPartial({ dependencies });
  }
}

const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
