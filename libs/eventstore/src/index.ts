export * from './port/event-store.port';
export * from './port/errors';
