import { googleRpc, typeNameOf } from '@baton/contracts';
import { statusDetailsOf } from '@baton/grpc-server';
import { status, type ServiceError } from '@grpc/grpc-js';
import { UsageError } from './io';

/** A gRPC error as the CLI shows it: status name, message and the decoded google.rpc details. */
export interface ErrorView {
  readonly kind: 'grpc' | 'usage' | 'unexpected';
  /** `INVALID_ARGUMENT`, `NOT_FOUND`, …; `USAGE` or `ERROR` for errors that are not gRPC's. */
  readonly status: string;
  readonly message: string;
  readonly reason?: string;
  readonly domain?: string;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly fieldViolations?: readonly { field: string; description: string; reason?: string }[];
  readonly preconditionFailures?: readonly { type: string; subject: string; description: string }[];
  readonly resource?: { type: string; name: string; description: string };
  readonly retryAfterMs?: number;
}

export function isServiceError(error: unknown): error is ServiceError {
  return (
    error instanceof Error &&
    typeof (error as Partial<ServiceError>).code === 'number' &&
    'metadata' in error &&
    'details' in error
  );
}

/** Describes any error thrown by a command. */
export function describeError(error: unknown): ErrorView {
  if (error instanceof UsageError) return { kind: 'usage', status: 'USAGE', message: error.message };
  if (!isServiceError(error)) {
    return {
      kind: 'unexpected',
      status: 'ERROR',
      message: error instanceof Error ? error.message : String(error),
    };
  }
  const base = {
    kind: 'grpc' as const,
    status: status[error.code] ?? String(error.code),
    message: error.details || error.message,
  };
  const rich = statusDetailsOf(error);
  return rich ? { ...{}, ...base, ...decodeDetails(rich) } : base;
}

type Details = Omit<ErrorView, 'kind' | 'status' | 'message'>;

function decodeDetails(rich: googleRpc.Status): Details {
  let details: Details = {};
  for (const any of rich.details) {
    const name = typeNameOf(any.typeUrl);
    if (name === googleRpc.ErrorInfo.$type) {
      const info = googleRpc.ErrorInfo.decode(any.value);
      details = { ...{}, ...details, reason: info.reason, domain: info.domain, metadata: info.metadata };
    } else if (name === googleRpc.BadRequest.$type) {
      const bad = googleRpc.BadRequest.decode(any.value);
      details = {
        ...{},
        ...details,
        fieldViolations: bad.fieldViolations.map((v) => ({
          field: v.field,
          description: v.description,
          ...(v.reason ? { reason: v.reason } : {}),
        })),
      };
    } else if (name === googleRpc.PreconditionFailure.$type) {
      const failure = googleRpc.PreconditionFailure.decode(any.value);
      details = {
        ...{},
        ...details,
        preconditionFailures: failure.violations.map(({ type, subject, description }) => ({
          type,
          subject,
          description,
        })),
      };
    } else if (name === googleRpc.ResourceInfo.$type) {
      const info = googleRpc.ResourceInfo.decode(any.value);
      details = {
        ...{},
        ...details,
        resource: { type: info.resourceType, name: info.resourceName, description: info.description },
      };
    } else if (name === googleRpc.RetryInfo.$type) {
      const retry = googleRpc.RetryInfo.decode(any.value);
      const delay = retry.retryDelay;
      if (delay)
        details = { ...{}, ...details, retryAfterMs: Number(delay.seconds) * 1000 + delay.nanos / 1e6 };
    }
  }
  return details;
}

/** The error as people read it on stderr. */
export function renderError(view: ErrorView): string {
  const lines = [`error: ${view.status}: ${view.message}`];
  if (view.reason) lines.push(`  reason: ${view.reason}${view.domain ? ` (${view.domain})` : ''}`);
  for (const v of view.fieldViolations ?? []) {
    lines.push(`  field ${v.field || '(request)'}: ${v.description}${v.reason ? ` [${v.reason}]` : ''}`);
  }
  const metadata = { ...view.metadata };
  const current = metadata['currentState'];
  const allowed = listOf(metadata['allowed']);
  if (current) lines.push(`  current state: ${current}`);
  if (allowed) lines.push(`  allowed now: ${allowed.length > 0 ? allowed.join(', ') : 'nothing'}`);
  if (current) delete metadata['currentState'];
  if (allowed) delete metadata['allowed'];
  for (const p of view.preconditionFailures ?? []) {
    // Services repeat the message and the current state in the violation; say each thing once.
    if (p.description === view.message && (!p.subject || p.subject === current)) continue;
    const subject = p.subject && p.subject !== current ? ` at ${p.subject}` : '';
    lines.push(`  precondition ${p.type}${subject}: ${p.description}`);
  }
  if (view.preconditionFailures?.length) delete metadata['violations'];
  if (view.resource) {
    const { type, name, description } = view.resource;
    lines.push(
      `  resource ${[type, name].filter(Boolean).join(' ')}${description ? `: ${description}` : ''}`,
    );
  }
  const rest = Object.entries(metadata);
  if (rest.length > 0) lines.push(`  ${rest.map(([k, v]) => `${k}=${v}`).join(' ')}`);
  if (view.retryAfterMs !== undefined) lines.push(`  retry after ${Math.round(view.retryAfterMs)} ms`);
  if (view.kind === 'grpc' && view.status === 'UNAVAILABLE') {
    lines.push('  is Baton running? Start it with `npm start`, or pass --address host:port');
  }
  return lines.join('\n');
}

/** A JSON array of strings in error metadata (e.g. `allowed`), or undefined. */
function listOf(value: string | undefined): string[] | undefined {
  if (!value) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) && parsed.every((x) => typeof x === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}
