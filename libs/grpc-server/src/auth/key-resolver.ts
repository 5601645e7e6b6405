import { readFileSync, statSync } from 'node:fs';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  importSPKI,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';
import { AuthConfigError, type KeySource } from './auth-config';

/** How long a fetched key set is used before it is fetched again, and the least time between fetches. */
const REMOTE_CACHE_MAX_AGE_MS = 10 * 60_000;
const REMOTE_COOLDOWN_MS = 30_000;
const REMOTE_TIMEOUT_MS = 5_000;
/** A rotated key set file is looked for at most this often (unknown key ids are cheap to send). */
const FILE_RECHECK_MS = 1_000;

function readKeySet(path: string): JSONWebKeySet {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new AuthConfigError(`cannot read the key set ${path}: ${(error as Error).message}`);
  }
  if (!Array.isArray((parsed as { keys?: unknown })?.keys)) {
    throw new AuthConfigError(`${path} is not a JSON Web Key Set (no "keys" array)`);
  }
  return parsed as JSONWebKeySet;
}

/**
 * A key set file, read at start (an unreadable one stops the process) and read again when a
 * token names a key it does not hold and the file changed since: rotation by replacing the file.
 */
function keySetFile(path: string, now: () => number): JWTVerifyGetKey {
  let loaded = { modifiedMs: statSync(path).mtimeMs, keys: createLocalJWKSet(readKeySet(path)) };
  let checkedAt = 0;
  return async (header, token) => {
    try {
      return await loaded.keys(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || now() - checkedAt < FILE_RECHECK_MS) throw error;
      checkedAt = now();
      const modifiedMs = statSync(path).mtimeMs;
      if (modifiedMs === loaded.modifiedMs) throw error;
      try {
        loaded = { modifiedMs, keys: createLocalJWKSet(readKeySet(path)) };
      } catch {
        throw error; // Caught mid-write: keep the keys we have, look again later.
      }
      return loaded.keys(header, token);
    }
  };
}

/** The key (or key set) tokens are verified against. */
export function keyResolverOf(source: KeySource, now: () => number = Date.now): JWTVerifyGetKey {
  switch (source.kind) {
    case 'jwks':
      return createLocalJWKSet(source.jwks as JSONWebKeySet);
    case 'jwks-file':
      try {
        return keySetFile(source.path, now);
      } catch (error) {
        if (error instanceof AuthConfigError) throw error;
        throw new AuthConfigError(`cannot read the key set ${source.path}: ${(error as Error).message}`);
      }
    case 'jwks-url':
      // jose caches the set, fetches again when a token names an unknown key (rotation), at most
      // once per cooldown, and times a slow endpoint out.
      return createRemoteJWKSet(source.url, {
        cacheMaxAge: REMOTE_CACHE_MAX_AGE_MS,
        cooldownDuration: REMOTE_COOLDOWN_MS,
        timeoutDuration: REMOTE_TIMEOUT_MS,
      });
    case 'public-key-file': {
      let pem: string;
      try {
        pem = readFileSync(source.path, 'utf8');
      } catch (error) {
        throw new AuthConfigError(`cannot read the public key ${source.path}: ${(error as Error).message}`);
      }
      const key = importSPKI(pem, source.algorithm);
      // Fail at start, not at the first call, when the file is no key for that algorithm.
      key.catch(() => undefined);
      return () => key;
    }
  }
}

/** Checks a static key at start (the other sources check themselves when they are read). */
export async function checkKeySource(source: KeySource): Promise<void> {
  if (source.kind !== 'public-key-file') return;
  try {
    await importSPKI(readFileSync(source.path, 'utf8'), source.algorithm);
  } catch (error) {
    throw new AuthConfigError(
      `${source.path} is not a ${source.algorithm} public key (SPKI PEM): ${(error as Error).message}`,
    );
  }
}
