/** How a mismatch between the domain model and `baton.definition.v1.ProcessDefinition` is handled. */
export type DefinitionWireGapHandling =
  /** Written to the wire as a default and not read back (display-only). */
  | 'dropped'
  /** Set on the wire, the domain parser refuses it at its path. */
  | 'refused'
  /** Both sides hold it, with a different reading. */
  | 'reinterpreted'
  /** The domain value has no proto form of its own and is encoded by a convention. */
  | 'encoded';

export interface DefinitionWireGap {
  /** The proto field (path in `ProcessDefinition`, or `OwnerSpec.x` for every owner). */
  readonly proto: string;
  /** The domain field it corresponds to, or `undefined` when the domain has none. */
  readonly domain?: string;
  readonly handling: DefinitionWireGapHandling;
  readonly note: string;
}

/**
 * Where the domain's ProcessDefinition and the wire message disagree. Everything else
 * round-trips exactly (domain → proto → domain); proto and libs/domain are left unchanged.
 */
export const DEFINITION_WIRE_GAPS: readonly DefinitionWireGap[] = [
  {
    proto: 'steps[].outcomes[].name, steps[].outcomes[].description',
    domain: 'Step.outcomes (ids only)',
    handling: 'dropped',
    note: 'approval outcomes are ids in the domain; labels and descriptions are written empty and ignored on reading',
  },
  {
    proto: 'exception_paths[].owner',
    handling: 'refused',
    note: 'the domain has no exception-path owner; the parser reports exceptions[i].owner as an unknown field',
  },
  {
    proto: 'OwnerSpec.team_id with OWNER_KIND_ROLE',
    handling: 'refused',
    note: 'a role scoped to a team has no domain form; the parser refuses an owner naming role and team',
  },
  {
    proto: 'OwnerSpec.data_field with OWNER_KIND_TEAM or OWNER_KIND_ROLE',
    handling: 'refused',
    note: 'only a person can be read from instance data in the domain; a team or role read from a field is refused',
  },
  {
    proto: 'OwnerSpec (OWNER_KIND_PERSON with data_field and no person_id)',
    domain: "OwnerSpec { kind: 'data-field' }",
    handling: 'encoded',
    note: 'the wire has no data-field owner kind; the convention is shared with the event mappers (wire-values ownerSpecOf)',
  },
  {
    proto: 'DataField.type = DATA_FIELD_TYPE_UNSPECIFIED',
    domain: 'DataField.type',
    handling: 'refused',
    note: 'the proto reads "any JSON value"; the domain has no such type, so it is a parse error at the field\'s type',
  },
  {
    proto: 'steps[].escalations[].target unset (ESCALATION_ACTION_REMIND)',
    domain: 'EscalationLevel.to (required)',
    handling: 'refused',
    note: 'the proto lets a reminder go to the current assignee; the domain requires a target owner',
  },
  {
    proto: 'steps[].escalations[].after < 0',
    domain: 'EscalationLevel.afterMs (≥ 0)',
    handling: 'refused',
    note: 'the proto allows reminders before the deadline; the domain escalates only at or after it',
  },
  {
    proto: 'steps[].assignment_strategy on a step without owner',
    domain: 'Step.policy',
    handling: 'refused',
    note: 'the source writes the policy on the owner; an ownerless step is manual-claim, any other strategy is refused at steps[i].owner',
  },
  {
    proto: 'start_triggers[].correlation_key = ""',
    domain: 'StartTrigger.correlationKey (required)',
    handling: 'refused',
    note: "the proto reads empty as the trigger event's own correlation key; the domain requires a payload field",
  },
  {
    proto: 'exception_paths[].max_iterations = 0',
    domain: 'ExceptionPath.maxIterations',
    handling: 'reinterpreted',
    note: "the proto reads 0 as the validator's default bound; the domain reads it as no bound written (lint: rework-without-bound)",
  },
  {
    proto: 'google.protobuf.Duration nanos below a millisecond',
    domain: 'durations in milliseconds',
    handling: 'dropped',
    note: 'the domain holds durations in whole milliseconds; sub-millisecond nanos are truncated',
  },
];
