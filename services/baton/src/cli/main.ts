import { processIo } from './io';
import { runCli } from './program';

// Entry of the `baton` command (see baton.js, which registers the TypeScript loader first).
void runCli(process.argv.slice(2), { io: processIo, env: process.env }).then((code) => {
  process.exitCode = code;
});
