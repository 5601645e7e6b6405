import { ManualClock } from '@baton/service-kit';
import { databaseUrl, describeWith, kafkaBrokers, uniqueName } from '@baton/testing';
import { status } from '@grpc/grpc-js';
import { startDistributedCluster, type DistributedCluster } from '../distributed-cluster';
import { FUZZED_RPCS, RequestFuzzer } from './request-fuzz';

const SEED = Number(process.env['BATON_FUZZ_SEED'] ?? 20_261_129);
/** Fewer runs than embedded: the same checks, each call through PostgreSQL and Kafka. */
const RUNS = Number(process.env['BATON_FUZZ_RUNS'] ?? 40);

/** The request fuzz against the four services as separate apps on real PostgreSQL and Kafka. */
describeWith(['kafka', 'postgres'], 'Request fuzzing against the distributed services', () => {
  let cluster: DistributedCluster;
  let fuzzer: RequestFuzzer;

  beforeAll(async () => {
    cluster = await startDistributedCluster({
      databaseUrl: databaseUrl(),
      kafkaBrokers: kafkaBrokers(),
      prefix: uniqueName('fuzz'),
      clock: new ManualClock(Date.parse('2026-03-02T09:00:00Z')),
    });
    const nodes = [cluster.definition, cluster.execution, cluster.ownership, cluster.analytics];
    fuzzer = new RequestFuzzer({
      addresses: cluster.addresses,
      heads: () => Promise.all(nodes.map((n) => n.runtime.store.headPosition())),
      // Consumers on the other services react to an accepted command a little later than embedded.
      quietMs: 150,
    });
  }, 120_000);

  afterAll(async () => {
    fuzzer?.close();
    await cluster?.stop();
    const lines = [...(fuzzer?.runs ?? [])].map(([rpc, n]) => `  ${rpc}: ${n}`);
    console.log(`distributed request fuzz (seed ${SEED}): iterations per request type\n${lines.join('\n')}`);
  });

  it('refuses bad requests of every RPC with the right status, writes nothing for them, keeps answering', async () => {
    for (const rpc of FUZZED_RPCS) {
      await fuzzer.fuzz(rpc, { numRuns: RUNS, seed: SEED });
      const alive = await fuzzer.send(rpc, new Uint8Array([0xff]));
      expect([rpc.method.path, alive.code]).not.toEqual([rpc.method.path, status.INTERNAL]);
    }
    expect(fuzzer.runs.size).toBe(FUZZED_RPCS.length);
  }, 1_200_000);
});
