/** Polls `condition` until it holds (tests wait for conditions, never for fixed sleeps). */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A message body for tests. */
export function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}
