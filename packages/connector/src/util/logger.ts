import type { Logger } from '../client/http.ts';

export type { Logger };

export const silentLogger: Logger = {};
