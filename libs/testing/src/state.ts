import type { StartedServer } from './provision';

/** What global setup leaves for global teardown; both run in Jest's parent process. */
export interface HarnessState {
  started: StartedServer[];
  /** Env values before setup changed them (undefined: was unset), restored by teardown. */
  previousEnv: Record<string, string | undefined>;
}

// A registered symbol, because setup and teardown are separate module instances (Jest transforms
// and loads each file on its own), so a module-level variable would not be shared.
const KEY = Symbol.for('baton.testing.harness');

type Holder = { [KEY]?: HarnessState };

export function harnessState(): HarnessState | undefined {
  return (globalThis as Holder)[KEY];
}

export function setHarnessState(state: HarnessState | undefined): void {
  if (state) (globalThis as Holder)[KEY] = state;
  else delete (globalThis as Holder)[KEY];
}

/** Sets or unsets an env var, remembering the first value seen so teardown can put it back. */
export function setEnv(state: HarnessState, name: string, value: string | undefined): void {
  if (!(name in state.previousEnv)) state.previousEnv[name] = process.env[name];
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** Stops everything that was started, collecting failures instead of stopping at the first. */
export async function stopAll(state: HarnessState): Promise<void> {
  const results = await Promise.allSettled(state.started.map((s) => s.stop()));
  state.started = [];
  for (const [name, value] of Object.entries(state.previousEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  state.previousEnv = {};
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length > 0) {
    throw new Error(
      `[baton-testing] stopping servers failed: ${failed.map((f) => String(f.reason)).join('; ')}`,
    );
  }
}
