import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * Text written to a stream with its backpressure honoured: a write that fills the stream's buffer
 * waits for it to drain, so a slow file or pipe holds back the reader instead of filling memory.
 * A stream error fails the next write (or the wait for a drain).
 */
export class TextSink {
  private failure: Error | undefined;

  constructor(private readonly out: Writable) {
    out.on('error', (error: Error) => (this.failure ??= error));
  }

  async write(chunk: string | Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    // `once` rejects when the stream emits 'error' while waiting.
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  /** Ends the stream and waits until it has taken everything (`finish`). */
  async end(): Promise<void> {
    if (this.failure) throw this.failure;
    const finished = once(this.out, 'finish');
    this.out.end();
    await finished;
  }
}
