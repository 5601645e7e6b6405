import {
  DurationSketch,
  emptyCases,
  mergeCases,
  type DurationSketchSnapshot,
  type SlaCounts,
} from '@baton/analytics-core';
import { analyticsV1 } from '@baton/contracts';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DefinitionCatalog } from '../../definitions/definition-catalog';
import { READ_MODEL_STORE, type ReadModelStore } from '../../read-model-store/read-model-store.port';
import { caseRows, handoffRows, stepRows } from '../stats-rows';
import { wireClockOf, type StatsScope } from '../stats-scope';
import { byChange, compareMetric, emptySide, presenceOf, type Side } from '../version-comparison';

export class CompareVersions {
  constructor(
    /** Each with the definition, its version, its window (whole UTC days) and the team. */
    readonly base: StatsScope,
    readonly candidate: StatsScope,
  ) {}
}

/** Per version: the steps and edges it declares or was seen with, and their samples. */
interface VersionFigures {
  readonly cycle: Side;
  readonly steps: Map<string, Side>;
  readonly edges: Map<string, Side & { readonly from: string; readonly to: string }>;
}

/**
 * Compares two versions of one definition: end-to-end cycle time, each step's cycle time
 * (activated → ended) and each edge's handoff time (A completed → B started), for every step and
 * edge either version declares (from the definition versions) or was observed with. A side is
 * unset where the step or edge does not exist in that version, and it has zero samples where it
 * exists but nothing ended in the window.
 */
@QueryHandler(CompareVersions)
export class CompareVersionsHandler implements IQueryHandler<
  CompareVersions,
  analyticsV1.CompareVersionsResponse
> {
  constructor(@Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore) {}

  async execute(query: CompareVersions): Promise<analyticsV1.CompareVersionsResponse> {
    const definitionId = query.base.definitionId ?? '';
    const catalog = await DefinitionCatalog.load(this.readModels, definitionId, query.base.tenantId);
    const [base, candidate] = await Promise.all([
      this.figures(query.base, catalog),
      this.figures(query.candidate, catalog),
    ]);
    const stepIds = new Set([...base.steps.keys(), ...candidate.steps.keys()]);
    const steps = [...stepIds]
      .map((stepId) => ({
        key: stepId,
        metric: compareMetric(base.steps.get(stepId), candidate.steps.get(stepId)),
        presence: presenceOf(base.steps.has(stepId), candidate.steps.has(stepId)),
      }))
      .sort(byChange);
    const edgeKeys = new Set([...base.edges.keys(), ...candidate.edges.keys()]);
    const handoffs = [...edgeKeys]
      .map((key) => {
        const edge = (base.edges.get(key) ?? candidate.edges.get(key)) as { from: string; to: string };
        return {
          key,
          edge,
          metric: compareMetric(base.edges.get(key), candidate.edges.get(key)),
          presence: presenceOf(base.edges.has(key), candidate.edges.has(key)),
        };
      })
      .sort(byChange);
    const name = (stepId: string) =>
      catalog.stepName(definitionId, query.candidate.definitionVersion, stepId) ||
      catalog.stepName(definitionId, query.base.definitionVersion, stepId);
    return analyticsV1.CompareVersionsResponse.fromPartial({
      clock: wireClockOf(query.base),
      cycleTime: compareMetric(base.cycle, candidate.cycle),
      steps: steps.map((s) => ({
        stepId: s.key,
        stepName: name(s.key),
        cycleTime: s.metric,
        presence: s.presence,
      })),
      handoffs: handoffs.map((h) => ({
        fromStepId: h.edge.from,
        toStepId: h.edge.to,
        total: h.metric,
        presence: h.presence,
      })),
    });
  }

  private async figures(scope: StatsScope, catalog: DefinitionCatalog): Promise<VersionFigures> {
    const [handoffs, steps, cases] = await Promise.all([
      handoffRows(this.readModels, scope),
      stepRows(this.readModels, scope),
      caseRows(this.readModels, scope),
    ]);
    const entry = catalog.entry(scope.definitionId ?? '', scope.definitionVersion ?? -1);
    // With a team, the declared steps it owns and the edges into or out of them.
    const ours = new Set(
      (entry?.steps ?? [])
        .filter(
          (s) => scope.teamId === undefined || (s.owner?.kind === 'team' && s.owner.teamId === scope.teamId),
        )
        .map((s) => s.id),
    );
    const byStep = new Map<string, Side>();
    for (const stepId of ours) byStep.set(stepId, emptySide());
    for (const row of steps) {
      const side = byStep.get(row.aggregate.stepId) ?? emptySide();
      add(side, row.aggregate.elapsed, row.aggregate.sla);
      byStep.set(row.aggregate.stepId, side);
    }
    const edges: VersionFigures['edges'] = new Map();
    const edge = (from: string, to: string) => {
      const key = JSON.stringify([from, to]);
      let found = edges.get(key);
      if (!found) edges.set(key, (found = { ...{}, ...emptySide(), from, to }));
      return found;
    };
    for (const e of entry?.edges ?? []) if (ours.has(e.from) || ours.has(e.to)) edge(e.from, e.to);
    for (const row of handoffs)
      add(edge(row.aggregate.from, row.aggregate.to), row.aggregate.total, row.aggregate.sla);
    const ended = emptyCases();
    for (const row of cases)
      if (scope.fromDay === undefined || row.day >= scope.fromDay) mergeCases(ended, row.aggregate);
    return { cycle: { times: ended.cycle, sla: { withSla: 0, breaches: 0 } }, steps: byStep, edges };
  }
}

function add(side: Side, times: DurationSketchSnapshot, sla: SlaCounts): void {
  side.times.merge(DurationSketch.fromSnapshot(times));
  side.sla.withSla += sla.withSla;
  side.sla.breaches += sla.breaches;
}
