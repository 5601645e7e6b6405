import { constants, createWriteStream } from 'node:fs';
import { access, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { CliIo } from '../io';
import { UsageError } from '../io';

/** Where an exported log goes: the stream to write, then `done` (or `abandon` when it failed). */
export interface LogOutput {
  readonly stream: Writable;
  /** After the stream ended: waits until the file is complete and puts it in place. */
  done(): Promise<void>;
  /** Stops writing and removes the unfinished file. */
  abandon(): Promise<void>;
}

/**
 * A file (`.gz`: gzipped on the way), written under a temporary name and renamed when complete,
 * so a failed export never leaves a truncated log under the asked-for name; or standard output.
 */
export async function openLogOutput(io: CliIo, out: string | undefined): Promise<LogOutput> {
  if (out === undefined) {
    const stream = io.stdout ? forwardTo(io.stdout) : linesTo(io);
    return { stream, done: async () => undefined, abandon: async () => void stream.destroy() };
  }
  if (out === '') throw new UsageError('--out needs a file name, e.g. --out log.xes');
  try {
    await access(dirname(out), constants.W_OK);
  } catch {
    throw new UsageError(`--out: the folder ${dirname(out)} does not exist or cannot be written`);
  }
  const partial = `${out}.partial-${process.pid}`;
  const file = createWriteStream(partial, { highWaterMark: 256 * 1024 });
  const gzip = out.toLowerCase().endsWith('.gz') ? createGzip() : undefined;
  // Settles when the file is closed: every byte written, or the first error.
  const written = gzip
    ? pipeline(gzip, file)
    : new Promise<void>((ok, fail) => file.on('close', ok).on('error', fail));
  written.catch(() => undefined); // awaited by done(); abandon() does not care
  return {
    stream: gzip ?? file,
    async done() {
      await written;
      await rename(partial, out);
    },
    async abandon() {
      gzip?.destroy();
      file.destroy();
      await rm(partial, { force: true });
    },
  };
}

/** Standard output without ending it (the process still writes its summary after the log). */
function forwardTo(target: NodeJS.WritableStream): Writable {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (target.write(chunk)) done();
      else target.once('drain', () => done());
    },
    final: (done) => done(),
  });
  const failed = (error: Error) => stream.destroy(error);
  target.once('error', failed);
  stream.on('close', () => target.removeListener('error', failed));
  return stream;
}

/** The CLI's text output (tests capture it), given whole lines only. */
function linesTo(io: CliIo): Writable {
  let pending = '';
  const utf8 = new StringDecoder('utf8'); // a chunk may end inside a character
  return new Writable({
    decodeStrings: false,
    write(chunk: Buffer | string, _encoding, done) {
      const text = pending + (typeof chunk === 'string' ? chunk : utf8.write(chunk));
      const end = text.lastIndexOf('\n');
      pending = text.slice(end + 1);
      if (end >= 0) io.out(text.slice(0, end + 1));
      done();
    },
    final(done) {
      if (pending) io.out(pending);
      done();
    },
  });
}
