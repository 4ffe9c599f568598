export * from './errors.ts';
export * from './key-input.ts';
export * from './service.ts';
export * from './store.ts';
