import {
  access,
  NotFoundError,
  REDACT_ALL,
  redactionOf,
  redactText,
  ValidationError,
  type DataRecord,
  type ProcessDefinition,
} from '@baton/domain';
import type { Clock, RecordingContext } from '@baton/service-kit';
import type { DefinitionCatalog } from '../definitions/definition-catalog';
import type { InstanceRepository } from '../instances/instance-repository';
import type { InstanceStarter } from '../instances/instance-starter';
import { TRIGGER_KEY_PREFIX, type InstanceReadModel } from '../read-model/instance-read-model';
import { waitKey } from '../read-model/wait-keys';
import type { TriggerInput } from './trigger-input';

export type TriggerDisposition = 'accepted' | 'duplicate' | 'unmatched' | 'rejected';

/** What a trigger did. */
export interface TriggerOutcome {
  readonly disposition: TriggerDisposition;
  readonly startedInstanceIds: readonly string[];
  readonly correlatedInstanceIds: readonly string[];
  readonly rejectionReason?: string;
}

/**
 * Why a definition refused the trigger, with the sensitive values of its payload redacted: the
 * reason goes to the dead-letter topic, the logs and the consumer's span. An instance whose
 * definition version is not known here has every payload value redacted.
 */
const describe = (error: ValidationError, definition: ProcessDefinition | undefined, payload: DataRecord) =>
  redactText(
    definition ? redactionOf(definition) : REDACT_ALL,
    payload,
    error.violations.length > 0
      ? `${error.message}: ${error.violations.map((v) => `${v.field} ${v.description}`).join('; ')}`
      : error.message,
  );

/**
 * Starts the instances a trigger starts and correlates it to the instances waiting for it. The
 * trigger's idempotency key becomes the commands' key, so a repeated trigger records nothing.
 */
export class TriggerProcessor {
  constructor(
    private readonly catalog: DefinitionCatalog,
    private readonly starter: InstanceStarter,
    private readonly instances: InstanceRepository,
    private readonly readModel: InstanceReadModel,
    private readonly clock: Clock,
  ) {}

  async process(trigger: TriggerInput, context: RecordingContext): Promise<TriggerOutcome> {
    // Keys and definitions are the trigger's tenant's (the default tenant's keys are as before tenancy).
    const tenantId = context.tenantId;
    const key = `${TRIGGER_KEY_PREFIX}${access.tenantScoped(tenantId, trigger.type)}:${trigger.idempotencyKey}`;
    if (this.readModel.hasTrigger(key))
      return { disposition: 'duplicate', startedInstanceIds: [], correlatedInstanceIds: [] };
    const started: string[] = [];
    const correlated: string[] = [];
    const rejections: string[] = [];
    let duplicates = 0;
    for (const version of this.catalog.startingOn(tenantId, trigger.type)) {
      const start = version.definition.triggers.find((t) => t.event === trigger.type);
      const keyValue = start ? trigger.payload[start.correlationKey] : undefined;
      const businessKey =
        keyValue === undefined || keyValue === null ? trigger.correlationKey : String(keyValue);
      try {
        const result = await this.starter.start(
          {
            definitionId: version.definition.id,
            definitionVersion: version.version,
            businessKey,
            data: trigger.payload,
            idempotencyKey: key,
            triggerType: trigger.type,
          },
          context,
        );
        if (result.alreadyExisted) duplicates += 1;
        else started.push(result.instance.view?.instanceId ?? '');
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        rejections.push(`${version.definition.id}: ${describe(error, version.definition, trigger.payload)}`);
      }
    }
    for (const instanceId of this.readModel.waitingFor(waitKey(trigger.type, trigger.correlationKey))) {
      // Another tenant's instances never see this tenant's triggers.
      if (!access.sameTenant(this.readModel.tenantOf(instanceId), tenantId)) continue;
      try {
        const executed = await this.instances.execute(
          instanceId,
          {
            type: 'CorrelateTrigger',
            data: {
              type: trigger.type,
              correlationKey: trigger.correlationKey,
              payload: trigger.payload as DataRecord,
            },
            metadata: { now: this.clock.now(), idempotencyKey: key, actor: context.actor },
          },
          context,
        );
        if (executed.recorded) correlated.push(instanceId);
        else duplicates += 1;
      } catch (error) {
        if (error instanceof NotFoundError) continue;
        if (!(error instanceof ValidationError)) throw error;
        const view = this.readModel.get(instanceId, tenantId);
        const definition =
          view && this.catalog.version(tenantId, view.definitionId, view.definitionVersion)?.definition;
        rejections.push(`instance ${instanceId}: ${describe(error, definition, trigger.payload)}`);
      }
    }
    if (started.length > 0 || correlated.length > 0) {
      this.readModel.markTrigger(key);
      return { disposition: 'accepted', startedInstanceIds: started, correlatedInstanceIds: correlated };
    }
    if (rejections.length > 0) {
      return {
        disposition: 'rejected',
        startedInstanceIds: [],
        correlatedInstanceIds: [],
        rejectionReason: rejections.join(' | '),
      };
    }
    if (duplicates > 0)
      return { disposition: 'duplicate', startedInstanceIds: [], correlatedInstanceIds: [] };
    return { disposition: 'unmatched', startedInstanceIds: [], correlatedInstanceIds: [] };
  }
}
