import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedHost, type EmbeddedHost } from '../../embedded-host';
import { runCaptured } from '../testing';

interface VerifyJson {
  instanceId: string;
  events: number;
  verified: number;
  intact: boolean;
  firstProblem?: { streamVersion: number; kind: string; reason: string };
  definitionSha256?: string;
  definitionMatches?: boolean;
}

const order = (orderId: string) =>
  JSON.stringify({
    orderId,
    customerId: 'c-7',
    orderTotal: 120.5,
    currency: 'EUR',
    lineItems: [{ sku: 'A-1', quantity: 2 }],
    shippingAddress: { city: 'Lyon' },
  });

// `baton audit verify` (VerifyAuditTrail) against the embedded Baton, whose SQLite file is then
// edited directly, as someone with access to the disk could.
describe('baton audit verify', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-audit-'));
  let host: EmbeddedHost;
  const baton = (...argv: string[]) => runCaptured(['--address', `127.0.0.1:${host.port}`, ...argv]);
  const verify = async (id: string) => {
    const r = await baton('--json', 'audit', 'verify', id);
    return { code: r.code, report: JSON.parse(r.out || '{}') as VerifyJson, err: r.err };
  };

  beforeAll(async () => {
    host = await startEmbeddedHost({ address: '127.0.0.1:0', dataDir, seed: true });
  });
  afterAll(async () => {
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds an instance intact, then the event edited in the database', async () => {
    const started = await baton(
      '--json',
      'instance',
      'start',
      'order-to-cash',
      '--key',
      'o-audit',
      '--data',
      order('o-audit'),
    );
    expect(started.code).toBe(0);
    const id = (JSON.parse(started.out) as { instance: { instanceId: string } }).instance.instanceId;

    const clean = await verify(id);
    expect(clean.code).toBe(0);
    expect(clean.report).toMatchObject({ instanceId: id, intact: true, definitionMatches: true });
    expect(clean.report.definitionSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(clean.report.verified).toBe(clean.report.events);
    expect(clean.report.events).toBeGreaterThanOrEqual(2);
    const text = await baton('audit', 'verify', id);
    expect(text.out).toContain('intact');
    expect(text.out).toContain('matches the published version');

    const file = readdirSync(dataDir).find((f) => f.endsWith('.db'));
    if (!file) throw new Error(`no SQLite file in ${dataDir}`);
    const db = new Database(join(dataDir, file));
    try {
      // The order total of the first event (InstanceStarted), as a fraudster might lower it.
      const changed = db
        .prepare(
          `UPDATE events SET data = replace(data, '120.5', '12.5') WHERE stream_id = ? AND stream_version = 1`,
        )
        .run(`instance-${id}`);
      expect(changed.changes).toBe(1);
    } finally {
      db.close();
    }

    const tampered = await verify(id);
    expect(tampered.code).toBe(1);
    // Proto3 JSON leaves out false and 0.
    expect(tampered.report.intact ?? false).toBe(false);
    expect(tampered.report.verified ?? 0).toBe(0);
    expect(tampered.report.firstProblem).toMatchObject({
      streamVersion: 1,
      kind: 'CHAIN_PROBLEM_KIND_ALTERED',
    });
    expect((await baton('audit', 'verify', id)).out).toContain('BROKEN at version 1 (altered)');
  });

  it('answers NOT_FOUND for an instance that does not exist', async () => {
    const r = await baton('audit', 'verify', '0190b3c4-0000-7000-8000-000000000000');
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/NOT_FOUND/);
    expect(r.err).toContain('does not exist');
  });
});
