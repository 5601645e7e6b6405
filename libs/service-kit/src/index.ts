export * from './clock';
export * from './tokens';
export * from './domain-events';
export * from './aggregate';
export * from './runtime';
export { RuntimeModule } from './runtime.module';
export * from './service-relay';
export * from './run-service-process';
