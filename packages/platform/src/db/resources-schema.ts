/**
 * Accounting resources served by the external API (employees, chart of accounts, tax codes, tags,
 * vendors, export jobs and items). Owned by the resources migration (002).
 */
// biome-ignore lint/complexity/noBannedTypes: filled in by the resources migration
export type ResourceTables = {};
