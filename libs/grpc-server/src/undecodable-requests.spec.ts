import { executionV1 } from '@baton/contracts';
import { RequestError } from './request-errors';
import { analyticsV1, definitionV1 } from '@baton/contracts';
import {
  DEFAULT_MAX_FIELD_BYTES,
  decodingTolerantDefinition,
  MAX_REQUEST_DEPTH,
  maxFieldBytesFromEnv,
  refuseUndecodable,
} from './undecodable-requests';

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

  describe('field size (BATON_MAX_FIELD_BYTES)', () => {
    const limit = 1024;
    const small = decodingTolerantDefinition(executionV1.ExecutionServiceService, limit);
    const refusalOf = (method: string, bytes: Buffer) => {
      try {
        refuseUndecodable(small[method]?.requestDeserialize(bytes), method);
        return undefined;
      } catch (error) {
        return error instanceof RequestError ? error.violations[0] : error;
      }
    };
    const start = (partial: Partial<executionV1.StartInstanceRequest>) =>
      startInstance.requestSerialize(
        executionV1.StartInstanceRequest.fromPartial({ definitionId: 'd', ...partial }),
      );

    it('refuses a data value larger than the limit in UTF-8 bytes, naming its path, and accepts the limit', () => {
      expect(refusalOf('startInstance', start({ data: { note: 'x'.repeat(limit) } }))).toBeUndefined();
      expect(refusalOf('startInstance', start({ data: { note: 'x'.repeat(limit + 1) } }))).toEqual({
        field: 'data.note',
        description: `is larger than ${limit} bytes (BATON_MAX_FIELD_BYTES)`,
        reason: 'TOO_LARGE',
      });
      // 400 characters, 1,200 bytes: counted in bytes, not characters.
      expect(refusalOf('startInstance', start({ data: { note: '€'.repeat(400) } }))).toMatchObject({
        field: 'data.note',
        reason: 'TOO_LARGE',
      });
    });

    it('refuses a large string in a list, a plain request field and a data key (named by its start)', () => {
      expect(refusalOf('startInstance', start({ data: { tags: ['a', 'y'.repeat(2000)] } }))).toMatchObject({
        field: 'data.tags[1]',
        reason: 'TOO_LARGE',
      });
      expect(refusalOf('startInstance', start({ definitionId: 'd'.repeat(2000) }))).toMatchObject({
        field: 'definition_id',
      });
      const key = 'k'.repeat(2000);
      expect(refusalOf('startInstance', start({ data: { [key]: 1 } }))).toMatchObject({
        field: `data.${'k'.repeat(32)}…`,
        reason: 'TOO_LARGE',
      });
    });

    it('leaves the fields with bounds of their own: a definition source and an import chunk', () => {
      const definitions = decodingTolerantDefinition(definitionV1.DefinitionServiceService, limit);
      const publish = definitionV1.DefinitionServiceService.publishDefinition;
      const bytes = publish.requestSerialize(
        definitionV1.PublishDefinitionRequest.fromPartial({ source: { text: 'x'.repeat(limit * 4) } }),
      );
      expect(() =>
        refuseUndecodable(definitions['publishDefinition']?.requestDeserialize(bytes), 'Publish'),
      ).not.toThrow();
      const analytics = decodingTolerantDefinition(analyticsV1.AnalyticsServiceService, limit);
      const importLog = analyticsV1.AnalyticsServiceService.importEventLog;
      const chunk = importLog.requestSerialize(
        analyticsV1.ImportEventLogRequest.fromPartial({ chunk: Buffer.alloc(limit * 4) }),
      );
      expect(() =>
        refuseUndecodable(analytics['importEventLog']?.requestDeserialize(chunk), 'Import'),
      ).not.toThrow();
    });

    it('refuses U+0000 in any string, which PostgreSQL cannot keep, naming the field', () => {
      expect(refusalOf('startInstance', start({ businessKey: 'a\u0000b' }))).toEqual({
        field: 'business_key',
        description: 'contains U+0000 (NUL)',
        reason: 'INVALID',
      });
      expect(refusalOf('startInstance', start({ data: { note: ['ok', '\u0000'] } }))).toMatchObject({
        field: 'data.note[1]',
        reason: 'INVALID',
      });
    });

    it('reads the limit from the environment, 64 KiB by default, and refuses a setting that is not a size', () => {
      expect(maxFieldBytesFromEnv({})).toBe(DEFAULT_MAX_FIELD_BYTES);
      expect(DEFAULT_MAX_FIELD_BYTES).toBe(65536);
      expect(maxFieldBytesFromEnv({ BATON_MAX_FIELD_BYTES: '2048' })).toBe(2048);
      expect(() => maxFieldBytesFromEnv({ BATON_MAX_FIELD_BYTES: '64k' })).toThrow(/BATON_MAX_FIELD_BYTES/);
      expect(() => maxFieldBytesFromEnv({ BATON_MAX_FIELD_BYTES: '0' })).toThrow(/BATON_MAX_FIELD_BYTES/);
    });
  });
});
