import fc from 'fast-check';
import { commonV1, executionV1, ownershipV1 } from '@baton/contracts';
import type { DataRecord, EscalationLevel, OwnerSpec } from '@baton/domain';
import { AT, samples } from '../test-support/samples';
import { dataMapperFor, type DomainEventType } from './event-mappers';
import { availabilityChanged, escalationPolicySet } from './directory.mappers';
import { stepActivated, stepCompleted } from './step.mappers';

/** Domain data → wire message → protobuf bytes → wire message → domain data. */
function throughTheWire(type: string, data: unknown, occurredAt = AT): unknown {
  const mapper = dataMapperFor(type);
  if (!mapper) throw new Error(`no mapper for ${type}`);
  const context = { occurredAt, idempotencyKey: 'cmd-7' };
  const bytes = mapper.messageType.encode(mapper.toWire(data, context)).finish();
  return mapper.toDomain(mapper.messageType.decode(bytes), context);
}

const cases = Object.entries(samples).flatMap(([type, list]) =>
  list.map((data, i) => [`${type} #${i + 1}`, type as DomainEventType, data] as const),
);

describe('data mappers', () => {
  it.each(cases)('round-trips %s exactly', (_name, type, data) => {
    expect(throughTheWire(type, data)).toStrictEqual(data);
  });

  describe('on the wire', () => {
    it('writes a data-field owner as a person read from the field', () => {
      const sample = samples.StepActivated[1];
      const wire = stepActivated.toWire(sample, { occurredAt: AT });
      expect(wire.owner).toEqual({
        kind: commonV1.OwnerKind.OWNER_KIND_PERSON,
        personId: '',
        teamId: '',
        role: '',
        dataField: 'hiringManagerId',
      });
      expect(wire.assignmentStrategy).toBe(commonV1.AssignmentStrategy.ASSIGNMENT_STRATEGY_DIRECT);
    });

    it('fills the accountable team of a team owner and repeats the idempotency key', () => {
      const wire = stepActivated.toWire(samples.StepActivated[0], { occurredAt: AT });
      expect(wire.teamId).toBe('sales');
      expect(wire.dueAt).toEqual(new Date(AT + 24 * 3_600_000));
      expect(wire.handedOffFrom).toEqual([
        {
          activationId: '',
          stepId: 'start',
          handoffId: 'start->confirm-terms',
          completedAt: new Date(samples.StepActivated[0].handedOffFrom[0]?.completedAt ?? 0),
          slaBusiness: false,
        },
      ]);
    });

    it('writes an absence as AWAY with its end and reason', () => {
      const wire = availabilityChanged.toWire(samples.AvailabilityChanged[0], { occurredAt: AT });
      expect(wire.availability).toEqual(
        ownershipV1.Availability.fromPartial({
          status: ownershipV1.AvailabilityStatus.AVAILABILITY_STATUS_AWAY,
          from: new Date(samples.AvailabilityChanged[0].from),
          until: new Date(AT + 14 * 24 * 3_600_000),
          note: 'parental leave',
        }),
      );
    });

    it('writes escalation offsets as signed durations', () => {
      const wire = escalationPolicySet.toWire(samples.EscalationPolicySet[0], { occurredAt: AT });
      expect(wire.policy?.levels.map((l) => l.after)).toEqual([
        { seconds: '-172801', nanos: -500_000_000 },
        { seconds: '0', nanos: 0 },
        { seconds: '14400', nanos: 250_000_000 },
      ]);
    });
  });

  describe('fields added to the wire, and the remaining gap (WIRE_GAPS)', () => {
    it("keeps each join arrival's own completion time", () => {
      const join = {
        ...samples.StepActivated[0],
        handedOffFrom: [
          { handoffId: 'it->ready', fromStepId: 'it', fromActivationId: 'it#1', completedAt: AT - 3_600_000 },
          { handoffId: 'hr->ready', fromStepId: 'hr', fromActivationId: 'hr#1', completedAt: AT },
        ],
      };
      expect(throughTheWire('StepActivated', join)).toStrictEqual(join);
    });

    it("keeps a handoff's SLA on its sources, and reads a source without one as having none", () => {
      const join = {
        ...samples.StepActivated[0],
        handedOffFrom: [
          {
            handoffId: 'join',
            fromStepId: 'it',
            fromActivationId: 'it#1',
            completedAt: AT - 1,
            slaWithinMs: 14_400_001,
          },
          {
            handoffId: 'join',
            fromStepId: 'hr',
            fromActivationId: 'hr#1',
            completedAt: AT,
            slaWithinMs: 14_400_001,
            slaBusiness: true as const,
          },
        ],
      };
      expect(throughTheWire('StepActivated', join)).toStrictEqual(join);
      const wire = stepActivated.toWire(join, { occurredAt: AT });
      expect(wire.handedOffFrom[0]?.slaWithin).toEqual({ seconds: '14400', nanos: 1_000_000 });
      expect(wire.handedOffFrom.map((source) => source.slaBusiness)).toEqual([false, true]);
      // Bytes written before the field existed decode without it.
      const older = executionV1.StepActivated.encode({
        ...wire,
        handedOffFrom: wire.handedOffFrom.map((source) => ({ ...source, slaWithin: undefined })),
      }).finish();
      const decoded = stepActivated.toDomain(executionV1.StepActivated.decode(older), { occurredAt: AT });
      expect(decoded.handedOffFrom.map((source) => 'slaWithinMs' in source)).toEqual([false, false]);
    });

    it('keeps the start of an absence recorded ahead of time', () => {
      const ahead = { personId: 'alice', status: 'unavailable', from: AT + 7 * 86_400_000 } as const;
      expect(throughTheWire('AvailabilityChanged', ahead)).toStrictEqual(ahead);
    });

    it('reads an absent routedVia back as none', () => {
      const { routedVia: _, ...withoutRouting } = samples.StepCompleted[0];
      expect(throughTheWire('StepCompleted', withoutRouting)).toStrictEqual({
        ...withoutRouting,
        routedVia: [],
      });
    });
  });

  describe('for any value (properties)', () => {
    const id = fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/);
    const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    // A `__proto__` key (at any depth) is dropped by the generated Struct wrapper (ts-proto), so
    // none is generated.
    const json = fc
      .dictionary(fc.string(), fc.jsonValue())
      .map((d) => JSON.stringify(d))
      .filter((text) => !text.includes('"__proto__":'))
      .map((text) => JSON.parse(text) as DataRecord);
    const owner: fc.Arbitrary<OwnerSpec> = fc.oneof(
      id.map((personId) => ({ kind: 'person' as const, personId })),
      id.map((teamId) => ({ kind: 'team' as const, teamId })),
      id.map((role) => ({ kind: 'role' as const, role })),
      id.map((field) => ({ kind: 'data-field' as const, field })),
    );
    const strip = <T extends object>(o: T): T =>
      Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

    it('round-trips StepCompleted with any JSON output', () => {
      fc.assert(
        fc.property(
          id,
          optional(id),
          json,
          optional(id),
          fc.array(id),
          (stepId, outcome, output, personId, routedVia) => {
            const data = strip({
              instanceId: 'i-1',
              activationId: `${stepId}#1`,
              stepId,
              outcome,
              output,
              personId,
              routedVia,
            });
            expect(throughTheWire('StepCompleted', data)).toStrictEqual(data);
          },
        ),
      );
    });

    it('round-trips StepActivated with any owner, policy, due time and sources', () => {
      const source = fc.record(
        {
          handoffId: id,
          fromStepId: id,
          fromActivationId: optional(id),
          slaWithinMs: optional(fc.integer({ min: 1, max: 8.64e15 })),
        },
        { requiredKeys: ['handoffId', 'fromStepId'], noNullPrototype: true },
      );
      fc.assert(
        fc.property(
          fc.constantFrom('human-task', 'approval', 'automated', 'wait-for-event', 'timer' as const),
          fc.array(source),
          optional(fc.integer({ min: -8.64e15, max: 8.64e15 })),
          optional(owner),
          fc.constantFrom('round-robin', 'least-loaded', 'manual-claim', 'direct' as const),
          fc.integer({ min: 1, max: 1000 }),
          (stepKind, sources, dueAt, stepOwner, policy, attempt) => {
            const data = strip({
              instanceId: 'i-1',
              activationId: 's#1',
              stepId: 's',
              stepKind,
              handedOffFrom: sources.map((s) => strip({ ...s, completedAt: AT })),
              dueAt,
              owner: stepOwner,
              policy,
              attempt,
            });
            expect(throughTheWire('StepActivated', data)).toStrictEqual(data);
          },
        ),
      );
    });

    it('round-trips any escalation chain', () => {
      const level: fc.Arbitrary<EscalationLevel> = fc.record(
        {
          afterMs: fc.integer({ min: -365 * 86_400_000, max: 365 * 86_400_000 }),
          action: fc.constantFrom('remind', 'notify', 'reassign' as const),
          to: owner,
        },
        { noNullPrototype: true },
      );
      fc.assert(
        fc.property(id, fc.array(level), (teamId, chain) => {
          const data = { teamId, chain };
          expect(throughTheWire('EscalationPolicySet', data)).toStrictEqual(data);
        }),
      );
    });
  });

  describe('reading foreign messages', () => {
    it('refuses an unset enum or owner the domain cannot hold', () => {
      const mapper = stepCompleted;
      expect(() =>
        mapper.toDomain(executionV1.StepCompleted.fromPartial({ stepId: 's' }), { occurredAt: AT }),
      ).toThrow('instanceId is required');
      const noKind = executionV1.StepEscalated.fromPartial({
        instanceId: 'i',
        activationId: 'a',
        stepId: 's',
        action: 1,
      });
      expect(() => dataMapperFor('StepEscalated')?.toDomain(noKind, { occurredAt: AT })).toThrow(
        'target has no owner kind',
      );
      const noPolicy = ownershipV1.AssignmentPolicySet.fromPartial({ teamId: 'finance' });
      expect(() => dataMapperFor('AssignmentPolicySet')?.toDomain(noPolicy, { occurredAt: AT })).toThrow(
        'policy.strategy is not a known assignment strategy (0)',
      );
    });
  });
});
