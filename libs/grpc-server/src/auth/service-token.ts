import { readFileSync, statSync } from 'node:fs';

const RECHECK_MS = 5_000;

/**
 * The bearer token a Baton service sends when it calls another (ownership → execution in
 * distributed mode): `BATON_SERVICE_TOKEN_FILE`, read again when the file changes (a sidecar or
 * a mounted secret renews it), or `BATON_SERVICE_TOKEN`. Undefined when neither is set.
 */
export function serviceTokenFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
  now: () => number = Date.now,
): (() => string | undefined) | undefined {
  const file = env['BATON_SERVICE_TOKEN_FILE']?.trim();
  const fixed = env['BATON_SERVICE_TOKEN']?.trim();
  if (!file) return fixed ? () => fixed : undefined;
  let token: string | undefined;
  let modifiedMs = -1;
  let checkedAt = -Infinity;
  return () => {
    if (now() - checkedAt >= RECHECK_MS) {
      checkedAt = now();
      try {
        const modified = statSync(file).mtimeMs;
        if (modified !== modifiedMs) {
          token = readFileSync(file, 'utf8').trim() || undefined;
          modifiedMs = modified;
        }
      } catch {
        // Keep the last token: a renewal may be replacing the file right now.
      }
    }
    return token;
  };
}
