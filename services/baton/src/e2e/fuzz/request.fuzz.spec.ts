import { ManualClock } from '@baton/service-kit';
import { status } from '@grpc/grpc-js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedHost, type EmbeddedHost } from '../../embedded-host';
import { BatonClients, sameAddress } from '../baton-clients';
import { FUZZED_RPCS, RequestFuzzer } from './request-fuzz';

/** Seeded, so a failure replays; BATON_FUZZ_RUNS raises the runs per request type. */
const SEED = Number(process.env['BATON_FUZZ_SEED'] ?? 20_261_129);
const RUNS = Number(process.env['BATON_FUZZ_RUNS'] ?? 150);
const LIST_DEFINITIONS = FUZZED_RPCS.filter((r) => r.method.path.endsWith('/ListDefinitions'))[0];

/**
 * Every request type of the four services, fuzzed over gRPC against the embedded host (SQLite):
 * structured messages over every field's range, damaged valid encodings and raw bytes at the wire.
 */
describe('Request fuzzing against the embedded host', () => {
  let host: EmbeddedHost;
  let dataDir: string;
  let fuzzer: RequestFuzzer;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'baton-fuzz-'));
    host = await startEmbeddedHost({
      address: '127.0.0.1:0',
      dataDir,
      seed: true,
      clock: new ManualClock(Date.parse('2026-03-02T09:00:00Z')),
    });
    fuzzer = new RequestFuzzer({
      addresses: sameAddress(`127.0.0.1:${host.port}`),
      heads: async () => [await host.runtime.store.headPosition()],
    });
    // An instance under way, so step and instance ids reach the pool through the listings.
    const clients = new BatonClients(sameAddress(`127.0.0.1:${host.port}`));
    await clients.startInstance('budget-approval', 'fuzz-1', {
      requestId: 'fuzz-1',
      requesterId: 'fuzz-requester',
      department: 'engineering',
      departmentHeadId: 'fuzz-head',
      amount: 1200,
      currency: 'EUR',
      fiscalYear: 2026,
      justification: 'fuzzing',
    });
    clients.close();
  }, 60_000);

  afterAll(async () => {
    fuzzer?.close();
    await host?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(FUZZED_RPCS.map((rpc) => [rpc.method.path.slice(1), rpc] as const))(
    '%s: no crash, no INTERNAL, nothing written when refused',
    async (_name, rpc) => {
      await fuzzer.fuzz(rpc, { numRuns: RUNS, seed: SEED });
      if (!LIST_DEFINITIONS) throw new Error('no ListDefinitions RPC');
      const alive = await fuzzer.send(LIST_DEFINITIONS, new Uint8Array());
      expect(alive.code).toBe(status.OK);
    },
    120_000,
  );

  afterAll(() => {
    const lines = [...fuzzer.runs].map(([rpc, n]) => `  ${rpc}: ${n}`);
    console.log(`request fuzz (seed ${SEED}): iterations per request type\n${lines.join('\n')}`);
  });
});
