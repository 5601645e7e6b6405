import { ConflictError, instance, type calendar, type DataRecord } from '@baton/domain';
import { exactVersion, noStream, WrongExpectedVersionError, type EventStore } from '@baton/eventstore';
import type { Clock, RecordingContext } from '@baton/service-kit';
import { v7 as uuidv7 } from 'uuid';
import type { DefinitionCatalog } from '../definitions/definition-catalog';
import { businessKeyClaimStream, startKeyClaimStream } from '../streams';
import type { InstanceRepository, LoadedInstance } from './instance-repository';

/** What StartInstance asks for. */
export interface StartRequest {
  readonly definitionId: string;
  readonly definitionVersion?: number;
  readonly businessKey: string;
  readonly data: DataRecord;
  readonly idempotencyKey?: string;
  readonly triggerType?: string;
}

/** The instance started, or the one that already existed for the key. */
export interface StartResult {
  readonly instance: LoadedInstance;
  readonly alreadyExisted: boolean;
  readonly matchedBy?: 'business-key' | 'idempotency-key';
}

interface Claim {
  readonly instanceId: string;
  readonly version: number;
  readonly at: number;
}

const CLAIMED = 'InstanceKeyClaimed';
const ATTEMPTS = 5;
/** A claim this young whose instance does not exist yet is a start in flight, not a crashed one. */
const IN_FLIGHT_MS = 5_000;
const IN_FLIGHT_WAITS = 25;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts instances, idempotent by business key (while the claimed instance runs) and by
 * idempotency key. Keys are claimed in small internal streams appended with an expected version,
 * so two concurrent starts cannot both win; a claim is written before the instance, so a crash in
 * between leaves a claim whose instance does not exist, which a retry takes over.
 */
export class InstanceStarter {
  constructor(
    private readonly store: EventStore,
    private readonly catalog: DefinitionCatalog,
    private readonly instances: InstanceRepository,
    private readonly clock: Clock,
  ) {}

  async start(request: StartRequest, context: RecordingContext): Promise<StartResult> {
    const tenantId = context.tenantId;
    const version = this.catalog.forStart(tenantId, request.definitionId, request.definitionVersion);
    const keyStream = request.idempotencyKey
      ? startKeyClaimStream(tenantId, request.definitionId, request.idempotencyKey)
      : undefined;
    const businessStream = businessKeyClaimStream(tenantId, request.definitionId, request.businessKey);
    for (let attempt = 1, waits = 0; ; attempt++) {
      let instanceId: string | undefined;
      const keyClaim = keyStream ? await this.lastClaim(keyStream) : undefined;
      if (keyClaim) {
        const existing = await this.instances.load(keyClaim.instanceId);
        if (existing.version > 0)
          return { instance: existing, alreadyExisted: true, matchedBy: 'idempotency-key' };
        instanceId = keyClaim.instanceId;
      }
      const businessClaim = request.businessKey ? await this.lastClaim(businessStream) : undefined;
      if (businessClaim && businessClaim.instanceId !== instanceId) {
        const holder = await this.instances.load(businessClaim.instanceId);
        if (holder.state.status === 'running') {
          return { instance: holder, alreadyExisted: true, matchedBy: 'business-key' };
        }
        if (holder.version === 0 && this.clock.now() - businessClaim.at < IN_FLIGHT_MS) {
          if (++waits > IN_FLIGHT_WAITS) throw startInFlight(request);
          attempt -= 1;
          await sleep(20);
          continue;
        }
      }
      instanceId ??= uuidv7();
      const now = this.clock.now();
      const events = instance.decide(
        {
          type: 'StartInstance',
          data: {
            instanceId,
            definition: version,
            businessKey: request.businessKey,
            data: request.data,
            ...(request.triggerType ? { triggerType: request.triggerType } : {}),
          },
          metadata: {
            now,
            actor: context.actor,
            ...(request.idempotencyKey ? { idempotencyKey: request.idempotencyKey } : {}),
            ...calendarsIn(this.instances.calendarsOf(tenantId)),
          },
        },
        instance.initialInstanceState(),
        version.definition,
      );
      try {
        if (keyStream && !keyClaim) await this.claim(keyStream, instanceId, undefined, now, context);
        if (businessClaim?.instanceId !== instanceId) {
          await this.claim(businessStream, instanceId, businessClaim?.version, now, context);
        }
      } catch (error) {
        if (error instanceof WrongExpectedVersionError && attempt < ATTEMPTS) continue;
        throw error;
      }
      const created = await this.instances.create(instanceId, events, context);
      if (created) return { instance: created, alreadyExisted: false };
      return {
        instance: await this.instances.load(instanceId, true),
        alreadyExisted: true,
        matchedBy: 'idempotency-key',
      };
    }
  }

  private async lastClaim(streamId: string): Promise<Claim | undefined> {
    const [last] = await this.store.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    if (!last) return undefined;
    return {
      instanceId: (last.data as { instanceId: string }).instanceId,
      version: last.streamVersion,
      at: last.occurredAt.getTime(),
    };
  }

  private async claim(
    streamId: string,
    instanceId: string,
    seenVersion: number | undefined,
    now: number,
    context: RecordingContext,
  ): Promise<void> {
    await this.store.append(
      streamId,
      [
        {
          eventId: uuidv7(),
          type: CLAIMED,
          data: { instanceId },
          occurredAt: new Date(now),
          metadata: { tenantId: context.tenantId, actor: context.actor },
        },
      ],
      seenVersion === undefined ? noStream : exactVersion(seenVersion),
    );
  }
}

function startInFlight(request: StartRequest): ConflictError {
  return new ConflictError(
    'INSTANCE.START_IN_PROGRESS',
    `another start of ${request.definitionId} with business key ${request.businessKey} is in progress; retry`,
    { definitionId: request.definitionId, businessKey: request.businessKey },
  );
}

const calendarsIn = (calendars: calendar.CalendarRegistry | undefined) => (calendars ? { calendars } : {});
