import { definitionV1, executionV1, ownershipV1 } from '@baton/contracts';
import { type ServiceError, status } from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BatonConnection } from '../../cli/connection';
import { TokenHost } from './token-host';
import { eventually, outcome, pause } from './answers';

const DEFINITION = readFileSync(join(__dirname, 'access-check.yaml'), 'utf8');

/**
 * The team lead rule over gRPC with bearer tokens: a team lead (who leads the teams of their
 * token) assigns, reassigns and escalates the steps of their teams only, and only to people the
 * directory lists in that team; the directory's membership changes reach the rule.
 */
describe('Team leads over gRPC', () => {
  let baton: TokenHost;
  const as: Record<string, BatonConnection> = {};
  let instanceId = '';
  const review = 'review#1';

  const send = (who: string, rpc: 'assign' | 'reassign' | 'escalate', personId: string) => {
    const c = as[who] as BatonConnection;
    const activationId = review;
    if (rpc === 'assign') {
      const request = executionV1.AssignStepRequest.fromPartial({ instanceId, activationId, personId });
      return outcome(c.call(c.execution, c.execution.assignStep, request));
    }
    if (rpc === 'reassign') {
      const request = executionV1.ReassignStepRequest.fromPartial({
        instanceId,
        activationId,
        toPersonId: personId,
      });
      return outcome(c.call(c.execution, c.execution.reassignStep, request));
    }
    const request = executionV1.EscalateStepRequest.fromPartial({
      instanceId,
      activationId,
      level: 1,
      toPersonId: personId,
    });
    return outcome(c.call(c.execution, c.execution.escalateStep, request));
  };

  const directory = async (change: 'add' | 'remove', teamId: string, personId: string) => {
    const a = as['admin'] as BatonConnection;
    if (change === 'add') {
      await a.call(
        a.ownership,
        a.ownership.addMember,
        ownershipV1.AddMemberRequest.fromPartial({ teamId, personId }),
      );
    } else {
      await a.call(
        a.ownership,
        a.ownership.removeMember,
        ownershipV1.RemoveMemberRequest.fromPartial({ teamId, personId, reason: 'moved' }),
      );
    }
  };

  beforeAll(async () => {
    baton = await TokenHost.start();
    const people: Record<string, { roles: string[]; teams: string[] }> = {
      admin: { roles: ['admin'], teams: [] },
      erp: { roles: ['integrator'], teams: [] },
      dana: { roles: ['team-lead'], teams: ['billing'] },
      sam: { roles: ['team-lead'], teams: ['sales'] },
    };
    for (const [subject, claims] of Object.entries(people)) {
      as[subject] = baton.connection(await baton.token({ subject, ...claims }));
    }
    const a = as['admin'] as BatonConnection;
    await a.call(
      a.definition,
      a.definition.publishDefinition,
      definitionV1.PublishDefinitionRequest.fromPartial({
        source: { format: definitionV1.SourceFormat.SOURCE_FORMAT_YAML, text: DEFINITION },
      }),
    );
    for (const personId of ['ann', 'bob', 'cy', 'dana', 'sam']) {
      await a.call(
        a.ownership,
        a.ownership.registerPerson,
        ownershipV1.RegisterPersonRequest.fromPartial({ personId, displayName: personId }),
      );
    }
    for (const teamId of ['billing', 'sales']) {
      await a.call(
        a.ownership,
        a.ownership.createTeam,
        ownershipV1.CreateTeamRequest.fromPartial({ teamId, name: teamId }),
      );
    }
    for (const [teamId, personId] of [
      ['billing', 'ann'],
      ['billing', 'bob'],
      ['sales', 'cy'],
    ] as const) {
      await directory('add', teamId, personId);
    }
    const erp = as['erp'] as BatonConnection;
    const start = executionV1.StartInstanceRequest.fromPartial({
      definitionId: 'access-check',
      businessKey: 'case-1',
      data: { caseId: 'case-1' },
    });
    for (let i = 0; !instanceId; i++) {
      try {
        instanceId =
          (await erp.call(erp.execution, erp.execution.startInstance, start)).instance?.instanceId ?? '';
      } catch (error) {
        if ((error as ServiceError).code !== status.NOT_FOUND || i > 250) throw error;
        await pause(20);
      }
    }
  }, 30_000);
  afterAll(async () => {
    for (const c of Object.values(as)) c.close();
    await baton.stop();
  });

  it('lets a team lead assign a step of their team to a member of it', async () => {
    // Execution learns billing's members from ownership's topic, a moment after they were added.
    expect(
      await eventually(
        () => send('dana', 'assign', 'ann'),
        (answer) => answer === 'OK',
      ),
    ).toBe('OK');
    expect(await send('dana', 'reassign', 'bob')).toBe('OK');
    // The lead's own teams are their token's.
    expect(await send('dana', 'reassign', 'dana')).toBe('OK');
  });

  it('refuses sending it to anyone the directory does not list in the team, naming the rule', async () => {
    expect(await send('dana', 'reassign', 'cy')).toBe(
      'PERMISSION_DENIED: permission step.reassign is required: the new assignee must be a member of team billing',
    );
    expect(await send('dana', 'reassign', 'nobody')).toMatch(/must be a member of team billing$/);
    expect(await send('dana', 'escalate', 'cy')).toBe(
      'PERMISSION_DENIED: permission step.escalate is required: the new assignee must be a member of team billing',
    );
  });

  it('refuses a lead of another team, whoever the target is', async () => {
    expect(await send('sam', 'reassign', 'cy')).toBe(
      'PERMISSION_DENIED: permission step.reassign is required: team leads act on the steps of their own teams only',
    );
    expect(await send('sam', 'reassign', 'ann')).toMatch(/act on the steps of their own teams only$/);
  });

  it('follows the directory: a member removed from the team is no longer a target', async () => {
    await directory('remove', 'billing', 'bob');
    expect(
      await eventually(
        () => send('dana', 'reassign', 'bob'),
        (answer) => answer.startsWith('PERMISSION_DENIED'),
      ),
    ).toMatch(/must be a member of team billing$/);
    await directory('add', 'billing', 'cy');
    expect(
      await eventually(
        () => send('dana', 'reassign', 'cy'),
        (answer) => answer === 'OK',
      ),
    ).toBe('OK');
  });

  it('lets an admin send a step to anyone', async () => {
    expect(await send('admin', 'reassign', 'sam')).toBe('OK');
  });
});
