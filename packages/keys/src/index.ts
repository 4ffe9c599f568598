export * from './format.ts';
export * from './mask.ts';
export * from './scopes.ts';
