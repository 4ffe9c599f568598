import type { Migration } from 'kysely';
import { init } from './001-init.ts';

/** One ordered migration set for SQLite and PostgreSQL. */
export const migrations: Record<string, Migration> = {
  '001-init': init,
};
