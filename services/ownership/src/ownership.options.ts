import type { UnaryInvoker } from '@baton/grpc-server';

/** Injection token of {@link OwnershipModuleOptions}. */
export const OWNERSHIP_OPTIONS = Symbol('OWNERSHIP_OPTIONS');

/** How the ownership module is wired into a host. */
export interface OwnershipModuleOptions {
  /**
   * Where the execution service answers gRPC (`host:port`). A function, because the embedded host
   * knows its own port only after binding; it is called when the first command is sent. Without
   * it the assignment worker and the deadline scheduler do not run (directory only).
   */
  readonly executionAddress?: () => string;
  /**
   * Instead of an address: execution's handlers in the same process (the embedded host), called
   * without a socket but with the same checks and status errors. Takes precedence.
   */
  readonly executionInProcess?: UnaryInvoker;
  /**
   * The bearer token ownership sends with its commands to a remote execution service (a token
   * with the `service` role, see docs/security.md); called per command, so a renewed one is used.
   */
  readonly executionToken?: () => string | undefined;
  /** How often the deadline scheduler looks for due work. Default 1000 ms; 0 disables the loop (tests call `tick()`). */
  readonly schedulerIntervalMs?: number;
  /** Backoff of retried UNAVAILABLE execution calls; default 200 ms doubling up to 5 s, 6 attempts. */
  readonly retry?: {
    readonly attempts?: number;
    readonly initialDelayMs?: number;
    readonly maxDelayMs?: number;
  };
  /**
   * Consumer group of the assignment worker; default `ownership-assignment`. Tests sharing a
   * broker give each run its own.
   */
  readonly assignmentGroupId?: string;
  /** Start the relay of the ownership streams to the bus. Default true. */
  readonly relay?: boolean;
}
