/** Nest injection tokens of the ports every service uses. */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const CHECKPOINTS = Symbol('CHECKPOINTS');
export const MESSAGE_BUS = Symbol('MESSAGE_BUS');
export const CLOCK = Symbol('CLOCK');
export const RUNTIME_CONFIG = Symbol('RUNTIME_CONFIG');
