import { paginate } from '../../db/paginate.ts';
import type { Company } from '../../db/schema.ts';
import { parseJson } from '../../util/ids.ts';
import type { Executor } from '../context.ts';
import { notFound } from '../errors.ts';
import { assertCompany, compact, type PageRequest } from './common.ts';

/** Pleo's ExternalCompanyResponseModel. */
export interface CompanyModel {
  id: string;
  name: string;
  address: { addressLine1?: string; addressLine2?: string; country?: string; locality?: string; postalCode?: string; region?: string };
  registrationNumber?: string;
}

const ADDRESS_FIELDS = ['addressLine1', 'addressLine2', 'country', 'locality', 'postalCode', 'region'] as const;

export function toCompanyModel(row: Company): CompanyModel {
  const raw = parseJson<Record<string, unknown>>(row.address, {});
  const address: CompanyModel['address'] = {};
  for (const f of ADDRESS_FIELDS) if (typeof raw[f] === 'string') address[f] = raw[f] as string;
  if (!address.country) address.country = row.country_code;
  return compact({ id: row.id, name: row.name, address, registrationNumber: row.registration_number ?? undefined });
}

/** The key's own company; any other id is "not found". */
export async function getCompany(db: Executor, keyCompanyId: string, companyId: string): Promise<CompanyModel> {
  assertCompany(keyCompanyId, companyId);
  const row = await db.selectFrom('companies').selectAll().where('id', '=', keyCompanyId).executeTakeFirst();
  if (!row) throw notFound(`company ${companyId} not found`);
  return toCompanyModel(row);
}

/** `GET /v1/companies`: a key sees exactly its own company. */
export async function listCompanies(db: Executor, keyCompanyId: string, page: PageRequest) {
  const q = db.selectFrom('companies').selectAll().where('id', '=', keyCompanyId);
  const result = await paginate(q, 'id', page, {});
  return { data: result.data.map(toCompanyModel), pagination: result.pagination };
}
