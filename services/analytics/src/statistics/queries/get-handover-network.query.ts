import type { DurationSketchSnapshot, HandoffAggregateSnapshot, SlaCounts } from '@baton/analytics-core';
import { analyticsV1 } from '@baton/contracts';
import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DefinitionCatalog } from '../../definitions/definition-catalog';
import { DirectoryView } from '../../directory/directory-view';
import { READ_MODEL_STORE, type ReadModelStore } from '../../read-model-store/read-model-store.port';
import { durationStats } from '../duration-stats.mapper';
import { SketchSum } from '../snapshot-sum';
import { handoverRows, performerRows } from '../flow-rows';
import { handoffRows, stepRows } from '../stats-rows';
import type { StatsScope } from '../stats-scope';

export type NetworkLevel = 'team' | 'person' | 'step';

export class GetHandoverNetwork {
  constructor(
    readonly scope: StatsScope,
    readonly level: NetworkLevel,
    readonly minCount: number,
  ) {}
}

interface Link {
  readonly from: string;
  readonly to: string;
  /** The handoff times of its rows, summed as data. */
  readonly times: SketchSum;
  /** Handoff SLA figures (team and step levels; the person rows keep none). */
  readonly sla: SlaCounts;
  overrunMs: number;
}

/**
 * Who hands work to whom: teams (every handoff between steps, by the teams of A and B), people
 * (who did A → who did B, when those differ) or steps of one definition (start included). Each
 * edge has its count and handoff times (A completed → B started); each node, the activations
 * completed there.
 */
@QueryHandler(GetHandoverNetwork)
export class GetHandoverNetworkHandler implements IQueryHandler<
  GetHandoverNetwork,
  analyticsV1.GetHandoverNetworkResponse
> {
  constructor(@Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore) {}

  async execute(query: GetHandoverNetwork): Promise<analyticsV1.GetHandoverNetworkResponse> {
    const { scope, level } = query;
    const [links, completed, label] = await Promise.all([
      this.links(scope, level),
      this.completed(scope, level),
      this.labels(scope, level),
    ]);
    const edges = [...links.values()]
      .filter((l) => l.times.count >= query.minCount)
      .sort((a, b) => b.times.count - a.times.count || order(a.from, b.from) || order(a.to, b.to));
    const ids = [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort(order);
    const totals = { from: new Map<string, number>(), to: new Map<string, number>() };
    for (const e of edges)
      for (const side of ['from', 'to'] as const)
        totals[side].set(e[side], (totals[side].get(e[side]) ?? 0) + e.times.count);
    const count = (id: string, side: 'from' | 'to') => totals[side].get(id) ?? 0;
    return analyticsV1.GetHandoverNetworkResponse.fromPartial({
      nodes: ids.map((id) => ({
        id,
        label: label(id),
        completedCount: String(completed.get(id) ?? 0),
        handedOverCount: String(count(id, 'from')),
        receivedCount: String(count(id, 'to')),
      })),
      edges: edges.map((e) => ({
        fromId: e.from,
        toId: e.to,
        count: String(e.times.count),
        handoffTime: durationStats(e.times.summary(), e.sla, e.overrunMs),
      })),
    });
  }

  private async links(scope: StatsScope, level: NetworkLevel): Promise<Map<string, Link>> {
    const links = new Map<string, Link>();
    const add = (from: string, to: string, times: DurationSketchSnapshot, sla?: HandoffAggregateSnapshot) => {
      const key = `${from}\u0000${to}`;
      let link = links.get(key);
      if (!link)
        links.set(
          key,
          (link = { from, to, times: new SketchSum(), sla: { withSla: 0, breaches: 0 }, overrunMs: 0 }),
        );
      link.times.add(times);
      if (!sla) return;
      link.sla.withSla += sla.sla.withSla;
      link.sla.breaches += sla.sla.breaches;
      link.overrunMs += sla.overrunMs ?? 0;
    };
    if (level === 'person') {
      for (const r of await handoverRows(this.readModels, scope))
        if (r.fromPerson !== r.toPerson) add(r.fromPerson, r.toPerson, r.total);
      return links;
    }
    for (const r of await handoffRows(this.readModels, scope)) {
      // Nobody hands work over at the instance start; the step map shows it as `start`.
      if (level === 'team' && r.aggregate.from === 'start') continue;
      if (level === 'team') add(r.fromTeam, r.toTeam, r.aggregate.total, r.aggregate);
      else add(r.aggregate.from, r.aggregate.to, r.aggregate.total, r.aggregate);
    }
    return links;
  }

  private async completed(scope: StatsScope, level: NetworkLevel): Promise<Map<string, number>> {
    const totals = new Map<string, number>();
    const add = (id: string, n: number) => totals.set(id, (totals.get(id) ?? 0) + n);
    if (level === 'person') {
      for (const r of await performerRows(this.readModels, scope))
        if (r.personId) add(r.personId, r.completed);
      return totals;
    }
    for (const r of await stepRows(this.readModels, scope)) {
      add(level === 'team' ? r.teamId : r.aggregate.stepId, r.aggregate.elapsed.count - r.aggregate.failed);
    }
    return totals;
  }

  private async labels(scope: StatsScope, level: NetworkLevel): Promise<(id: string) => string> {
    if (level === 'step') {
      const catalog = await DefinitionCatalog.load(this.readModels, scope.definitionId, scope.tenantId);
      const definitionId = scope.definitionId ?? '';
      return (id) => catalog.stepName(definitionId, scope.definitionVersion, id) || id;
    }
    const directory = await DirectoryView.load(this.readModels, scope.tenantId);
    return level === 'team' ? (id) => directory.teamName(id) || id : (id) => directory.personName(id) || id;
  }
}

const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
