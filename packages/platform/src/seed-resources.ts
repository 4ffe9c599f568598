import type { Executor } from './domain/context.ts';
import { createAccount } from './domain/resources/accounts.ts';
import { createEmployee } from './domain/resources/employees.ts';
import { createExpenses, type NewExpense } from './domain/resources/expenses.ts';
import { createExportJob } from './domain/resources/export-jobs.ts';
import { createGroupDimension, createTagDimensionValue } from './domain/resources/tag-dimensions.ts';
import { createTag, createTagGroup } from './domain/resources/tags.ts';
import { createTaxCode } from './domain/resources/tax-codes.ts';
import {
  acceptUpload,
  createCsvImportJob,
  createUploadUrl,
  leaseNextCsvImport,
  runCsvImportJob,
  runLeasedImport,
} from './domain/resources/vendor-csv-imports.ts';
import { createVendor } from './domain/resources/vendors.ts';

const STANDARD_VAT: Record<string, number> = { DK: 0.25, SE: 0.25, NO: 0.25, DE: 0.19, GB: 0.2, FR: 0.2, ES: 0.21, IE: 0.23, NL: 0.21 };
const REDUCED_VAT: Record<string, number> = { DE: 0.07, GB: 0.05, FR: 0.1, SE: 0.12, ES: 0.1, IE: 0.135, NL: 0.09 };

const EXTRA_PEOPLE = [
  { firstName: 'Mads', lastName: 'Madsen', jobTitle: 'Account Executive', code: 'E-104' },
  { firstName: 'Sofia', lastName: 'Lind', jobTitle: 'Software Engineer', code: 'E-105' },
  { firstName: 'Jonas', lastName: 'Berg', jobTitle: 'Marketing Manager', code: 'E-106' },
  { firstName: 'Ida', lastName: 'Holm', jobTitle: 'Office Manager', code: 'E-107' },
  { firstName: 'Karl', lastName: 'Vogel', jobTitle: 'Head of Sales', code: 'E-108' },
  { firstName: 'Lea', lastName: 'Winther', jobTitle: 'Designer', code: 'E-109' },
];

/**
 * Demo accounting data for a company: a chart of accounts, tax codes, two tag groups with tags and ERP dimensions, vendors,
 * a finished vendor CSV import, six employees (the company's users first), a dozen expenses ready to export and one pending export job
 * holding most of them, so the connector's export worker has work as soon as it connects.
 */
