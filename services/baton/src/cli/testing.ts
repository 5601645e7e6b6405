import type { CliIo } from './io';
import { runCli } from './program';

/** Runs the CLI in-process with captured output (tests only). */
export async function runCaptured(
  argv: readonly string[],
  env: Record<string, string | undefined> = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => (out += t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => (err += t.endsWith('\n') ? t : `${t}\n`),
    isTty: false,
    now: () => Date.now(),
  };
  const code = await runCli(argv, { io, env });
  return { code, out, err };
}
