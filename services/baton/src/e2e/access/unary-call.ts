import { Metadata, type Client } from '@grpc/grpc-js';
import type { Answer, Rpc } from './cross-tenant';

/**
 * Calls a unary RPC with its empty request overlaid with `fields`, sending `metadata`: the answer,
 * or the error's code and details.
 */
export function unaryCall(
  client: Client,
  rpc: Rpc,
  metadata: Metadata,
  fields: Record<string, unknown> = {},
): Promise<Answer> {
  const { method } = rpc;
  const request = { ...(method.requestDeserialize(Buffer.alloc(0)) as object), ...fields };
  return new Promise((resolve) =>
    client.makeUnaryRequest(
      method.path,
      method.requestSerialize,
      method.responseDeserialize,
      request,
      metadata,
      { deadline: Date.now() + 10_000 },
      (error, answer) =>
        resolve(error ? { code: error.code, details: error.details } : { answer: answer as unknown }),
    ),
  );
}

/** The error of an answer (undefined: it answered). */
export const errorOf = (answer: Answer): { readonly code: number; readonly details: string } | undefined =>
  'answer' in answer ? undefined : answer;

/** Metadata sending `token` as a bearer token (none: no authorization header). */
export function bearer(token: string | undefined): Metadata {
  const metadata = new Metadata();
  if (token) metadata.set('authorization', `Bearer ${token}`);
  return metadata;
}
