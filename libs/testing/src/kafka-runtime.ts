import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { kafkaCacheDir } from './kafka-config';
import { run, which } from './processes';

const FETCH_SCRIPT = resolve(__dirname, '../../../scripts/fetch-kafka.sh');

/** BATON_JAVA, then JAVA_HOME, then PATH; BATON_JAVA also lets a test run pretend there is none. */
export function findJava(env = process.env): string {
  const explicit = env['BATON_JAVA'] || (env['JAVA_HOME'] && join(env['JAVA_HOME'], 'bin', 'java'));
  if (explicit) {
    try {
      accessSync(explicit, constants.X_OK);
      return explicit;
    } catch {
      throw new Error(`java not executable at ${explicit} (from BATON_JAVA or JAVA_HOME)`);
    }
  }
  const java = which('java');
  if (!java) throw new Error('java not found on PATH');
  return java;
}

/**
 * Fetches the jars on first use (scripts/fetch-kafka.sh, Maven) and returns the class path,
 * listed explicitly and sorted: a `lib/*` wildcard expands in directory order, and the
 * class-data archive is only accepted with the class path it was made with.
 */
export async function ensureJars(): Promise<{ classPath: string; downloaded: boolean }> {
  const dir = kafkaCacheDir();
  let downloaded = false;
  if (!existsSync(join(dir, '.complete'))) {
    await run('bash', [FETCH_SCRIPT], { label: 'scripts/fetch-kafka.sh', timeoutMs: 600_000 });
    downloaded = true;
  }
  const lib = join(dir, 'lib');
  const jars = readdirSync(lib)
    .filter((f) => f.endsWith('.jar'))
    .sort();
  return { classPath: jars.map((f) => join(lib, f)).join(':'), downloaded };
}

/**
 * One class-data archive per JVM build: a JVM ignores an archive made by another build, and a
 * shared name would then never be rebuilt. It sits next to the jars, so a re-fetch drops it.
 */
export function cdsArchivePath(java: string): string {
  const real = realpathSync(java);
  const { mtimeMs, size } = statSync(real);
  const key = createHash('sha1').update(`${real}:${mtimeMs}:${size}`).digest('hex').slice(0, 12);
  return join(kafkaCacheDir(), `broker-${key}.jsa`);
}
