import { Client, credentials } from '@grpc/grpc-js';
import type { Answer, Rpc } from './cross-tenant';
import { bearer, unaryCall } from './unary-call';

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
  return unaryCall(client, rpc, bearer(token), fields);
}

/** Closes the clients {@link callRpc} opened. */
export function closeRpcClients(): void {
  for (const client of clients.values()) client.close();
  clients.clear();
}
