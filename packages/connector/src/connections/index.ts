export * from './errors.ts';
export * from './key-input.ts';
export * from './lifecycle.ts';
export * from './service.ts';
export * from './states.ts';
export * from './store.ts';
export * from './verdict.ts';
