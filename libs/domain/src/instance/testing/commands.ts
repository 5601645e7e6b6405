import type { DefinitionVersion } from '../../definition/model';
import type { DataRecord } from '../../shared/data';
import type {
  AssignStep,
  CancelInstance,
  CommandMetadata,
  CompleteStep,
  CorrelateTrigger,
  EscalateStep,
  FailStep,
  FireTimer,
  MarkStepOverdue,
  ReassignStep,
  RejectStep,
  StartInstance,
  StartStep,
} from '../commands';
import { INSTANCE_ID, T0 } from './events';

/** Command builders for tests; `meta` defaults to `now: T0` and no idempotency key. */
type Meta = Partial<CommandMetadata>;
const metadata = (meta: Meta): CommandMetadata => ({ now: T0, ...meta });

export const startInstance = (
  definition: DefinitionVersion,
  data: DataRecord = {},
  meta: Meta = {},
  extras: Partial<StartInstance['data']> = {},
): StartInstance => ({
  type: 'StartInstance',
  data: { instanceId: INSTANCE_ID, definition, businessKey: 'bk-1', data, ...extras },
  metadata: metadata(meta),
});

export const assign = (
  activationId: string,
  personId = 'alice',
  meta: Meta = {},
  reason = 'round-robin',
): AssignStep => ({
  type: 'AssignStep',
  data: { activationId, personId, reason },
  metadata: metadata(meta),
});

export const pickUp = (activationId: string, personId?: string, meta: Meta = {}): StartStep => ({
  type: 'StartStep',
  data: { activationId, ...(personId !== undefined ? { personId } : {}) },
  metadata: metadata(meta),
});

export const complete = (
  activationId: string,
  data: Partial<Omit<CompleteStep['data'], 'activationId'>> = {},
  meta: Meta = {},
): CompleteStep => ({
  type: 'CompleteStep',
  data: { activationId, output: {}, ...data },
  metadata: metadata(meta),
});

export const fail = (
  activationId: string,
  reason = 'system down',
  meta: Meta = {},
  errorCode?: string,
): FailStep => ({
  type: 'FailStep',
  data: { activationId, reason, ...(errorCode !== undefined ? { errorCode } : {}) },
  metadata: metadata(meta),
});

export const reject = (
  activationId: string,
  reason = 'not good enough',
  meta: Meta = {},
  outcome?: string,
): RejectStep => ({
  type: 'RejectStep',
  data: { activationId, reason, ...(outcome !== undefined ? { outcome } : {}) },
  metadata: metadata(meta),
});

export const reassign = (
  activationId: string,
  toPersonId = 'bob',
  meta: Meta = {},
  reason = 'holiday',
): ReassignStep => ({
  type: 'ReassignStep',
  data: { activationId, toPersonId, reason },
  metadata: metadata(meta),
});

export const markOverdue = (activationId: string, meta: Meta = {}): MarkStepOverdue => ({
  type: 'MarkStepOverdue',
  data: { activationId },
  metadata: metadata(meta),
});

export const escalate = (
  activationId: string,
  level = 1,
  meta: Meta = {},
  toPersonId?: string,
): EscalateStep => ({
  type: 'EscalateStep',
  data: { activationId, level, ...(toPersonId !== undefined ? { toPersonId } : {}) },
  metadata: metadata(meta),
});

export const correlate = (
  type: string,
  correlationKey: string,
  payload: DataRecord = {},
  meta: Meta = {},
): CorrelateTrigger => ({
  type: 'CorrelateTrigger',
  data: { type, correlationKey, payload },
  metadata: metadata(meta),
});

export const fireTimer = (activationId: string, meta: Meta = {}): FireTimer => ({
  type: 'FireTimer',
  data: { activationId },
  metadata: metadata(meta),
});

export const cancel = (reason = 'customer withdrew', meta: Meta = {}): CancelInstance => ({
  type: 'CancelInstance',
  data: { reason },
  metadata: metadata(meta),
});
