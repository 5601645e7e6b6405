import { googleRpc, packAny } from '@baton/contracts';
import { IllegalStateError, ValidationError } from '@baton/domain';
import { toServiceError } from '@baton/grpc-server';
import { Metadata, type ServiceError } from '@grpc/grpc-js';
import { describeError, renderError } from './errors';
import { enumLabel, fields, table } from './format';
import { jsonObjectOption } from './input';
import { UsageError } from './io';

const asServiceError = (e: Partial<ServiceError>): ServiceError =>
  Object.assign(new Error(`${e.code} ${e.details}`), e) as ServiceError;

describe('CLI output', () => {
  describe('table', () => {
    it('aligns columns under upper-case headers and cuts long cells', () => {
      const rows = [
        { id: 'order-to-cash', n: 7 },
        { id: 'budget', n: 12 },
      ];
      const text = table(rows, [
        { header: 'id', value: (r) => r.id, max: 10 },
        { header: 'count', value: (r) => r.n },
      ]);
      expect(text.split('\n')).toEqual(['ID          COUNT', 'order-to-…  7', 'budget      12']);
    });

    it('says (none) for no rows', () => {
      expect(table([], [{ header: 'x', value: () => 'y' }])).toBe('(none)');
    });
  });

  it('renders key/value fields without empty values', () => {
    expect(
      fields([
        ['state', 'running'],
        ['ended', ''],
        ['business key', 'o-1'],
      ]),
    ).toBe('state:        running\nbusiness key: o-1');
  });

  it('turns enum names into short labels', () => {
    expect(enumLabel('INSTANCE_STATE_RUNNING', 'INSTANCE_STATE_')).toBe('running');
    expect(enumLabel('STEP_KIND_WAIT_FOR_EVENT', 'STEP_KIND_')).toBe('wait-for-event');
  });
});

describe('CLI errors', () => {
  it('shows the status name, message, field violations and error reason of INVALID_ARGUMENT', () => {
    const error = asServiceError(
      toServiceError(
        new ValidationError('INSTANCE.DATA_INVALID', 'instance data is incomplete', [
          { field: 'data.orderId', description: 'is required', reason: 'REQUIRED' },
          { field: 'data.orderTotal', description: 'must be a number' },
        ]),
        { domain: 'baton.execution' },
      ),
    );
    const view = describeError(error);
    expect(view).toMatchObject({
      status: 'INVALID_ARGUMENT',
      reason: 'INSTANCE.DATA_INVALID',
      domain: 'baton.execution',
      fieldViolations: [
        { field: 'data.orderId', description: 'is required', reason: 'REQUIRED' },
        { field: 'data.orderTotal', description: 'must be a number' },
      ],
    });
    expect(renderError(view)).toBe(
      [
        'error: INVALID_ARGUMENT: instance data is incomplete',
        '  reason: INSTANCE.DATA_INVALID (baton.execution)',
        '  field data.orderId: is required [REQUIRED]',
        '  field data.orderTotal: must be a number',
      ].join('\n'),
    );
  });

  it('shows the current state of FAILED_PRECONDITION', () => {
    const error = asServiceError(
      toServiceError(
        new IllegalStateError(
          'STEP.NOT_STARTED',
          'step review#1 is assigned; allowed: StartStep, ReassignStep',
          {
            currentState: 'assigned',
            allowed: ['StartStep', 'ReassignStep'],
          },
        ),
        { domain: 'baton.execution' },
      ),
    );
    const text = renderError(describeError(error));
    expect(text).toContain('error: FAILED_PRECONDITION: step review#1 is assigned');
    expect(text.split('\n')).toEqual([
      'error: FAILED_PRECONDITION: step review#1 is assigned; allowed: StartStep, ReassignStep',
      '  reason: STEP.NOT_STARTED (baton.execution)',
      '  current state: assigned',
      '  allowed now: StartStep, ReassignStep',
    ]);
  });

  it('decodes RetryInfo and ResourceInfo', () => {
    const status = googleRpc.Status.fromPartial({
      code: 5,
      message: 'no instance i-1',
      details: [
        packAny(
          googleRpc.ResourceInfo,
          googleRpc.ResourceInfo.fromPartial({ resourceType: 'instance', resourceName: 'i-1' }),
        ),
        packAny(
          googleRpc.RetryInfo,
          googleRpc.RetryInfo.fromPartial({ retryDelay: { seconds: '2', nanos: 0 } }),
        ),
      ],
    });
    const metadata = new Metadata();
    metadata.set('grpc-status-details-bin', Buffer.from(googleRpc.Status.encode(status).finish()));
    const view = describeError(asServiceError({ code: 5, details: 'no instance i-1', metadata }));
    expect(renderError(view)).toBe(
      ['error: NOT_FOUND: no instance i-1', '  resource instance i-1', '  retry after 2000 ms'].join('\n'),
    );
  });

  it('treats usage mistakes apart from server errors', () => {
    expect(describeError(new UsageError('bad'))).toEqual({ kind: 'usage', status: 'USAGE', message: 'bad' });
    expect(() => jsonObjectOption('[1]', '--data')).toThrow('--data must be a JSON object');
    expect(() => jsonObjectOption('{', '--data')).toThrow('--data is not valid JSON');
    expect(jsonObjectOption('{"a":1}', '--data')).toEqual({ a: 1 });
  });
});
