import { ownershipV1 } from '@baton/contracts';
import { CallMetadata } from '@baton/grpc-server';
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';

type Requests = {
  defineCalendar: ownershipV1.DefineCalendarRequest;
  assignCalendar: ownershipV1.AssignCalendarRequest;
};
const messages = {
  defineCalendar: ownershipV1.DefineCalendarRequest,
  assignCalendar: ownershipV1.AssignCalendarRequest,
} as const;

/** The calendar RPCs of OwnershipService for end-to-end specs, as the development identity. */
export class OwnershipCalls {
  private readonly client: ownershipV1.OwnershipServiceClient;

  constructor(address: string) {
    this.client = new ownershipV1.OwnershipServiceClient(address, credentials.createInsecure());
  }

  call<M extends keyof Requests>(method: M, request: Partial<Requests[M]>): Promise<unknown> {
    const metadata = new Metadata();
    metadata.set(CallMetadata.actor, 'e2e');
    const full = messages[method].fromPartial(request as never);
    return new Promise((resolve, reject) => {
      const fn = this.client[method].bind(this.client) as unknown as (
        r: unknown,
        m: Metadata,
        cb: (e: ServiceError | null, v: unknown) => void,
      ) => void;
      fn(full, metadata, (error, value) => (error ? reject(error) : resolve(value)));
    });
  }

  close(): void {
    this.client.close();
  }
}
