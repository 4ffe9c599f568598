import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExpense } from '../../../../domain/resources/expenses.ts';
import { createTaxCode } from '../../../../domain/resources/tax-codes.ts';
import { startTestPlatform, type TestPlatform } from '../../../../testing.ts';
import { call } from '../../security-suite.ts';

describe('tax codes (bad input and wrong state)', () => {
  let p: TestPlatform;
  let key: string;
  const valid = () => ({ companyId: p.companyA, name: 'VAT', rate: 0.25, type: 'inclusive', archived: false });
  beforeAll(async () => {
    p = await startTestPlatform();
    key = (await p.issueKey({ scopes: ['tax-codes:read', 'tax-codes:write'] })).key;
  });
  afterAll(async () => p.close());

  it('400 for a rate given as a percentage, with the field named', async () => {
    const res = await call(p, 'POST', '/v0/tax-codes', key, { ...valid(), rate: 25 });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ type: 'VALIDATION_ERROR', message: expect.stringMatching(/body\.rate must be <= 1/) });
  });

  it('400 for an unknown type, a missing name, a malformed companyId', async () => {
    expect((await call(p, 'POST', '/v0/tax-codes', key, { ...valid(), type: 'vat' })).body.message).toMatch(/body\.type/);
    const { name: _n, ...noName } = valid();
    expect((await call(p, 'POST', '/v0/tax-codes', key, noName)).body.message).toMatch(/name/);
    expect((await call(p, 'POST', '/v0/tax-codes', key, { ...valid(), companyId: 'acme' })).body.message).toMatch(/body\.companyId/);
  });

  it('400 for a :search filter of the wrong shape', async () => {
    const res = await call(p, 'POST', '/v0/tax-codes:search', key, { taxCodeIds: ['not-a-uuid'] });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/body\.taxCodeIds\.0/);
  });

  it('409 for a second tax code with the same code; 409 deleting a tax code in use', async () => {
    const t = await createTaxCode(p.database.db, p.companyA, { code: 'DUP', name: 'First', rate: 0.1, type: 'inclusive', archived: false });
    const dup = await call(p, 'POST', '/v0/tax-codes', key, { ...valid(), code: 'DUP' });
    expect(dup.status).toBe(409);
    expect(dup.body.type).toBe('TAX_CODE_ALREADY_EXISTS');
    await createExpense(p.database.db, p.companyA, { date: new Date().toISOString(), amount: 500, taxCodeId: t.id });
    const del = await call(p, 'DELETE', `/v0/tax-codes/${t.id}`, key);
    expect(del.status).toBe(409);
    expect(del.body.type).toBe('TAX_CODE_IN_USE');
  });

  it('404 for an unknown tax code', async () => {
    const res = await call(p, 'PUT', '/v0/tax-codes/00000000-0000-4000-8000-000000000000', key, valid());
    expect(res.status).toBe(404);
    expect(res.body.message).toMatch(/tax code/);
  });
});
