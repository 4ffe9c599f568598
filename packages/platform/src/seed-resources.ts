import type { Executor } from './domain/context.ts';

/** Demo accounting data for a company (accounts, tax codes, tags, vendors, employees, expenses ready to export). */
export async function seedAccountingData(_db: Executor, _companyId: string): Promise<void> {}
