import {
  parseDefinitionJson,
  parseDefinitionYaml,
  type AssignmentPolicy,
  type EscalationLevel,
  type OwnerSpec,
} from '@baton/domain';
import type { DefinitionVersionPublishedData } from '@baton/event-wire';

/** What ownership needs of a published step: who owns it and its escalation chain. */
export interface StepInfo {
  readonly owner?: OwnerSpec;
  readonly policy?: AssignmentPolicy;
  readonly escalations: readonly EscalationLevel[];
}

/** The steps of published definitions, by definition version, learned from DefinitionVersionPublished. */
export class PublishedSteps {
  private readonly definitions = new Map<string, ReadonlyMap<string, StepInfo>>();
  /** Per definition version, the data fields its owners and escalation targets read. */
  private readonly fieldsRead = new Map<string, ReadonlySet<string>>();
  private readonly latest = new Map<string, number>();

  /** Parses the published source (the event carries the text exactly as published). */
  publish(d: Record<string, unknown>): void {
    const { definitionId, version, source } = d as Partial<DefinitionVersionPublishedData>;
    if (!definitionId || version === undefined || !source) return;
    const parsed =
      source.format === 'json' ? parseDefinitionJson(source.text) : parseDefinitionYaml(source.text);
    if (!parsed.ok) return; // published definitions parse; an unreadable one has no chains to offer
    const steps = new Map<string, StepInfo>();
    const fields = new Set<string>();
    for (const s of parsed.definition.steps) {
      steps.set(s.id, {
        ...{},
        ...(s.owner ? { owner: s.owner } : {}),
        policy: s.policy,
        escalations: s.escalations,
      });
      for (const owner of [s.owner, ...s.escalations.map((e) => e.to)])
        if (owner?.kind === 'data-field') fields.add(owner.field);
    }
    this.definitions.set(`${definitionId}@${version}`, steps);
    this.fieldsRead.set(`${definitionId}@${version}`, fields);
    if (version > (this.latest.get(definitionId) ?? 0)) this.latest.set(definitionId, version);
  }

  /** A step of a published definition; `version` undefined = the latest seen. */
  step(definitionId: string, version: number | undefined, stepId: string): StepInfo | undefined {
    const v = version ?? this.latest.get(definitionId);
    return v === undefined ? undefined : this.definitions.get(`${definitionId}@${v}`)?.get(stepId);
  }

  /** The data fields a definition version's owners and escalation targets read; undefined until published. */
  dataFieldsRead(definitionId: string, version: number): ReadonlySet<string> | undefined {
    return this.fieldsRead.get(`${definitionId}@${version}`);
  }

  has(definitionId: string, version?: number): boolean {
    const v = version ?? this.latest.get(definitionId);
    return v !== undefined && this.definitions.has(`${definitionId}@${v}`);
  }
}
