/** Where a command writes: stdout and stderr in the real CLI, buffers in tests. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal (live progress, colours). */
  readonly isTty: boolean;
  /** Current time; injected so progress rates are testable. */
  now(): number;
  /** The raw standard output, for commands that stream large output with backpressure (`export`). */
  readonly stdout?: NodeJS.WritableStream;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  isTty: Boolean(process.stdout.isTTY),
  now: () => Date.now(),
  stdout: process.stdout,
};

/** A usage mistake (bad JSON, missing option): printed without a stack, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
