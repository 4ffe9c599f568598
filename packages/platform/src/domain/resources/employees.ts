import { paginate } from '../../db/paginate.ts';
import type { Employee } from '../../db/resources-schema.ts';
import { nowIso } from '../../util/ids.ts';
import type { Executor } from '../context.ts';
import { invalid, notFound } from '../errors.ts';
import { compact, echo, type PageRequest, timeOrderedId } from './common.ts';

/** Pleo's ExternalEmployeeResponseModel. */
export interface EmployeeModel {
  id: string;
  companyId: string;
  email: string;
  firstName: string;
  lastName: string;
  code?: string;
  jobTitle?: string;
  phone?: string;
}

export function toEmployeeModel(row: Employee): EmployeeModel {
  return compact({
    id: row.id,
    companyId: row.company_id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    code: row.code ?? undefined,
    jobTitle: row.job_title ?? undefined,
    phone: row.phone ?? undefined,
  });
}

export interface NewEmployee {
  email: string;
  firstName: string;
  lastName: string;
  code?: string | null;
  jobTitle?: string | null;
  phone?: string | null;
  userId?: string | null;
}

/** Adds an employee to a company (the seed and tests; Pleo has no external endpoint for it). */
export async function createEmployee(db: Executor, companyId: string, input: NewEmployee): Promise<EmployeeModel> {
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw invalid('email must be an email address');
  const at = nowIso();
  const row: Employee = {
    id: timeOrderedId(),
    company_id: companyId,
    user_id: input.userId ?? null,
    email,
    first_name: input.firstName,
    last_name: input.lastName,
    code: input.code ?? null,
    job_title: input.jobTitle ?? null,
    phone: input.phone ?? null,
    created_at: at,
    updated_at: at,
  };
  await db.insertInto('employees').values(row).execute();
  return toEmployeeModel(row);
}

export interface EmployeeFilter {
  email?: string;
  code?: string;
}

export async function listEmployees(db: Executor, companyId: string, filter: EmployeeFilter, page: PageRequest) {
  let q = db.selectFrom('employees').selectAll().where('company_id', '=', companyId);
  if (filter.email) q = q.where('email', '=', filter.email.trim().toLowerCase());
  if (filter.code) q = q.where('code', '=', filter.code);
  const result = await paginate(q, 'id', page, echo({ companyId, email: filter.email, code: filter.code }));
  return { data: result.data.map(toEmployeeModel), pagination: result.pagination };
}

export async function getEmployee(db: Executor, companyId: string, employeeId: string): Promise<EmployeeModel> {
  const row = await db
    .selectFrom('employees')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('id', '=', employeeId)
    .executeTakeFirst();
  if (!row) throw notFound(`employee ${employeeId} not found`);
  return toEmployeeModel(row);
}
