import { executionV1 } from '@baton/contracts';
import { RequestError } from './request-errors';
import { decodingTolerantDefinition, MAX_REQUEST_DEPTH, refuseUndecodable } from './undecodable-requests';

const startInstance = executionV1.ExecutionServiceService.startInstance;
const tolerant = decodingTolerantDefinition(executionV1.ExecutionServiceService)['startInstance'];

/** What refuseUndecodable says of these request bytes (undefined: accepted). */
function refusal(bytes: Buffer) {
  const request: unknown = tolerant?.requestDeserialize(bytes);
  try {
    refuseUndecodable(request, 'StartInstance');
    return undefined;
  } catch (error) {
    return error instanceof RequestError ? error.violations[0] : error;
  }
}

const nested = (depth: number): Record<string, unknown> => {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let i = 1; i < depth; i++) value = { n: value };
  return value;
};

describe('request decoding at the server', () => {
  it('refuses bytes that are not a message as INVALID_ARGUMENT on field request', () => {
    expect(refusal(Buffer.from([0xff, 0xff, 0xff]))).toMatchObject({ field: 'request', reason: 'MALFORMED' });
  });

  it('refuses data nested deeper than the limit, naming the field, and accepts the limit', () => {
    const encode = (data: Record<string, unknown>) =>
      startInstance.requestSerialize(
        executionV1.StartInstanceRequest.fromPartial({ definitionId: 'd', data }),
      );
    expect(refusal(encode(nested(MAX_REQUEST_DEPTH - 2)))).toBeUndefined();
    expect(refusal(encode(nested(MAX_REQUEST_DEPTH + 4)))).toMatchObject({ reason: 'TOO_DEEP' });
    expect((refusal(encode(nested(MAX_REQUEST_DEPTH + 4))) as { field: string }).field).toMatch(
      /^data\.n\.n/,
    );
  });
});
