// `npm run bench -- <name>` runs one benchmark and prints its figures as JSON.
const benches = { eventstore: '../libs/eventstore/src/bench/eventstore.bench.ts' };
const name = process.argv[2];
if (!benches[name]) {
  console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}>`);
  process.exit(2);
}
require(benches[name]);
