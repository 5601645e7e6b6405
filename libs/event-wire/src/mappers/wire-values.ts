import { commonV1, definitionV1, googleProtobuf } from '@baton/contracts';
import type {
  AssignmentPolicy,
  DataRecord,
  EscalationAction,
  EscalationLevel,
  Millis,
  OwnerSpec,
  StepKind,
} from '@baton/domain';
import { invalidField } from '../errors';

// Value codecs shared by the data mappers. Wire enums are looked up in both directions from one
// table each, so a value cannot be mapped one way only.

/** `{ [key]: value }` when the proto3 string is set (non-empty), `{}` otherwise. */
export function present<K extends string>(key: K, value: string): { [P in K]?: string } {
  return value === '' ? {} : ({ [key]: value } as { [P in K]: string });
}

/** A required proto3 string: empty means the producer left it out. */
export function required(field: string, value: string): string {
  if (value === '') throw invalidField(field, 'is required');
  return value;
}

export const timestampOf = (millis: Millis): Date => new Date(millis);

export function millisOf(field: string, value: Date | undefined): Millis {
  const millis = value?.getTime();
  if (millis === undefined || Number.isNaN(millis)) throw invalidField(field, 'is required');
  return millis;
}

/** Instance data travels as a `google.protobuf.Struct`; unset reads as no fields. */
export const structOf = (data: DataRecord): { [key: string]: unknown } => ({ ...data });
export const recordOf = (value: { [key: string]: unknown } | undefined): DataRecord =>
  (value ?? {}) as DataRecord;

function enumCodec<Domain extends string, Wire extends number>(name: string, table: Record<Domain, Wire>) {
  const back = new Map<number, Domain>(Object.entries(table).map(([d, w]) => [w as number, d as Domain]));
  return {
    toWire: (value: Domain): Wire => table[value],
    toDomain(field: string, value: Wire): Domain {
      const domain = back.get(value);
      if (domain === undefined) throw invalidField(field, `is not a known ${name} (${value})`);
      return domain;
    },
  };
}

export const stepKinds = enumCodec<StepKind, definitionV1.StepKind>('step kind', {
  'human-task': definitionV1.StepKind.STEP_KIND_HUMAN_TASK,
  approval: definitionV1.StepKind.STEP_KIND_APPROVAL,
  automated: definitionV1.StepKind.STEP_KIND_AUTOMATED,
  'wait-for-event': definitionV1.StepKind.STEP_KIND_WAIT_FOR_EVENT,
  timer: definitionV1.StepKind.STEP_KIND_TIMER,
});

export const assignmentPolicies = enumCodec<AssignmentPolicy, commonV1.AssignmentStrategy>(
  'assignment strategy',
  {
    'manual-claim': commonV1.AssignmentStrategy.ASSIGNMENT_STRATEGY_MANUAL,
    'round-robin': commonV1.AssignmentStrategy.ASSIGNMENT_STRATEGY_ROUND_ROBIN,
    'least-loaded': commonV1.AssignmentStrategy.ASSIGNMENT_STRATEGY_LEAST_LOADED,
    direct: commonV1.AssignmentStrategy.ASSIGNMENT_STRATEGY_DIRECT,
  },
);

export const escalationActions = enumCodec<EscalationAction, commonV1.EscalationAction>('escalation action', {
  remind: commonV1.EscalationAction.ESCALATION_ACTION_REMIND,
  notify: commonV1.EscalationAction.ESCALATION_ACTION_NOTIFY,
  reassign: commonV1.EscalationAction.ESCALATION_ACTION_REASSIGN,
});

/**
 * The wire has no data-field owner kind: a person read from a data field is OWNER_KIND_PERSON
 * with `data_field` set and `person_id` empty (the proto's reading of an unresolved reference).
 */
export function ownerSpecOf(owner: OwnerSpec): commonV1.OwnerSpec {
  const { OwnerKind } = commonV1;
  switch (owner.kind) {
    case 'person':
      return commonV1.OwnerSpec.fromPartial({ kind: OwnerKind.OWNER_KIND_PERSON, personId: owner.personId });
    case 'team':
      return commonV1.OwnerSpec.fromPartial({ kind: OwnerKind.OWNER_KIND_TEAM, teamId: owner.teamId });
    case 'role':
      return commonV1.OwnerSpec.fromPartial({ kind: OwnerKind.OWNER_KIND_ROLE, role: owner.role });
    case 'data-field':
      return commonV1.OwnerSpec.fromPartial({ kind: OwnerKind.OWNER_KIND_PERSON, dataField: owner.field });
  }
}

export function ownerOf(field: string, spec: commonV1.OwnerSpec | undefined): OwnerSpec {
  const { OwnerKind } = commonV1;
  switch (spec?.kind) {
    case OwnerKind.OWNER_KIND_PERSON:
      if (spec.personId === '' && spec.dataField !== '') return { kind: 'data-field', field: spec.dataField };
      return { kind: 'person', personId: required(`${field}.personId`, spec.personId) };
    case OwnerKind.OWNER_KIND_TEAM:
      return { kind: 'team', teamId: required(`${field}.teamId`, spec.teamId) };
    case OwnerKind.OWNER_KIND_ROLE:
      return { kind: 'role', role: required(`${field}.role`, spec.role) };
    default:
      throw invalidField(field, 'has no owner kind');
  }
}

export function durationOf(millis: number): googleProtobuf.Duration {
  // Seconds and nanos carry the same sign (a negative level fires before the deadline).
  return { seconds: String(Math.trunc(millis / 1000)), nanos: (millis % 1000) * 1_000_000 };
}

export function millisOfDuration(field: string, duration: googleProtobuf.Duration | undefined): number {
  if (duration === undefined) throw invalidField(field, 'is required');
  return Number(duration.seconds) * 1000 + Math.trunc(duration.nanos / 1_000_000);
}

export function escalationLevelOf(level: EscalationLevel): commonV1.EscalationLevel {
  return {
    after: durationOf(level.afterMs),
    action: escalationActions.toWire(level.action),
    target: ownerSpecOf(level.to),
  };
}

export function levelOf(field: string, level: commonV1.EscalationLevel): EscalationLevel {
  return {
    afterMs: millisOfDuration(`${field}.after`, level.after),
    action: escalationActions.toDomain(`${field}.action`, level.action),
    to: ownerOf(`${field}.target`, level.target),
  };
}
