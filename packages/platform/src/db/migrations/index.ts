import type { Migration } from 'kysely';
import type { Dialect } from '../database.ts';
import { core } from './001-core.ts';
import { resources } from './002-resources.ts';

/** One ordered migration set for both dialects; a migration may branch on the dialect for column types. */
export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '001-core': core(dialect),
    '002-resources': resources(dialect),
  };
}
