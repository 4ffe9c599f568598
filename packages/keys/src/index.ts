export * from './format.ts';
export * from './scopes.ts';
