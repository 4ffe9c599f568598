export * from './decision.ts';
export * from './monitor.ts';
