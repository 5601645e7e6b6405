/** Kafka topic of `baton.definition.v1` events (EventEnvelope, keyed by stream id). */
export const DEFINITION_EVENTS_TOPIC = 'baton.definition.events.v1';
/** Kafka topic of `baton.execution.v1` events (EventEnvelope, keyed by stream id). */
export const EXECUTION_EVENTS_TOPIC = 'baton.execution.events.v1';
/** Kafka topic of `baton.ownership.v1` events (EventEnvelope, keyed by stream id). */
export const OWNERSHIP_EVENTS_TOPIC = 'baton.ownership.events.v1';
/** Inbound Kafka topic of TriggerEvent messages from internal systems. */
export const TRIGGERS_TOPIC = 'baton.triggers.v1';
/** Dead-letter topic for unknown or malformed triggers; the reason travels in the headers. */
export const TRIGGERS_DLQ_TOPIC = 'baton.triggers.dlq.v1';

/** The event topic of each context that emits events. */
export const EVENT_TOPICS = {
  definition: DEFINITION_EVENTS_TOPIC,
  execution: EXECUTION_EVENTS_TOPIC,
  ownership: OWNERSHIP_EVENTS_TOPIC,
} as const;