export async function seedAccountingData(db: Executor, companyId: string): Promise<void> {
  const company = await db
    .selectFrom('companies')
    .select(['country_code', 'currency', 'name'])
    .where('id', '=', companyId)
    .executeTakeFirstOrThrow();
  const country = company.country_code;
  const currency = company.currency;
  const domain = `${company.name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.test`;

  // Employees: the company's platform users, then colleagues without a login, six in all.
  const users = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role'])
    .where('company_id', '=', companyId)
    .orderBy('created_at')
    .execute();
  const employees: string[] = [];
  let code = 101;
  for (const u of users.slice(0, 6)) {
    const [firstName, ...rest] = u.name.split(' ');
    const e = await createEmployee(db, companyId, {
      email: u.email,
      firstName: firstName ?? u.name,
      lastName: rest.join(' ') || '-',
      jobTitle: u.role === 'owner' ? 'CEO' : u.role === 'admin' ? 'Operations Lead' : u.role === 'bookkeeper' ? 'Bookkeeper' : null,
      code: `E-${code++}`,
      userId: u.id,
    });
    employees.push(e.id);
  }
  for (const p of EXTRA_PEOPLE.slice(0, Math.max(0, 6 - employees.length))) {
    const e = await createEmployee(db, companyId, { ...p, email: `${p.firstName.toLowerCase()}@${domain}`, phone: '+45 70 00 00 00' });
    employees.push(e.id);
  }

  // Tax codes.
  const standard = STANDARD_VAT[country] ?? 0.2;
  const reduced = REDUCED_VAT[country] ?? standard / 2;
  const taxStandard = await createTaxCode(db, companyId, {
    code: 'S',
    name: `Standard VAT (${Math.round(standard * 100)} %)`,
    rate: standard,
    type: 'inclusive',
    archived: false,
  });
  const taxReduced = await createTaxCode(db, companyId, {
    code: 'R',
    name: `Reduced VAT (${Math.round(reduced * 1000) / 10} %)`,
    rate: reduced,
    type: 'inclusive',
    archived: false,
  });
  const taxZero = await createTaxCode(db, companyId, { code: 'Z', name: 'No VAT (0 %)', rate: 0, type: 'inclusive', archived: false });
  const taxReverse = await createTaxCode(db, companyId, {
    code: 'RC',
    name: `Reverse charge EU (${Math.round(standard * 100)} %)`,
    rate: standard,
    type: 'reverse',
    archived: false,
    ingoingTaxAccount: '6910',
    outgoingTaxAccount: '6920',
  });

  // Chart of accounts.
  const chart: Array<[string, string, string | null, boolean?]> = [
    ['2700', 'Travel', 'S'],
    ['2710', 'Hotels and accommodation', 'R'],
    ['2720', 'Meals and entertainment', 'S'],
    ['2730', 'Office supplies', 'S'],
    ['2740', 'Software and subscriptions', 'RC'],
    ['2750', 'Phone and internet', 'S'],
    ['2760', 'Marketing and advertising', 'RC'],
    ['2770', 'Training and conferences', 'S'],
    ['2780', 'Bank charges', 'Z'],
    ['2790', 'Other expenses', 'S'],
    ['2799', 'Old miscellaneous (do not use)', null, true],
  ];
  const accounts: Record<string, string> = {};
  for (const [number, name, tax, archived] of chart) {
    const { account } = await createAccount(db, companyId, {
      externalId: number,
      code: number,
      name,
      archived: !!archived,
      taxCodeExternalId: tax,
    });
    accounts[number] = account.id;
  }

  // Tags.
  const departments = await createTagGroup(db, companyId, {
    code: 'DEPT',
    name: 'Departments',
    archived: false,
    metadata: { dimension: 'department' },
  });
  const projects = await createTagGroup(db, companyId, { code: 'PROJ', name: 'Projects', archived: false, metadata: {} });
  const tag: Record<string, string> = {};
  for (const [c, n] of [
    ['SALES', 'Sales'],
    ['ENG', 'Engineering'],
    ['MKT', 'Marketing'],
    ['FIN', 'Finance'],
  ] as const) {
    tag[c] = (await createTag(db, companyId, departments.id, { code: c, name: n, archived: false })).id;
  }
  for (const [c, n] of [
    ['P-100', 'Website relaunch'],
    ['P-200', 'Nordic expansion'],
    ['P-300', 'Customer summit'],
  ] as const) {
    tag[c] = (await createTag(db, companyId, projects.id, { code: c, name: n, archived: false })).id;
  }
  await createTag(db, companyId, projects.id, { code: 'P-050', name: 'Office move 2024', archived: true });
  // ERP dimensions of the tag groups, and each tag's value for them.
  const costCentre = await createGroupDimension(db, companyId, departments.id, {
    code: 'COST_CENTRE',
    name: 'Cost centre',
    displayOrder: 1,
    visible: true,
  });
  const region = await createGroupDimension(db, companyId, departments.id, {
    code: 'REGION',
    name: 'Region',
    displayOrder: 2,
    visible: false,
  });
  const erpProject = await createGroupDimension(db, companyId, projects.id, {
    code: 'ERP_PROJECT',
    name: 'ERP project number',
    displayOrder: 1,
    visible: true,
  });
  for (const [c, cc, r] of [
    ['SALES', 'CC-100', 'Nordics'],
    ['ENG', 'CC-200', 'Global'],
    ['MKT', 'CC-300', 'Nordics'],
    ['FIN', 'CC-400', 'Global'],
  ] as const) {
    await createTagDimensionValue(db, companyId, tag[c] as string, costCentre.id, cc);
    await createTagDimensionValue(db, companyId, tag[c] as string, region.id, r);
  }
  for (const [c, n] of [
    ['P-100', '7001'],
    ['P-200', '7002'],
    ['P-300', '7003'],
  ] as const) {
    await createTagDimensionValue(db, companyId, tag[c] as string, erpProject.id, n);
  }

  // Vendors.
  const vendor = async (name: string, cur: string, ctry: string, externalId: string | null, extra: Record<string, string> = {}) =>
    (await createVendor(db, companyId, { name, defaultCurrency: cur, country: ctry, externalId, code: externalId, ...extra })).id;
  const google = await vendor('Google Ireland Ltd', 'EUR', 'IE', 'V-2001', { taxRegistrationNumber: 'IE6388047V' });
  const aws = await vendor('Amazon Web Services EMEA SARL', 'EUR', 'LU', 'V-2002', { taxRegistrationNumber: 'LU26888617' });
  const sas = await vendor('SAS Scandinavian Airlines', 'DKK', 'DK', 'V-2003');
  const staples = await vendor('Office Depot', currency, country, 'V-2004');
  await vendor('Café Norden', currency, country, null);
  await seedVendorImport(db, companyId, currency);

  // Expenses: 12 ready to export, 2 still missing a receipt.
  const day = 86_400_000;
  const at = (daysAgo: number, hour = 10) => new Date(Math.floor(Date.now() / day) * day - daysAgo * day + hour * 3_600_000).toISOString();
  const eurRate = currency === 'EUR' ? 1 : 7.46;
  const eur = (cents: number) => ({ supplierAmount: cents, supplierCurrency: 'EUR', amount: Math.round(cents * eurRate) });
  const local = (cents: number) => ({ amount: cents });
  const receipt = (n: number) => [
    { size: 48_213 + n, type: 'application/pdf', url: `https://receipts.latchkey.test/${companyId}/${n}.pdf` },
  ];
  const e = employees;
  const spendBase: NewExpense[] = [
    {
      ...eur(1_199),
      date: at(21),
      employeeId: e[0],
      supplierName: 'GOOGLE*WORKSPACE',
      supplierCountry: 'IE',
      supplierCategoryCode: '5734',
      accountId: accounts['2740'],
      taxCodeId: taxReverse.id,
      vendorId: google,
      tagIds: [tag.ENG as string],
      note: 'Workspace licences',
    },
    {
      ...eur(24_730),
      date: at(19),
      employeeId: e[1],
      supplierName: 'AWS EMEA',
      supplierCountry: 'LU',
      supplierCategoryCode: '7372',
      accountId: accounts['2740'],
      taxCodeId: taxReverse.id,
      vendorId: aws,
      tagIds: [tag.ENG as string, tag['P-100'] as string],
    },
    {
      ...local(389_500),
      date: at(17),
      employeeId: e[3],
      supplierName: 'SAS',
      supplierCountry: 'DK',
      supplierCategoryCode: '3007',
      accountId: accounts['2700'],
      taxCodeId: taxZero.id,
      vendorId: sas,
      tagIds: [tag.SALES as string, tag['P-200'] as string],
      note: 'CPH–OSL customer visit',
    },
    {
      ...local(142_000),
      date: at(16),
      employeeId: e[3],
      supplierName: 'Hotel Continental Oslo',
      supplierCountry: 'NO',
      supplierCategoryCode: '7011',
      accountId: accounts['2710'],
      taxCodeId: taxReduced.id,
      tagIds: [tag.SALES as string, tag['P-200'] as string],
    },
    {
      ...local(86_450),
      date: at(15, 19),
      employeeId: e[0],
      supplierName: 'Restaurant Kødbyen',
      supplierCountry: country,
      supplierCategoryCode: '5812',
      accountId: accounts['2720'],
      taxCodeId: taxStandard.id,
      tagIds: [tag.SALES as string],
      note: 'Dinner with Globex team',
    },
    {
      ...local(12_995),
      date: at(13),
      employeeId: e[5],
      supplierName: 'Office Depot',
      supplierCountry: country,
      supplierCategoryCode: '5111',
      accountId: accounts['2730'],
      taxCodeId: taxStandard.id,
      vendorId: staples,
      tagIds: [tag.FIN as string],
    },
    {
      ...local(29_900),
      date: at(11),
      employeeId: e[2],
      supplierName: 'Telia',
      supplierCountry: country,
      supplierCategoryCode: '4814',
      accountId: accounts['2750'],
      taxCodeId: taxStandard.id,
      tagIds: [tag.FIN as string],
    },
    {
      ...eur(50_000),
      date: at(9),
      employeeId: e[4],
      supplierName: 'FACEBK *ADS',
      supplierCountry: 'IE',
      supplierCategoryCode: '7311',
      accountId: accounts['2760'],
      taxCodeId: taxReverse.id,
      tagIds: [tag.MKT as string, tag['P-100'] as string],
    },
    {
      ...local(249_000),
      date: at(7),
      employeeId: e[1],
      type: 'out_of_pocket',
      supplierName: 'Nordic Tech Summit',
      supplierCountry: country,
      supplierCategoryCode: '8299',
      accountId: accounts['2770'],
      taxCodeId: taxStandard.id,
      tagIds: [tag.ENG as string, tag['P-300'] as string],
    },
    {
      ...local(4_500),
      date: at(5),
      employeeId: e[2],
      type: 'fee',
      supplierName: 'Pleo',
      accountId: accounts['2780'],
      taxCodeId: taxZero.id,
      tagIds: [],
    },
    {
      ...local(6_450),
      date: at(3, 12),
      employeeId: e[5],
      supplierName: 'Café Norden',
      supplierCountry: country,
      supplierCategoryCode: '5814',
      accountId: accounts['2720'],
      taxCodeId: taxStandard.id,
      tagIds: [tag.FIN as string],
      note: 'Team lunch',
    },
    {
      ...local(15_600),
      date: at(2),
      employeeId: e[4],
      type: 'mileage',
      supplierName: null,
      accountId: accounts['2700'],
      taxCodeId: taxZero.id,
      tagIds: [tag.SALES as string],
      note: '52 km customer visit',
    },
  ];
  const spend = spendBase.map((x, i) => ({ ...x, files: x.type === 'mileage' ? [] : receipt(i) }));
  const pendingReceipt: NewExpense[] = [
    {
      ...local(3_200),
      date: at(1),
      employeeId: e[3] ?? null,
      supplierName: '7-Eleven',
      supplierCountry: country,
      supplierCategoryCode: '5499',
      exportStatus: 'not_ready',
    },
    {
      ...local(18_900),
      date: at(0, 8),
      employeeId: e[1] ?? null,
      supplierName: 'Uber',
      supplierCountry: country,
      supplierCategoryCode: '4121',
      exportStatus: 'not_ready',
    },
  ];
  const ready = await createExpenses(db, companyId, spend);
  await createExpenses(db, companyId, pendingReceipt);

  // One pending export job with the first eight; the last four stay ready for the next one.
  await createExportJob(db, companyId, {
    accountingEntryIds: ready.slice(0, 8),
    employeeId: employees[employees.length - 1] ?? null,
    isInteractive: true,
  });
}

