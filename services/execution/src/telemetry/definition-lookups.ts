import type { DefinitionVersion } from '@baton/domain';
import type { Attributes } from '@opentelemetry/api';
import { metricAttributes } from '@baton/telemetry';
import type { DefinitionFacts, HandoffFigures, StepFigures } from './closed-work';

/** A key's attribute sets stay few (steps × teams); past this a definition's are built afresh. */
const MAX_KEYS = 1_000;

/** A handoff edge's metric attributes, and the same with `baton.sla.kind`. */
export interface EdgeAttributes {
  readonly edge: Attributes;
  readonly breach: Attributes;
}

/** A step's work-duration attributes (by status) and SLA-breach attributes. */
export interface StepAttributes {
  readonly work: Attributes;
  readonly breach: Attributes;
}

/**
 * What telemetry looks up in one definition version, made once per version: the team owning each
 * step, each handoff's SLA, and the metric attribute objects per edge, step and escalation level,
 * reused (and frozen, so the metrics SDK hashes each once) so that recording a metric allocates nothing.
 */
export class DefinitionLookups implements DefinitionFacts {
  private readonly teams = new Map<string, string>();
  private readonly slas = new Map<string, number>();
  private readonly base: Attributes;
  private readonly edges = new Map<string, EdgeAttributes>();
  private readonly steps = new Map<string, StepAttributes>();
  private readonly escalations = new Map<string, Attributes>();

  constructor(readonly version: DefinitionVersion) {
    const { definition } = version;
    for (const step of definition.steps) {
      if (step.owner?.kind === 'team') this.teams.set(step.id, step.owner.teamId);
    }
    for (const h of definition.handoffs) if (h.sla) this.slas.set(h.id, h.sla.withinMs);
    this.base = { 'baton.definition.id': definition.id, 'baton.definition.version': version.version };
  }

  teamOfStep(stepId: string): string | undefined {
    return this.teams.get(stepId);
  }

  slaMs(handoffId: string): number | undefined {
    return this.slas.get(handoffId);
  }

  edge(h: HandoffFigures): EdgeAttributes {
    const key = `${h.fromStepId}\n${h.toStepId}\n${h.fromTeamId ?? '\r'}\n${h.toTeamId ?? '\r'}`;
    let found = this.edges.get(key);
    if (!found) {
      const edge: Attributes = metricAttributes({
        ...{},
        ...this.base,
        'baton.handoff.from_step': h.fromStepId,
        'baton.handoff.to_step': h.toStepId,
        ...(h.fromTeamId !== undefined ? { 'baton.handoff.from_team': h.fromTeamId } : {}),
        ...(h.toTeamId !== undefined ? { 'baton.handoff.to_team': h.toTeamId } : {}),
      });
      found = { edge, breach: metricAttributes({ ...{}, ...edge, 'baton.sla.kind': 'handoff' }) };
      remember(this.edges, key, found);
    }
    return found;
  }

  step(s: StepFigures): StepAttributes {
    const key = `${s.stepId}\n${s.teamId ?? '\r'}\n${s.status}`;
    let found = this.steps.get(key);
    if (!found) {
      const step: Attributes = {
        ...{},
        ...this.base,
        'baton.step.id': s.stepId,
        ...(s.teamId !== undefined ? { 'baton.team.id': s.teamId } : {}),
      };
      found = {
        work: metricAttributes({ ...{}, ...step, 'baton.step.status': s.status }),
        breach: metricAttributes({ ...{}, ...step, 'baton.sla.kind': 'step' }),
      };
      remember(this.steps, key, found);
    }
    return found;
  }

  escalation(stepId: string, level: number): Attributes {
    const key = `${stepId}\n${level}`;
    let found = this.escalations.get(key);
    if (!found) {
      found = metricAttributes({
        'baton.definition.id': this.version.definition.id,
        'baton.step.id': stepId,
        'baton.escalation.level': level,
      });
      remember(this.escalations, key, found);
    }
    return found;
  }
}

const byVersion = new WeakMap<DefinitionVersion, DefinitionLookups>();

/** The lookups of a definition version (the catalog keeps one object per version). */
export function lookupsOf(version: DefinitionVersion): DefinitionLookups {
  let found = byVersion.get(version);
  if (!found) byVersion.set(version, (found = new DefinitionLookups(version)));
  return found;
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= MAX_KEYS) map.clear();
  map.set(key, value);
}
