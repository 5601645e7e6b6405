import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from './free-port';
import { run, startWatchdog, tail, which } from './processes';
import type { StartedServer } from './provision';

/**
 * BATON_PG_BIN, else the newest Debian/Ubuntu install (/usr/lib/postgresql/<major>/bin, which
 * is not on PATH), else initdb on PATH (Homebrew, other distributions).
 */
export function findBinDir(env = process.env): string {
  const explicit = env['BATON_PG_BIN'];
  if (explicit) {
    if (existsSync(join(explicit, 'initdb'))) return explicit;
    throw new Error(`no initdb in BATON_PG_BIN=${explicit}`);
  }
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (majors[0]) return join(root, majors[0], 'bin');
  const initdb = which('initdb');
  if (initdb) return dirname(initdb);
  throw new Error(`PostgreSQL server binaries not found (no ${root}/*/bin/initdb, no initdb on PATH)`);
}

/** PostgreSQL refuses to run as root; as root the cluster is owned by and run as `postgres`. */
export function asServerUser(): (file: string, args: string[]) => [string, string[]] {
  if (process.getuid?.() !== 0) return (file, args) => [file, args];
  if (!which('runuser')) throw new Error('running as root but runuser is missing');
  return (file, args) => ['runuser', ['-u', 'postgres', '--', file, ...args]];
}

/**
 * Starts a throwaway cluster in a fresh temp dir on a free port: trust auth, durability off
 * (fsync, synchronous_commit, full_page_writes) since the data dies with the run, unless
 * `durable` (benchmarks of writes must pay for durability as production does).
 */
export async function startLocalPostgres({ durable = false } = {}): Promise<StartedServer> {
  const bin = findBinDir();
  const wrap = asServerUser();
  const version = (await run(join(bin, 'postgres'), ['--version'])).match(
    /PostgreSQL\)?\s+(\d+(\.\d+)?)/,
  )?.[1];
  const dir = mkdtempSync(join(tmpdir(), 'baton-pg-'));
  const data = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  const exec = (file: string, args: string[]): Promise<string> => run(...wrap(join(bin, file), args));
  try {
    if (process.getuid?.() === 0) await run('chown', ['postgres:', dir]);
    await exec('initdb', [
      '-D',
      data,
      '-A',
      'trust',
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  let port = 0;
  let started = false;
  // The port is free when picked but could be taken before the postmaster binds it: one retry.
  for (let attempt = 0; attempt < 2 && !started; attempt++) {
    port = await freePort();
    const options = [
      `-p ${port}`,
      `-k '${dir}'`,
      '-c listen_addresses=127.0.0.1',
      ...(durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
    ].join(' ');
    try {
      await exec('pg_ctl', ['-D', data, '-o', options, '-l', logFile, '-w', '-t', '60', 'start']);
      started = true;
    } catch (err) {
      if (attempt === 1 || !/already in use|could not bind/i.test(tail(logFile))) {
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`${String(err)}\nLog tail:\n${tail(logFile)}`);
      }
    }
  }
  // pg_ctl daemonises the postmaster; its pid file is how the watchdog finds it.
  const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  // SIGINT is PostgreSQL's "fast" shutdown, the same as pg_ctl -m fast.
  const watchdog = startWatchdog(pid, 'INT', dir);
  const display = `127.0.0.1:${port}`;
  return {
    address: `postgres://postgres@${display}/postgres`,
    display,
    via: `local launcher (PostgreSQL ${version ?? '?'}${durable ? ', durable' : ''})`,
    async stop() {
      watchdog.disarm();
      await exec('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
