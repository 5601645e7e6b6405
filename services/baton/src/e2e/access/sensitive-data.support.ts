import { Client, credentials, Metadata } from '@grpc/grpc-js';
import type { Answer, Rpc } from './cross-tenant';

const clients = new Map<number, Client>();

/** Calls an RPC of the host on `port` with a bearer token: the answer, or the error's code and details. */
export function callRpc(
  port: number,
  rpc: Rpc,
  token: string,
  fields: Record<string, unknown>,
): Promise<Answer> {
  let client = clients.get(port);
  if (!client) {
    client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
    clients.set(port, client);
  }
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${token}`);
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

/** Closes the clients {@link callRpc} opened. */
export function closeRpcClients(): void {
  for (const client of clients.values()) client.close();
  clients.clear();
}
