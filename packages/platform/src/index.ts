export { buildApp } from './app.ts';
export { loadConfig, type PlatformConfig } from './config.ts';
export { migrate, openDatabase } from './db/database.ts';
export { openPlatformDatabase, type PlatformOptions, type RunningPlatform, startPlatform } from './server.ts';
export { createServices, type PlatformServices } from './services.ts';
