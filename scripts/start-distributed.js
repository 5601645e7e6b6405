// Distributed mode on one machine: each service in its own process on its own port, configured
// by environment (BATON_GRPC_ADDRESS per process; KAFKA_BROKERS, DATABASE_URL passed through).
// Ctrl-C stops all four; if one exits, the others are stopped too.
const { spawn } = require('node:child_process');

const host = process.env.BATON_HOST || '127.0.0.1';
const services = [
  ['definition', 50061],
  ['execution', 50062],
  ['ownership', 50063],
  ['analytics', 50064],
];

const children = services.map(([name, port]) =>
  spawn(process.execPath, ['-r', '@swc-node/register', `services/${name}/src/main.ts`], {
    stdio: 'inherit',
    env: {
      ...process.env,
      SWC_NODE_PROJECT: 'tsconfig.base.json',
      BATON_GRPC_ADDRESS: `${host}:${port}`,
      // Reference processes and a small directory, as in embedded mode (BATON_SEED=false to skip).
      BATON_SEED: process.env.BATON_SEED || 'true',
      // Ownership sends its commands to execution.
      BATON_EXECUTION_ADDRESS: `${host}:50062`,
    },
  }),
);

let stopping = false;
function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}
for (const child of children) child.on('exit', (code) => stopAll(code ?? 1));
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
