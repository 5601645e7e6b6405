import { googleRpc, unpackAnyAs } from '@baton/contracts';
import { IllegalStateError, NotFoundError, ValidationError } from '@baton/domain';
import { WrongExpectedVersionError } from '@baton/eventstore';
import { status, type ServiceError } from '@grpc/grpc-js';
import { statusDetailsOf, toServiceError } from './grpc-errors';
import { RequestCheck, RequestError } from './request-errors';

const mapping = { domain: 'baton.test' };
const detailsOf = (error: Partial<ServiceError>) => {
  const s = statusDetailsOf(error as ServiceError);
  if (!s) throw new Error('no status details');
  return s;
};
const infoOf = (error: Partial<ServiceError>) =>
  unpackAnyAs(detailsOf(error).details.at(-1) as never, googleRpc.ErrorInfo);

describe('toServiceError', () => {
  it('sends a message with half an emoji (a lone surrogate) as a replacement character, not a crash', () => {
    const cut = '😀'.slice(0, 1);
    const error = toServiceError(
      new ValidationError('DEFINITION.INVALID', `Unexpected token ${cut}`, [
        { field: 'source.text', description: 'x' },
      ]),
      mapping,
    );
    expect(error.details).toBe('Unexpected token \uFFFD');
    expect(() => encodeURIComponent(error.details ?? '')).not.toThrow();
    expect(toServiceError(new ValidationError('X', 'whole 😀 stays', []), mapping).details).toBe(
      'whole 😀 stays',
    );
  });

  it('maps a validation error to INVALID_ARGUMENT with each field violation and the domain code', () => {
    const error = toServiceError(
      new ValidationError('DEFINITION.INVALID', 'definition is invalid', [
        { field: 'steps[0].owner', description: 'owner is required', reason: 'REQUIRED' },
      ]),
      mapping,
    );
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.details).toBe('definition is invalid');
    const badRequest = unpackAnyAs(detailsOf(error).details[0] as never, googleRpc.BadRequest);
    expect(badRequest.fieldViolations).toEqual([
      expect.objectContaining({ field: 'steps[0].owner', reason: 'REQUIRED' }),
    ]);
    expect(infoOf(error)).toMatchObject({ reason: 'DEFINITION.INVALID', domain: 'baton.test' });
  });

  it('maps an illegal transition to FAILED_PRECONDITION naming the current state and allowed commands', () => {
    const error = toServiceError(
      new IllegalStateError('STEP.NOT_STARTED', 'step is assigned, not started', {
        currentState: 'assigned',
        allowed: ['StartStep', 'ReassignStep'],
      }),
      mapping,
    );
    expect(error.code).toBe(status.FAILED_PRECONDITION);
    const failure = unpackAnyAs(detailsOf(error).details[0] as never, googleRpc.PreconditionFailure);
    expect(failure.violations[0]).toMatchObject({ type: 'STEP.NOT_STARTED', subject: 'assigned' });
    expect(infoOf(error).metadata).toEqual({
      currentState: 'assigned',
      allowed: '["StartStep","ReassignStep"]',
    });
  });

  it('maps not found to NOT_FOUND and a version conflict to ABORTED with expected and actual', () => {
    expect(toServiceError(new NotFoundError('INSTANCE.NOT_FOUND', 'no instance x'), mapping).code).toBe(
      status.NOT_FOUND,
    );
    const conflict = toServiceError(
      new WrongExpectedVersionError('instance-1', { kind: 'exact', version: 3 }, 5),
      mapping,
    );
    expect(conflict.code).toBe(status.ABORTED);
    expect(infoOf(conflict)).toMatchObject({
      reason: 'WRONG_EXPECTED_VERSION',
      metadata: { stream: 'instance-1', expected: '3', actual: '5' },
    });
  });

  it('hides unexpected errors behind an incident id that is also reported', () => {
    const reported: string[] = [];
    const error = toServiceError(new Error('connection string postgres://secret'), {
      ...mapping,
      onInternal: (_e, id) => reported.push(id),
    });
    expect(error.code).toBe(status.INTERNAL);
    expect(error.details).not.toContain('secret');
    expect(error.details).toContain(reported[0]);
  });
});

describe('RequestCheck', () => {
  it('collects every violation before throwing', () => {
    const check = new RequestCheck().nonEmpty('', 'definition_id').nonEmpty('  ', 'business_key');
    expect(() => check.done('StartInstanceRequest')).toThrow(RequestError);
    try {
      check.done('StartInstanceRequest');
    } catch (e) {
      expect((e as RequestError).violations.map((v) => v.field)).toEqual(['definition_id', 'business_key']);
    }
  });
});
