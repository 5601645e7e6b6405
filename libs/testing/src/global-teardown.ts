import { harnessState, setHarnessState, stopAll } from './state';

/** Jest global teardown: stops the servers global setup started and restores the environment. */
export default async function globalTeardown(): Promise<void> {
  const state = harnessState();
  if (!state) return;
  setHarnessState(undefined);
  await stopAll(state);
}
