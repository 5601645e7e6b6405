import { googleRpc, packAny, unpackAny, unpackAnyAs } from './index';

const INVALID_ARGUMENT = 3;

function present<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

describe('google.rpc rich errors', () => {
  const badRequest = googleRpc.BadRequest.fromPartial({
    fieldViolations: [
      {
        field: 'definition.steps[2].deadline',
        description: 'every step needs a deadline unless waived',
        reason: 'STEP_DEADLINE_MISSING',
      },
      { field: 'definition.handoffs[0].data_contract', description: 'handoff has no data contract' },
    ],
  });
  const errorInfo = googleRpc.ErrorInfo.fromPartial({
    reason: 'DEFINITION.INVALID',
    domain: 'baton.definition',
    metadata: { definitionId: 'order-to-cash' },
  });
  const status = googleRpc.Status.fromPartial({
    code: INVALID_ARGUMENT,
    message: 'definition order-to-cash is invalid',
    details: [packAny(googleRpc.BadRequest, badRequest), packAny(googleRpc.ErrorInfo, errorInfo)],
  });

  it('round-trips a Status carrying BadRequest field violations (grpc-status-details-bin)', () => {
    const trailer = Buffer.from(googleRpc.Status.encode(status).finish());
    const decoded = googleRpc.Status.decode(trailer);

    expect(decoded.code).toBe(INVALID_ARGUMENT);
    expect(decoded.details.map((d) => d.typeUrl)).toEqual([
      'type.googleapis.com/google.rpc.BadRequest',
      'type.googleapis.com/google.rpc.ErrorInfo',
    ]);
    expect(unpackAnyAs(present(decoded.details[0]), googleRpc.BadRequest)).toEqual(badRequest);
    expect(unpackAny(present(decoded.details[1])).message).toEqual(errorInfo);
  });

  // Field numbers of the public google.rpc messages, checked on the wire: a client using the
  // standard google.rpc types must read these bytes.
  it('uses the public field numbers of Status', () => {
    const bytes = googleRpc.Status.encode(
      googleRpc.Status.fromPartial({
        code: 3,
        message: 'x',
        details: [{ typeUrl: 'a/b', value: Buffer.from([1]) }],
      }),
    ).finish();
    // 1: varint 3; 2: "x"; 3: Any { 1: "a/b", 2: 0x01 }
    expect(Buffer.from(bytes).toString('hex')).toBe('0803' + '120178' + '1a08' + '0a03612f62' + '120101');
  });

  it('uses the public field numbers of BadRequest.FieldViolation', () => {
    const bytes = googleRpc.BadRequest.encode(
      googleRpc.BadRequest.fromPartial({
        fieldViolations: [
          { field: 'f', description: 'd', reason: 'r', localizedMessage: { locale: 'l', message: 'm' } },
        ],
      }),
    ).finish();
    // 1: FieldViolation { 1: "f", 2: "d", 3: "r", 4: LocalizedMessage { 1: "l", 2: "m" } }
    expect(Buffer.from(bytes).toString('hex')).toBe(
      '0a11' + '0a0166' + '120164' + '1a0172' + '2206' + '0a016c' + '12016d',
    );
  });

  it('uses the public field numbers of ErrorInfo, PreconditionFailure, ResourceInfo and RetryInfo', () => {
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    expect(hex(googleRpc.ErrorInfo.encode({ reason: 'r', domain: 'd', metadata: { k: 'v' } }).finish())).toBe(
      '0a0172' + '120164' + '1a06' + '0a016b' + '120176',
    );
    expect(
      hex(
        googleRpc.PreconditionFailure.encode({
          violations: [{ type: 't', subject: 's', description: 'd' }],
        }).finish(),
      ),
    ).toBe('0a09' + '0a0174' + '120173' + '1a0164');
    expect(
      hex(
        googleRpc.ResourceInfo.encode({
          resourceType: 't',
          resourceName: 'n',
          owner: 'o',
          description: 'd',
        }).finish(),
      ),
    ).toBe('0a0174' + '12016e' + '1a016f' + '220164');
    expect(hex(googleRpc.RetryInfo.encode({ retryDelay: { seconds: '2', nanos: 0 } }).finish())).toBe(
      '0a02' + '0802',
    );
  });
});