/**
 * A finished vendor CSV import (DATEV-style columns, mapped in the job's metadata): two vendors imported, one
 * that exists skipped, one row refused — what `GET /v1/vendors/csv-import/jobs/{id}` and `…/errors` show.
 */
async function seedVendorImport(db: Executor, companyId: string, currency: string): Promise<void> {
  const file = [
    'Konto;Name;USt-IdNr.;Land',
    'V-3001;Nordic Paper AB;SE556677889901;SE',
    'V-3002;Fjord Catering AS;;NO',
    'V-2001;Google Ireland Ltd;IE6388047V;IE',
    'V-3003;;;DK',
  ].join('\n');
  const job = await createCsvImportJob(db, companyId, {
    type: 'vendors',
    originalFilename: 'kreditoren.csv',
    metadata: {
      columnMapping: { Konto: 'externalId', Name: 'name', 'USt-IdNr.': 'taxRegistrationNumber', Land: 'country' },
      defaults: { defaultCurrency: currency },
    },
  });
  const { presignedUrl } = await createUploadUrl(db, companyId, job.id, 'http://127.0.0.1');
  const token = new URL(presignedUrl).searchParams.get('token') ?? '';
  await acceptUpload(db, job.id, token, { contentType: 'text/csv', body: Buffer.from(file) });
  await runCsvImportJob(db, companyId, job.id);
  if (await leaseNextCsvImport(db, 'seed', 60_000, job.id)) await runLeasedImport(db, job.id, 'seed', { batchSize: 100, leaseMs: 60_000 });
}
