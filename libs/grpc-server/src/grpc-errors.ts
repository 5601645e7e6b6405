import { DomainError } from '@baton/domain';
import { googleRpc, packAny } from '@baton/contracts';
import { DuplicateEventIdError, WrongExpectedVersionError } from '@baton/eventstore';
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { PermissionDeniedError, UnauthenticatedError } from './call-guard';
import { RateLimitedError } from './rate-limit';

/** The trailer that carries a `google.rpc.Status` with typed details. */
export const STATUS_DETAILS_KEY = 'grpc-status-details-bin';

type Detail = ReturnType<typeof packAny>;

const stringValues = (record: Readonly<Record<string, unknown>>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(record)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
  );

function errorInfo(reason: string, domain: string, metadata: Record<string, string> = {}): Detail {
  return packAny(googleRpc.ErrorInfo, googleRpc.ErrorInfo.fromPartial({ reason, domain, metadata }));
}

function describeDomainError(error: DomainError, domain: string): { code: status; details: Detail[] } {
  const info = errorInfo(error.code, domain, stringValues(error.details));
  switch (error.kind) {
    case 'validation':
      return {
        code: status.INVALID_ARGUMENT,
        details: [
          packAny(
            googleRpc.BadRequest,
            googleRpc.BadRequest.fromPartial({
              fieldViolations: error.violations.map((v) => ({
                field: v.field,
                description: v.description,
                reason: v.reason ?? '',
              })),
            }),
          ),
          info,
        ],
      };
    case 'illegal-state':
      return {
        code: status.FAILED_PRECONDITION,
        details: [
          packAny(
            googleRpc.PreconditionFailure,
            googleRpc.PreconditionFailure.fromPartial({
              violations: preconditionViolations(error),
            }),
          ),
          info,
        ],
      };
    case 'not-found':
      return {
        code: status.NOT_FOUND,
        details: [
          packAny(
            googleRpc.ResourceInfo,
            googleRpc.ResourceInfo.fromPartial({
              resourceType: String(error.details['resourceType'] ?? ''),
              resourceName: String(error.details['resourceName'] ?? error.details['id'] ?? ''),
              description: error.message,
            }),
          ),
          info,
        ],
      };
    case 'conflict':
      return { code: status.ALREADY_EXISTS, details: [info] };
  }
}

/** A refusal may list its own violations (e.g. one per blocking lint finding) in `details.violations`. */
function preconditionViolations(error: DomainError): googleRpc.PreconditionFailure_Violation[] {
  const listed = error.details['violations'];
  if (Array.isArray(listed)) {
    return listed.map((v: { type?: unknown; subject?: unknown; description?: unknown }) => ({
      type: String(v.type ?? error.code),
      subject: String(v.subject ?? ''),
      description: String(v.description ?? ''),
    }));
  }
  return [
    { type: error.code, subject: String(error.details['currentState'] ?? ''), description: error.message },
  ];
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Options of {@link toServiceError}. */
export interface ErrorMapping {
  /** ErrorInfo domain, e.g. `baton.execution`. */
  readonly domain: string;
  /** Where unexpected errors are reported (they reach the caller only as an incident id). */
  readonly onInternal?: (error: unknown, incidentId: string) => void;
}

/**
 * Turns any error a use case threw into the gRPC error an integrator can act on: the right
 * status code, a message saying what was wrong, and google.rpc details (ErrorInfo always, plus
 * BadRequest / PreconditionFailure / ResourceInfo). Unexpected errors become INTERNAL with an
 * incident id and no internals.
 */
export function toServiceError(error: unknown, mapping: ErrorMapping): Partial<ServiceError> {
  let code: status;
  let message: string;
  let details: Detail[];
  if (error instanceof DomainError) {
    ({ code, details } = describeDomainError(error, mapping.domain));
    message = error.message;
  } else if (error instanceof WrongExpectedVersionError) {
    code = status.ABORTED;
    message = `${error.message}; reload and retry`;
    details = [
      errorInfo('WRONG_EXPECTED_VERSION', mapping.domain, {
        stream: error.streamId,
        expected: error.expected.kind === 'exact' ? String(error.expected.version) : error.expected.kind,
        actual: String(error.actualVersion),
      }),
    ];
  } else if (error instanceof DuplicateEventIdError) {
    code = status.ALREADY_EXISTS;
    message = error.message;
    details = [errorInfo('DUPLICATE_EVENT_ID', mapping.domain, { eventId: error.eventId })];
  } else if (error instanceof UnauthenticatedError) {
    // The reason says what kind of problem (expired, bad signature), never the credentials.
    code = status.UNAUTHENTICATED;
    message = error.message;
    details = [errorInfo(error.code, mapping.domain)];
  } else if (error instanceof PermissionDeniedError) {
    code = status.PERMISSION_DENIED;
    message = error.message;
    details = [errorInfo(error.code, mapping.domain, { permission: error.permission })];
  } else if (error instanceof RateLimitedError) {
    code = status.RESOURCE_EXHAUSTED;
    message = error.message;
    const delay = Math.max(error.retryAfterMs, 1);
    details = [
      packAny(
        googleRpc.RetryInfo,
        googleRpc.RetryInfo.fromPartial({
          retryDelay: { seconds: String(Math.floor(delay / 1000)), nanos: (delay % 1000) * 1_000_000 },
        }),
      ),
      errorInfo(error.code, mapping.domain, { kind: error.kind }),
    ];
  } else if (isServiceError(error)) {
    return error;
  } else {
    const incidentId = randomUUID();
    mapping.onInternal?.(error, incidentId);
    code = status.INTERNAL;
    message = `internal error (incident ${incidentId})`;
    details = [errorInfo('INTERNAL', mapping.domain, { incidentId })];
  }
  // grpc-js percent-encodes the message into a header and throws on a lone surrogate (a JSON
  // parser's message that cut a caller's emoji in half): the call was never answered and the
  // process died. Found by fuzzing.
  message = message.replace(LONE_SURROGATE, '\uFFFD');
  const metadata = new Metadata();
  const rpcStatus = googleRpc.Status.fromPartial({ code, message, details });
  metadata.set(STATUS_DETAILS_KEY, Buffer.from(googleRpc.Status.encode(rpcStatus).finish()));
  return { code, details: message, metadata };
}

function isServiceError(error: unknown): error is ServiceError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'number' &&
    typeof (error as { details?: unknown }).details === 'string'
  );
}

/** Reads the google.rpc.Status details of a gRPC error (clients and tests). */
export function statusDetailsOf(error: Pick<ServiceError, 'metadata'>): googleRpc.Status | undefined {
  const raw = error.metadata?.get(STATUS_DETAILS_KEY)[0];
  return raw instanceof Buffer ? googleRpc.Status.decode(raw) : undefined;
}
