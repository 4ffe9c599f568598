import { fileURLToPath } from 'node:url';

/** The web app's sources (Vite root) and its build output. */
export const WEB_ROOT = fileURLToPath(new URL('../../web', import.meta.url));
export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));
