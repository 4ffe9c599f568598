/** Pleo's published API scopes (developers.pleo.io, API scopes page). */
export const SCOPES = [
  'accounts:read',
  'accounts:write',
  'companies:read',
  'export-items:read',
  'export-jobs:read',
  'export-jobs:write',
  'tag-groups:read',
  'tag-groups:write',
  'tax-codes:read',
  'tax-codes:write',
  'users:read',
  'vendors:read',
  'vendors:write',
] as const;
export type Scope = (typeof SCOPES)[number];

/** Plain-language description of each scope, shown in the install modal. */
export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  'accounts:read': 'See your chart of accounts',
  'accounts:write': 'Create and change accounts in your chart of accounts',
  'companies:read': 'See your company profile (name, address, registration number)',
  'export-items:read': 'See expenses that are ready to export, with receipts and amounts',
  'export-jobs:read': 'See export jobs and their progress',
  'export-jobs:write': 'Run export jobs and mark expenses as exported',
  'tag-groups:read': 'See your tag groups and tags',
  'tag-groups:write': 'Create and change tag groups and tags',
  'tax-codes:read': 'See your tax codes',
  'tax-codes:write': 'Create and change tax codes',
  'users:read': 'See the people in your company (names, emails)',
  'vendors:read': 'See your vendors',
  'vendors:write': 'Create, change and archive vendors',
};

const SCOPE_SET: ReadonlySet<string> = new Set(SCOPES);
const GRAMMAR = /^[a-z][a-z-]*:(read|write)$/;

export function isScope(value: string): value is Scope {
  return SCOPE_SET.has(value);
}

/** `resource:action` grammar check, independent of the known list. */
export function isWellFormedScope(value: string): boolean {
  return GRAMMAR.test(value);
}

/** Parses a space- or comma-separated scope string; throws naming the first unknown scope. */
export function parseScopes(text: string): Scope[] {
  const out: Scope[] = [];
  for (const part of text.split(/[\s,]+/)) {
    if (!part) continue;
    if (!isScope(part)) throw new Error(`unknown scope "${part}"`);
    if (!out.includes(part)) out.push(part);
  }
  return out;
}

/** The scopes in `required` that `granted` does not hold (exact match; write does not imply read, as in Pleo). */
export function missingScopes(granted: Iterable<string>, required: Iterable<string>): string[] {
  const have = granted instanceof Set ? (granted as Set<string>) : new Set(granted);
  const missing: string[] = [];
  for (const scope of required) if (!have.has(scope)) missing.push(scope);
  return missing;
}

export function hasScopes(granted: Iterable<string>, required: Iterable<string>): boolean {
  return missingScopes(granted, required).length === 0;
}

/** Sorts scopes in the canonical list order and removes duplicates. */
export function normalizeScopes(scopes: Iterable<string>): Scope[] {
  const set = new Set(scopes);
  return SCOPES.filter((s) => set.has(s));
}
