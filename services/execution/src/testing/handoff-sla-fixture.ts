import { executionV1 } from '@baton/contracts';
import type { ExecutionTestApp } from './execution-test-app';

export const HOUR = 3_600_000;

/**
 * A process whose intake → assess handoff must be picked up within 4 hours of intake's
 * completion, at risk after 3 (75%): "Risk picks up within 4 hours".
 */
export const riskReviewYaml = (id = 'risk-review') => `
id: ${id}
name: Risk review
category: operational
owner: { role: risk-director }
trigger: { event: ${id}.requested, correlationKey: loanId, requires: [loanId] }
steps:
  - { id: intake, owner: { team: sales }, deadline: P1D }
  - { id: assess, owner: { team: risk }, deadline: P2D }
handoffs:
  - { from: start, to: intake, data: [loanId], owner: { role: coordinator } }
  - id: intake-to-risk
    from: intake
    to: assess
    on: completed
    data: [loanId]
    owner: { role: risk-lead }
    sla: { within: PT4H, atRisk: 75% }
  - { from: assess, to: end, on: completed }
`;

/** Drives instances of {@link riskReviewYaml} through gRPC, as people would. */
export class RiskReview {
  constructor(
    private readonly t: ExecutionTestApp,
    private readonly definitionId = 'risk-review',
  ) {}

  /** Starts an instance and completes its intake now: the handoff's clock starts. */
  async handedToRisk(loanId: string): Promise<string> {
    const started = await this.t.call(
      'startInstance',
      executionV1.StartInstanceRequest.fromPartial({
        definitionId: this.definitionId,
        businessKey: loanId,
        data: { loanId },
      }),
    );
    const instanceId = started.instance?.instanceId ?? '';
    await this.begin(instanceId, 'intake#1', 'sam');
    await this.t.call(
      'completeStep',
      executionV1.CompleteStepRequest.fromPartial({ instanceId, activationId: 'intake#1', output: {} }),
      'sam',
    );
    return instanceId;
  }

  /** Risk picks the handoff up: assess is assigned and started. */
  async pickedUp(instanceId: string): Promise<void> {
    await this.begin(instanceId, 'assess#1', 'rita');
  }

  private async begin(instanceId: string, activationId: string, person: string): Promise<void> {
    await this.t.call(
      'assignStep',
      executionV1.AssignStepRequest.fromPartial({
        instanceId,
        activationId,
        personId: person,
        reason: 'test',
      }),
      'ownership',
    );
    await this.t.call(
      'startStep',
      executionV1.StartStepRequest.fromPartial({ instanceId, activationId }),
      person,
    );
  }
}
