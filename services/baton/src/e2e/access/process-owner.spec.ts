import { analyticsV1, definitionV1, executionV1 } from '@baton/contracts';
import { type ServiceError, status } from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BatonConnection } from '../../cli/connection';
import { TokenHost } from './token-host';
import { outcome } from './answers';

const ACCESS_CHECK = readFileSync(join(__dirname, 'access-check.yaml'), 'utf8');

/** The access-check definition under another id, trigger, description and process owner. */
const variant = (over: { id?: string; owner?: string; description?: string }): string =>
  ACCESS_CHECK.replace(/^id: access-check$/m, `id: ${over.id ?? 'access-check'}`)
    .replace(/^description: .*$/m, `description: ${over.description ?? 'For the process owner rule.'}`)
    .replace(/^owner: \{ team: billing \}$/m, `owner: { team: ${over.owner ?? 'billing'} }`)
    .replace('event: access.check.requested', `event: ${over.id ?? 'access-check'}.requested`);

/**
 * The process owner rule over gRPC with bearer tokens: a process owner publishes and deprecates
 * only processes whose owner is them or one of their teams (docs/security.md); an admin any.
 */
describe('Process owners over gRPC', () => {
  let baton: TokenHost;
  const as: Record<string, BatonConnection> = {};

  const publish = (who: string, text: string) => {
    const c = as[who] as BatonConnection;
    return outcome(
      c.call(
        c.definition,
        c.definition.publishDefinition,
        definitionV1.PublishDefinitionRequest.fromPartial({
          source: { format: definitionV1.SourceFormat.SOURCE_FORMAT_YAML, text },
        }),
      ),
    );
  };
  const deprecate = (who: string, definitionId: string) => {
    const c = as[who] as BatonConnection;
    return outcome(
      c.call(
        c.definition,
        c.definition.deprecateDefinition,
        definitionV1.DeprecateDefinitionRequest.fromPartial({ definitionId, reason: 'retired' }),
      ),
    );
  };

  beforeAll(async () => {
    baton = await TokenHost.start();
    const people: Record<string, { roles: string[]; teams: string[] }> = {
      admin: { roles: ['admin'], teams: [] },
      olga: { roles: ['process-owner'], teams: ['billing'] },
      ivan: { roles: ['process-owner'], teams: ['sales'] },
    };
    for (const [subject, claims] of Object.entries(people)) {
      as[subject] = baton.connection(await baton.token({ subject, ...claims }));
    }
  });
  afterAll(async () => {
    for (const c of Object.values(as)) c.close();
    await baton.stop();
  });

  it('lets a process owner publish a new process only as its owner', async () => {
    expect(await publish('olga', variant({}))).toBe('OK');
    expect(await publish('ivan', variant({ id: 'sales-check', owner: 'billing' }))).toBe(
      'PERMISSION_DENIED: permission definition.publish is required: a process owner publishes a process whose owner is them or one of their teams',
    );
    expect(await publish('ivan', variant({ id: 'sales-check', owner: 'sales' }))).toBe('OK');
  });

  it('shows a process owner the statistics of their own processes only', async () => {
    const admin = as['admin'] as BatonConnection;
    // One finished step in each process, so both have statistics.
    for (const definitionId of ['access-check', 'sales-check']) {
      let instanceId = '';
      for (let i = 0; !instanceId; i++) {
        try {
          const started = await admin.call(
            admin.execution,
            admin.execution.startInstance,
            executionV1.StartInstanceRequest.fromPartial({
              definitionId,
              businessKey: `${definitionId}-1`,
              data: { caseId: `${definitionId}-1` },
            }),
          );
          instanceId = started.instance?.instanceId ?? '';
        } catch (error) {
          // Execution learns the published definition from the bus, a moment after publishing.
          if ((error as ServiceError).code !== status.NOT_FOUND || i > 250) throw error;
          await new Promise((r) => setTimeout(r, 20));
        }
      }
      const step = { instanceId, activationId: 'review#1' };
      await admin.call(
        admin.execution,
        admin.execution.startStep,
        executionV1.StartStepRequest.fromPartial(step),
      );
      await admin.call(
        admin.execution,
        admin.execution.completeStep,
        executionV1.CompleteStepRequest.fromPartial({ ...step, output: { note: 'done' } }),
      );
    }
    const stats = async (who: string, definitionId = '') => {
      const c = as[who] as BatonConnection;
      const answer = await c.call(
        c.analytics,
        c.analytics.getStepStats,
        analyticsV1.GetStepStatsRequest.fromPartial({ filter: { definitionId } }),
      );
      return [...new Set(answer.steps.map((s) => s.definitionId))].sort();
    };
    for (let i = 0; i < 250 && (await stats('admin')).length < 2; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await stats('admin')).toEqual(['access-check', 'sales-check']);
    expect(await stats('olga')).toEqual(['access-check']);
    expect(await stats('ivan')).toEqual(['sales-check']);
    expect(await stats('olga', 'access-check')).toEqual(['access-check']);
    expect(await outcome(stats('olga', 'sales-check'))).toBe(
      'PERMISSION_DENIED: permission analytics.read is required: process owners read the analytics of their own processes only',
    );
    // A definition that does not exist is refused alike: whether it exists is not the answer.
    expect(await outcome(stats('olga', 'no-such-process'))).toMatch(/their own processes only$/);
  });

  it("refuses a new version of another owner's process, and handing one's own away", async () => {
    expect(await publish('ivan', variant({ owner: 'sales', description: 'Taken over.' }))).toBe(
      'PERMISSION_DENIED: permission definition.publish is required: process owners publish new versions of their own processes only',
    );
    expect(await publish('olga', variant({ owner: 'sales', description: 'Given away.' }))).toMatch(
      /^PERMISSION_DENIED: .*whose owner is them or one of their teams$/,
    );
    expect(await publish('olga', variant({ description: 'Second version.' }))).toBe('OK');
  });

  it('lets an admin hand a process to another owner, who then manages it alone', async () => {
    expect(
      await publish('admin', variant({ id: 'sales-check', owner: 'billing', description: 'Moved.' })),
    ).toBe('OK');
    expect(
      await publish('ivan', variant({ id: 'sales-check', owner: 'sales', description: 'Back.' })),
    ).toMatch(/their own processes only$/);
    expect(await deprecate('ivan', 'sales-check')).toBe(
      'PERMISSION_DENIED: permission definition.deprecate is required: process owners deprecate their own processes only',
    );
    expect(await deprecate('olga', 'sales-check')).toBe('OK');
  });

  it("lets a process owner deprecate their own processes, not another's", async () => {
    expect(await deprecate('ivan', 'access-check')).toMatch(
      /^PERMISSION_DENIED: .*deprecate their own processes only$/,
    );
    expect(await deprecate('olga', 'access-check')).toBe('OK');
    // A definition that does not exist is NOT_FOUND, before any rule.
    expect(await deprecate('ivan', 'no-such-process')).toMatch(/^NOT_FOUND/);
  });
});
