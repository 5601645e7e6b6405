import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** Debian's `chromium` package (or BATON_CHROMIUM): the binary, if there is one. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = env['BATON_CHROMIUM']
    ? [env['BATON_CHROMIUM']]
    : ['chromium', 'chromium-browser'].flatMap((name) =>
        (env['PATH'] ?? '').split(delimiter).map((dir) => join(dir, name)),
      );
  return candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** What a page did while it was open, and what the expression evaluated in it returned. */
export interface PageVisit<T> {
  readonly value: T;
  /** Every URL the page requested, its own included. */
  readonly requests: readonly string[];
  /** Messages of alert, confirm and prompt dialogs. */
  readonly dialogs: readonly string[];
  /** Errors the browser logged for the page (failed loads, Content-Security-Policy violations…). */
  readonly errors: readonly string[];
}

interface Message {
  readonly id?: number;
  readonly method?: string;
  readonly sessionId?: string;
  readonly params?: Record<string, unknown>;
  readonly result?: Record<string, unknown>;
  readonly error?: { readonly message: string };
}

/**
 * Opens `url` in headless Chromium, waits for its load event, evaluates `expression` in the page
 * (its value returned by value) and closes the browser. It speaks the DevTools protocol over
 * `--remote-debugging-pipe` (JSON messages ending in NUL on file descriptors 3 and 4), so it
 * needs no library and no port.
 */
export async function visitPage<T>(
  binary: string,
  url: string,
  expression: string,
  timeoutMs = 30_000,
): Promise<PageVisit<T>> {
  const profile = mkdtempSync(join(tmpdir(), 'baton-chromium-'));
  const browser = spawn(
    binary,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--remote-debugging-pipe',
      `--user-data-dir=${profile}`,
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  browser.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const protocol = new DevToolsPipe(browser.stdio[3] as Writable, browser.stdio[4] as Readable);
  const exited = new Promise<never>((_, reject) =>
    browser.once('exit', (code) =>
      reject(new Error(`chromium exited (${code}) before the page was read:\n${stderr}`)),
    ),
  );
  const timer = new Promise<never>((_, reject) =>
    setTimeout(
      () => reject(new Error(`chromium took more than ${timeoutMs} ms:\n${stderr}`)),
      timeoutMs,
    ).unref(),
  );
  try {
    return await Promise.race([session<T>(protocol, url, expression), exited, timer]);
  } finally {
    const gone = new Promise<void>((resolve) => {
      if (browser.exitCode !== null || browser.signalCode !== null) resolve();
      else browser.once('exit', () => resolve());
    });
    void protocol.send('Browser.close').catch(() => undefined);
    const killer = setTimeout(() => browser.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(killer);
    rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  }
}

async function session<T>(protocol: DevToolsPipe, url: string, expression: string): Promise<PageVisit<T>> {
  const { targetId } = await protocol.send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await protocol.send('Target.attachToTarget', { targetId, flatten: true });
  const id = sessionId as string;
  const requests: string[] = [];
  const dialogs: string[] = [];
  const errors: string[] = [];
  protocol.on(id, 'Network.requestWillBeSent', (p) => requests.push((p['request'] as { url: string }).url));
  protocol.on(id, 'Page.javascriptDialogOpening', (p) => {
    dialogs.push(String(p['message']));
    void protocol.send('Page.handleJavaScriptDialog', { accept: true }, id).catch(() => undefined);
  });
  protocol.on(id, 'Log.entryAdded', (p) => {
    const entry = p['entry'] as { level: string; text: string };
    if (entry.level === 'error') errors.push(entry.text);
  });
  protocol.on(id, 'Runtime.exceptionThrown', (p) => errors.push(JSON.stringify(p['exceptionDetails'])));
  for (const domain of ['Page', 'Network', 'Log', 'Runtime']) await protocol.send(`${domain}.enable`, {}, id);
  const loaded = protocol.next(id, 'Page.loadEventFired');
  await protocol.send('Page.navigate', { url }, id);
  await loaded;
  const evaluated = await protocol.send('Runtime.evaluate', { expression, returnByValue: true }, id);
  if (evaluated['exceptionDetails'])
    throw new Error(`the expression failed: ${JSON.stringify(evaluated['exceptionDetails'])}`);
  return { value: (evaluated['result'] as { value: T }).value, requests, dialogs, errors };
}

/** Commands and events of the DevTools protocol over a pair of pipes. */
class DevToolsPipe {
  private nextId = 1;
  private buffer = '';
  private readonly pending = new Map<
    number,
    { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }
  >();
  private readonly listeners: {
    sessionId: string;
    method: string;
    handle: (p: Record<string, unknown>) => void;
  }[] = [];

  constructor(
    private readonly out: Writable,
    input: Readable,
  ) {
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => this.receive(chunk));
    out.on('error', () => undefined);
  }

  send(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.out.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  on(sessionId: string, method: string, handle: (params: Record<string, unknown>) => void): void {
    this.listeners.push({ sessionId, method, handle });
  }

  next(sessionId: string, method: string): Promise<Record<string, unknown>> {
    // Later events of the same kind resolve nothing: a promise settles once.
    return new Promise((resolve) => this.on(sessionId, method, resolve));
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\0')) >= 0) {
      const message = JSON.parse(this.buffer.slice(0, end)) as Message;
      this.buffer = this.buffer.slice(end + 1);
      if (message.id !== undefined) {
        const waiting = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) waiting?.reject(new Error(message.error.message));
        else waiting?.resolve(message.result ?? {});
      } else {
        for (const l of this.listeners)
          if (l.method === message.method && l.sessionId === message.sessionId)
            l.handle(message.params ?? {});
      }
    }
  }
}
