import { status, type ServiceError } from '@grpc/grpc-js';

/** A call's answer as one line: `OK`, or the status name and details of its error. */
export const outcome = (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'OK',
    (error: ServiceError) => `${status[error.code]}: ${error.details}`,
  );

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Retries `attempt` every 20 ms, at most `tries` times, while `until` does not accept its answer
 * (a service learns from another's topic a moment after it happens); the last answer.
 */
export async function eventually(
  attempt: () => Promise<string>,
  until: (answer: string) => boolean,
  tries = 250,
): Promise<string> {
  let answer = await attempt();
  for (let i = 0; i < tries && !until(answer); i++) {
    await pause(20);
    answer = await attempt();
  }
  return answer;
}
