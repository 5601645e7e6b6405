import { definitionV1 } from '@baton/contracts';
import { ManualClock } from '@baton/service-kit';
import { status } from '@grpc/grpc-js';
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { startEmbeddedHost, type EmbeddedHost } from '../../embedded-host';
import { sameAddress } from '../baton-clients';
import { FUZZED_RPCS, RequestFuzzer } from './request-fuzz';

const SEED = Number(process.env['BATON_FUZZ_SEED'] ?? 20_261_129);
const RUNS = Number(process.env['BATON_FUZZ_RUNS'] ?? 150);
const EXAMPLES = join(__dirname, '../../../../../examples');

const rpcNamed = (name: string) => {
  const rpc = FUZZED_RPCS.find((r) => r.method.path === `/baton.definition.v1.DefinitionService/${name}`);
  if (!rpc) throw new Error(`no ${name} RPC`);
  return rpc;
};

/** The reference definitions, as documents to damage. */
const documents = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => parse(readFileSync(join(EXAMPLES, f), 'utf8')) as unknown);

type Json = unknown;

/** Every path to a value inside a document. */
function pathsOf(value: Json, at: (string | number)[] = []): (string | number)[][] {
  const here = [at];
  if (Array.isArray(value)) return here.concat(value.flatMap((v, i) => pathsOf(v, [...at, i])));
  if (value && typeof value === 'object')
    return here.concat(Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...at, k])));
  return here;
}

/** A copy of `doc` with the value at `path` replaced (undefined: removed). */
function edit(doc: Json, path: readonly (string | number)[], to: Json): Json {
  if (path.length === 0) return to;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(doc) ? [...doc] : { ...(doc as object) }) as Record<string | number, Json>;
  const next = edit(copy[head], rest, to);
  if (next === undefined) {
    if (Array.isArray(copy)) (copy as Json[]).splice(Number(head), 1);
    else delete copy[head];
  } else copy[head] = next;
  return copy;
}

/** A reference definition with one to four structural edits: values replaced, removed, retyped, duplicated. */
const mutatedDocument = fc
  .tuple(
    fc.constantFrom(...documents),
    fc.array(
      fc.record({
        at: fc.nat(),
        to: fc.oneof(
          fc.constant(undefined),
          fc.jsonValue({ maxDepth: 3 }),
          fc.constantFrom('', 'P-1D', 'x'.repeat(3_000), -1, 1e308, null, [], {}, 'steps', 'start'),
        ),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  )
  .map(([doc, edits]) =>
    edits.reduce((d, e) => {
      const paths = pathsOf(d);
      return edit(d, paths[e.at % paths.length] ?? [], e.to);
    }, doc),
  );

/** YAML text of a document (an edit may have removed the whole document: empty text). */
const yamlOf = (doc: Json): string => (stringify(doc) as string | undefined) ?? '';

/** Source text: a damaged document as YAML or JSON, cut short or not, or any text at all. */
const sourceText = fc.oneof(
  { weight: 4, arbitrary: mutatedDocument.map((d) => ({ format: 1, text: yamlOf(d) })) },
  { weight: 2, arbitrary: mutatedDocument.map((d) => ({ format: 2, text: JSON.stringify(d) ?? '' })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(mutatedDocument, fc.nat())
      .map(([d, n]) => ({ format: 0, text: yamlOf(d).slice(0, n % 400) })),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((text) => ({ format: 0, text })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      { format: 1, text: 'a: &a [*a]' },
      { format: 1, text: `x: ${'['.repeat(5_000)}` },
      { format: 2, text: `${'['.repeat(5_000)}` },
      { format: 1, text: 'id: !!js/function "() => 1"' },
      { format: 1, text: 'a: &x 1\nb: *y' },
    ),
  },
);

/**
 * Definition documents through validate, lint and publish over gRPC (embedded host, SQLite):
 * structurally damaged reference definitions and arbitrary text never crash the service or give
 * INTERNAL, invalid ones are INVALID_ARGUMENT with field violations, and a refused publish leaves
 * the catalog and the store as they were.
 */
describe('Definition document fuzzing', () => {
  let host: EmbeddedHost;
  let dataDir: string;
  let fuzzer: RequestFuzzer;
  const tally = new Map<string, number>();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'baton-fuzz-def-'));
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
  }, 60_000);

  afterAll(async () => {
    fuzzer?.close();
    await host?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    console.log(`definition fuzz (seed ${SEED}): ${[...tally].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  });

  const catalog = async (): Promise<string> => {
    const request = definitionV1.ListDefinitionsRequest.encode(
      definitionV1.ListDefinitionsRequest.fromPartial({ pageSize: 1000 }),
    ).finish();
    const answer = await fuzzer.send(rpcNamed('ListDefinitions'), request);
    expect(answer.code).toBe(status.OK);
    return answer.response?.toString('base64') ?? '';
  };

  const encode = (name: string, source: { format: number; text: string }): Uint8Array => {
    const request = { source: { format: source.format, text: source.text } };
    if (name === 'ValidateDefinition')
      return definitionV1.ValidateDefinitionRequest.encode(
        definitionV1.ValidateDefinitionRequest.fromPartial(request),
      ).finish();
    if (name === 'LintDefinition')
      return definitionV1.LintDefinitionRequest.encode(
        definitionV1.LintDefinitionRequest.fromPartial(request),
      ).finish();
    return definitionV1.PublishDefinitionRequest.encode(
      definitionV1.PublishDefinitionRequest.fromPartial(request),
    ).finish();
  };

  it.each(['ValidateDefinition', 'LintDefinition', 'PublishDefinition'])(
    '%s: damaged and arbitrary documents never crash, are refused with field violations, write nothing when refused',
    async (name) => {
      const rpc = rpcNamed(name);
      let accepted = true;
      await fc.assert(
        fc.asyncProperty(sourceText, async (source) => {
          const before = name === 'PublishDefinition' ? await catalog() : '';
          // An accepted publish sets off work (consumers of the definition) that appends a little later.
          const [heads] = await fuzzer.settledHeads(accepted ? 100 : 5);
          const answer = await fuzzer.send(rpc, encode(name, source));
          accepted = answer.code === status.OK;
          const key = `${name} ${status[answer.code]}`;
          tally.set(key, (tally.get(key) ?? 0) + 1);
          const what = `${name} of ${JSON.stringify(source.text.slice(0, 300))}: ${answer.code} ${answer.details}`;
          const allowed: number[] = [status.OK, status.INVALID_ARGUMENT, status.FAILED_PRECONDITION];
          if (name === 'PublishDefinition') allowed.push(status.ALREADY_EXISTS);
          if (!allowed.includes(answer.code)) throw new Error(`unexpected status: ${what}`);
          if (answer.code === status.INVALID_ARGUMENT && answer.violations === 0)
            throw new Error(`no field violation: ${what}`);
          if (answer.code !== status.OK) {
            if ((await host.runtime.store.headPosition()) !== heads) throw new Error(`half-written: ${what}`);
            if (name === 'PublishDefinition' && (await catalog()) !== before)
              throw new Error(`the catalog changed: ${what}`);
          }
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    },
    180_000,
  );
});
