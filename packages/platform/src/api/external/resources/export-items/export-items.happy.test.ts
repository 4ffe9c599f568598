import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../../../domain/resources/accounts.ts';
import { createEmployee } from '../../../../domain/resources/employees.ts';
import { createExpense } from '../../../../domain/resources/expenses.ts';
import { createExportJob } from '../../../../domain/resources/export-jobs.ts';
import { createTag, createTagGroup } from '../../../../domain/resources/tags.ts';
import { createTaxCode } from '../../../../domain/resources/tax-codes.ts';
import { createVendor } from '../../../../domain/resources/vendors.ts';
import { startTestPlatform, type TestPlatform } from '../../../../testing.ts';
import { call } from '../../security-suite.ts';
import { makeWorld } from '../test-fixtures.ts';

describe('export items (happy paths)', () => {
  let p: TestPlatform;
  let key: string;
  beforeAll(async () => {
    p = await startTestPlatform();
    key = (await p.issueKey({ scopes: ['export-items:read'] })).key;
  });
  afterAll(async () => p.close());

  it('an expense becomes an ExportItemV3: line with account, tax split, tags; amounts in both currencies; user, vendor, supplier, links', async () => {
    const db = p.database.db;
    const company = p.companyA;
    const { account } = await createAccount(db, company, { externalId: 'ERP-2740', code: '2740', name: 'Software', archived: false });
    const tax = await createTaxCode(db, company, {
      code: 'S',
      name: 'VAT 25 %',
      rate: 0.25,
      type: 'inclusive',
      archived: false,
      ingoingTaxAccount: '6910',
    });
    const group = await createTagGroup(db, company, { code: 'DEPT', name: 'Departments', archived: false });
    const tag = await createTag(db, company, group.id, { code: 'ENG', name: 'Engineering', archived: false });
    const vendor = await createVendor(db, company, {
      name: 'Google Ireland Ltd',
      defaultCurrency: 'EUR',
      country: 'IE',
      externalId: 'V-1',
      code: 'V-1',
    });
    const employee = await createEmployee(db, company, { email: 'ana@acme.test', firstName: 'Ana', lastName: 'Andersen', code: 'E-1' });
    const expenseId = await createExpense(db, company, {
      date: '2025-03-01T10:00:00.000Z',
      amount: 12_500,
      supplierAmount: 1_676,
      supplierCurrency: 'EUR',
      supplierName: 'GOOGLE*WORKSPACE',
      supplierCountry: 'IE',
      supplierCategoryCode: '5734',
      note: 'Licences',
      employeeId: employee.id,
      accountId: account.id,
      taxCodeId: tax.id,
      vendorId: vendor.id,
      tagIds: [tag.id],
      files: [{ size: 1234, type: 'application/pdf', url: 'https://files.test/r.pdf' }],
    });
    const job = await createExportJob(db, company, { accountingEntryIds: [expenseId] });

    const res = await call(p, 'GET', `/v3/export-items?job_id=${job.id}`, key);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      {
        _links: { api: { exportItem: `${p.url}/v3/export-items/${expenseId}` } },
        accountingEntryId: expenseId,
        accountingEntryLines: [
          {
            accountingEntryLineId: expect.any(String),
            account: { id: account.id, name: 'Software', code: '2740', identifier: 'ERP-2740' },
            lineAmount: { inSupplierCurrency: { currency: 'EUR', value: 1676 }, inWalletCurrency: { currency: 'DKK', value: 12500 } },
            netAmount: { inSupplierCurrency: { currency: 'EUR', value: 1341 }, inWalletCurrency: { currency: 'DKK', value: 10000 } },
            tags: [{ id: tag.id, code: 'ENG', groupCode: 'DEPT' }],
            tax: {
              id: tax.id,
              code: 'S',
              rate: 0.25,
              type: 'inclusive',
              amount: { inSupplierCurrency: { currency: 'EUR', value: 335 }, inWalletCurrency: { currency: 'DKK', value: 2500 } },
              ingoingTaxAccount: '6910',
            },
          },
        ],
        additionalInformation: { reconciliationId: expect.stringMatching(/^PL[0-9A-F]{10}$/) },
        amount: { inSupplierCurrency: { currency: 'EUR', value: 1676 }, inWalletCurrency: { currency: 'DKK', value: 12500 } },
        bookkeeping: { method: 'accounts_payable' },
        companyId: company,
        date: '2025-03-01T10:00:00.000Z',
        files: [{ size: 1234, type: 'application/pdf', url: 'https://files.test/r.pdf' }],
        note: 'Licences',
        supplier: { name: 'GOOGLE*WORKSPACE', country: 'IE', categoryCode: '5734' },
        type: 'card_purchase',
        user: { id: employee.id, name: 'Ana Andersen', code: 'E-1' },
        vendor: { id: vendor.id, name: 'Google Ireland Ltd', defaultCurrency: 'EUR', country: 'IE', externalId: 'V-1', code: 'V-1' },
      },
    ]);
    const one = await call(p, 'GET', `/v3/export-items/${expenseId}`, key);
    expect(one.body).toEqual({ data: res.body.data[0] });
  });

  it('without job_id: the items of the company’s running job, paginated; a bare expense has null account/tax/user/vendor', async () => {
    const p2 = await startTestPlatform();
    try {
      const k = (await p2.issueKey({ scopes: ['export-items:read'] })).key;
      const w = await makeWorld(p2, p2.companyA);
      await makeWorld(p2, p2.companyB);
      const page1 = await call(p2, 'GET', '/v3/export-items?limit=5', k);
      expect(page1.status).toBe(200);
      expect(page1.body.pagination).toMatchObject({ total: 8, hasNextPage: true });
      const page2 = await call(p2, 'GET', `/v3/export-items?limit=5&after=${page1.body.pagination.endCursor}`, k);
      const all = [...page1.body.data, ...page2.body.data];
      expect(all).toHaveLength(8);
      expect(all.every((i: { companyId: string }) => i.companyId === p2.companyA)).toBe(true);
      expect(all.map((i: { accountingEntryId: string }) => i.accountingEntryId)).toContain(w.jobExpenseId);

      const bare = await createExpense(p2.database.db, p2.companyA, {
        date: '2025-01-01T00:00:00.000Z',
        amount: 100,
        exportStatus: 'not_ready',
      });
      const item = (await call(p2, 'GET', `/v3/export-items/${bare}`, k)).body.data;
      expect(item).toMatchObject({ user: null, vendor: null, bookkeeping: { method: 'none' }, files: [], note: null });
      expect(item.accountingEntryLines[0]).toMatchObject({
        account: null,
        tax: null,
        tags: [],
        netAmount: { inWalletCurrency: { value: 100 } },
      });
    } finally {
      await p2.close();
    }
  });
});
