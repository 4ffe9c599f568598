import type { Migration } from 'kysely';
import type { Dialect } from '../database.ts';
import { core } from './001-core.ts';

/** One ordered migration set for both dialects; a migration may branch on the dialect for column types. */
export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '001-core': core(dialect),
  };
}
