import type { Migration } from 'kysely';
import type { Dialect } from '../database.ts';
import { core } from './001-core.ts';
import { resources } from './002-resources.ts';
import { tagDimensions } from './004-tag-dimensions.ts';
import { keyChanges } from './005-key-changes.ts';
import { csvImports } from './006-csv-imports.ts';
import { integrationNames } from './007-integration-names.ts';
import { subscriptions } from './008-subscriptions.ts';

/** One ordered migration set for both dialects; a migration may branch on the dialect for column types. */
export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '001-core': core(dialect),
    '002-resources': resources(dialect),
    '004-tag-dimensions': tagDimensions(dialect),
    '005-key-changes': keyChanges(dialect),
    '006-csv-imports': csvImports(dialect),
    '007-integration-names': integrationNames(dialect),
    '008-subscriptions': subscriptions(dialect),
  };
}
