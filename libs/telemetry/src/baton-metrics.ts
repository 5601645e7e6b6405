import type { Counter, Histogram, Meter, ObservableGauge } from '@opentelemetry/api';
import { METRIC_RPC_SERVER_CALL_DURATION } from '@opentelemetry/semantic-conventions';

// Seconds, from sub-second to a week: handoffs and steps are measured in business time.
const BUSINESS_SECONDS = [1, 10, 60, 300, 900, 1800, 3600, 7200, 14400, 28800, 86400, 172800, 604800];
// Seconds for machine paths: gRPC calls, relay and consumer lag.
const SYSTEM_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** Every metric Baton reports (docs/operations.md lists them with their attributes). */
export class BatonMetrics {
  /** A completed → B started, per edge (`baton.definition.id`, from/to step and team). */
  readonly handoffDuration: Histogram;
  /** Step started → completed or failed. */
  readonly stepWorkDuration: Histogram;
  /** Steps completed after their due time, and handoffs started after their SLA (`baton.sla.kind`). */
  readonly slaBreaches: Counter;
  readonly escalations: Counter;
  /** Recorded in the store → acknowledged by Kafka, per published batch (its oldest event). */
  readonly relayLag: Histogram;
  /** Recorded in the store → handled by a consumer group (analytics' groups: projection lag). */
  readonly consumerLag: Histogram;
  readonly consumerRetries: Counter;
  readonly deadLetters: Counter;
  readonly rpcServerDuration: Histogram;

  constructor(private readonly meter: Meter) {
    const seconds = (name: string, description: string, buckets: number[]) =>
      meter.createHistogram(name, { unit: 's', description, advice: { explicitBucketBoundaries: buckets } });
    this.handoffDuration = seconds(
      'baton.handoff.duration',
      'Handoff time: upstream step completed until the next step started',
      BUSINESS_SECONDS,
    );
    this.stepWorkDuration = seconds(
      'baton.step.work.duration',
      'Step work time: started until completed or failed',
      BUSINESS_SECONDS,
    );
    this.slaBreaches = meter.createCounter('baton.sla.breaches', {
      description: 'Steps completed late and handoffs that missed their SLA',
    });
    this.escalations = meter.createCounter('baton.escalations', { description: 'Step escalations recorded' });
    this.relayLag = seconds(
      'baton.relay.lag',
      'Event recorded until Kafka acknowledged its publish',
      SYSTEM_SECONDS,
    );
    this.consumerLag = seconds(
      'baton.consumer.lag',
      'Event recorded until a consumer group handled it',
      SYSTEM_SECONDS,
    );
    this.consumerRetries = meter.createCounter('baton.consumer.retries', {
      description: 'Failed attempts of a consumer that will be retried',
    });
    this.deadLetters = meter.createCounter('baton.consumer.dead_letters', {
      description: 'Messages a consumer gave up on and dead-lettered',
    });
    this.rpcServerDuration = seconds(
      METRIC_RPC_SERVER_CALL_DURATION,
      'Duration of gRPC calls served',
      SYSTEM_SECONDS,
    );
  }

  /** An observable gauge read at each export (e.g. the relay's backlog in events). */
  gauge(name: string, description: string, unit: string): ObservableGauge {
    return this.meter.createObservableGauge(name, { description, unit });
  }
}
