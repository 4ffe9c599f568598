export * from './master-keys.ts';
export * from './store.ts';
export * from './vault.ts';
