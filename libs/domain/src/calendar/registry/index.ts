export * from './events';
export * from './state';
export * from './decide';
export * from './in-force';
export * from './deadlines';
