// `npm run bench -- object-spread`: what building an object costs in the shapes the code uses, in
// nanoseconds per object, printed as JSON. On Node 20's V8 a literal that starts with a spread
// (`{ ...ref, a, b }`) adds each later member through a slow path; `{ ...{}, ...ref, a, b }`
// builds the same object through the fast one (docs/adr/0017). The lint rule holds the code to it.

const COUNT = 200_000;
const ROUNDS = 3;

interface Ref {
  readonly instanceId: string;
  readonly definitionId: string;
  readonly definitionVersion: number;
}

const refOf = (i: number): Ref => ({ instanceId: `i-${i & 7}`, definitionId: 'd', definitionVersion: 1 });

/** The best of a few rounds (the first warms up), in ns per object built. */
function nsPerObject(build: (ref: Ref, i: number) => { readonly z: number }): number {
  let best = Infinity;
  let sink = 0;
  for (let round = 0; round <= ROUNDS; round++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < COUNT; i++) sink += build(refOf(i), i).z;
    const ns = Number(process.hrtime.bigint() - started) / COUNT;
    if (round > 0) best = Math.min(best, ns);
  }
  if (sink < 0) console.error(sink);
  return Math.round(best);
}

const shapes = {
  leadingSpreadThen1Member: nsPerObject((ref) => ({ ...ref, z: 1 })),
  leadingSpreadThen8Members: nsPerObject((ref, i) => ({
    ...ref,
    a: i,
    b: 1,
    c: 'c',
    d: true,
    e: 1,
    f: 2,
    g: 3,
    z: 1,
  })),
  emptySpreadFirstThen8Members: nsPerObject((ref, i) => ({
    ...{},
    ...ref,
    a: i,
    b: 1,
    c: 'c',
    d: true,
    e: 1,
    f: 2,
    g: 3,
    z: 1,
  })),
  fieldsOneByOneThen8Members: nsPerObject((ref, i) => ({
    instanceId: ref.instanceId,
    definitionId: ref.definitionId,
    definitionVersion: ref.definitionVersion,
    a: i,
    b: 1,
    c: 'c',
    d: true,
    e: 1,
    f: 2,
    g: 3,
    z: 1,
  })),
  spreadAloneThen8Assignments: nsPerObject((ref, i) => {
    const o: Record<string, unknown> & { z: number } = { ...ref, z: 0 };
    Object.assign(o, { a: i, b: 1, c: 'c', d: true, e: 1, f: 2, g: 3 });
    o.z = 1;
    return o;
  }),
};

console.log(
  JSON.stringify(
    {
      bench: 'object-spread',
      node: process.version,
      v8: process.versions.v8,
      at: new Date().toISOString(),
      objects: `${COUNT.toLocaleString('en')} per round, best of ${ROUNDS}`,
      nsPerObject: shapes,
      leadingSpreadSlowdown: Number(
        (shapes.leadingSpreadThen8Members / shapes.emptySpreadFirstThen8Members).toFixed(1),
      ),
    },
    null,
    2,
  ),
);
