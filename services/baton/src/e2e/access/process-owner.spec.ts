import { definitionV1 } from '@baton/contracts';
import { type ServiceError, status } from '@grpc/grpc-js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BatonConnection } from '../../cli/connection';
import { TokenHost } from './token-host';

const ACCESS_CHECK = readFileSync(join(__dirname, 'access-check.yaml'), 'utf8');

/** The access-check definition under another id, trigger, description and process owner. */
const variant = (over: { id?: string; owner?: string; description?: string }): string =>
  ACCESS_CHECK.replace(/^id: access-check$/m, `id: ${over.id ?? 'access-check'}`)
    .replace(/^description: .*$/m, `description: ${over.description ?? 'For the process owner rule.'}`)
    .replace(/^owner: \{ team: billing \}$/m, `owner: { team: ${over.owner ?? 'billing'} }`)
    .replace('event: access.check.requested', `event: ${over.id ?? 'access-check'}.requested`);

const outcome = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'OK',
    (error: ServiceError) => `${status[error.code]}: ${error.details}`,
  );

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
