import { readFileSync } from 'node:fs';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The file an environment setting names (a certificate, a key, a password file), read now so a
 * wrong path stops the process at start naming the setting; undefined when the setting is unset.
 * Shared by the TLS settings of gRPC, Kafka and PostgreSQL, which all libs below them reach here.
 */
export function settingFile(env: Env, name: string): Buffer | undefined {
  const path = env[name]?.trim();
  if (!path) return undefined;
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(`${name}: cannot read ${path}: ${(error as Error).message}`);
  }
}
