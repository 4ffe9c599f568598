export * from './master-key-check.ts';
export * from './master-keys.ts';
export * from './rewrap.ts';
export * from './vault.ts';
