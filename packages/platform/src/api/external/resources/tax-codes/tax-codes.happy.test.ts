import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTaxCode } from '../../../../domain/resources/tax-codes.ts';
import { startTestPlatform, type TestPlatform } from '../../../../testing.ts';
import { call } from '../../security-suite.ts';

describe('tax codes (happy paths)', () => {
  let p: TestPlatform;
  let key: string;
  beforeAll(async () => {
    p = await startTestPlatform();
    key = (await p.issueKey({ scopes: ['tax-codes:read', 'tax-codes:write'] })).key;
  });
  afterAll(async () => p.close());

  it('POST creates a tax code shaped like TaxCodeModel; GET returns it', async () => {
    const res = await call(p, 'POST', '/v0/tax-codes', key, {
      companyId: p.companyA,
      name: 'Standardmoms (25 %)',
      code: '01',
      rate: 0.25,
      type: 'inclusive',
      archived: false,
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      data: {
        id: expect.any(String),
        companyId: p.companyA,
        name: 'Standardmoms (25 %)',
        code: '01',
        rate: 0.25,
        type: 'inclusive',
        archived: false,
        ingoingTaxAccount: null,
        outgoingTaxAccount: null,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        updatedAt: expect.any(String),
      },
    });
    expect((await call(p, 'GET', `/v0/tax-codes/${res.body.data.id}`, key)).body).toEqual(res.body);
  });

  it('PUT replaces its fields (reverse charge with tax accounts)', async () => {
    const t = await createTaxCode(p.database.db, p.companyA, { name: 'EU services', rate: 0.25, type: 'inclusive', archived: false });
    const res = await call(p, 'PUT', `/v0/tax-codes/${t.id}`, key, {
      companyId: p.companyA,
      name: 'EU services (reverse)',
      rate: 0.2,
      type: 'reverse',
      archived: false,
      ingoingTaxAccount: '6910',
      outgoingTaxAccount: '6920',
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      id: t.id,
      name: 'EU services (reverse)',
      rate: 0.2,
      type: 'reverse',
      ingoingTaxAccount: '6910',
      outgoingTaxAccount: '6920',
    });
    expect(res.body.data.createdAt).toBe(t.createdAt);
  });

  it(':search lists the company’s tax codes, filtered by type, archived and ids; the body is optional', async () => {
    const db = p.database.db;
    const zero = await createTaxCode(db, p.companyA, { name: 'Zero', rate: 0, type: 'exclusive', archived: false });
    const old = await createTaxCode(db, p.companyA, { name: 'Old', rate: 0.22, type: 'inclusive', archived: true });
    await createTaxCode(db, p.companyB, { name: 'Other company', rate: 0.19, type: 'exclusive', archived: false });
    const all = await call(p, 'POST', `/v0/tax-codes:search?company_id=${p.companyA}`, key);
    expect(all.status).toBe(200);
    expect(all.body.data.every((t: { companyId: string }) => t.companyId === p.companyA)).toBe(true);
    expect(all.body.pagination.currentRequestPagination.parameters).toEqual({ company_id: [p.companyA] });
    const ids = async (body: object) =>
      (await call(p, 'POST', '/v0/tax-codes:search', key, body)).body.data.map((t: { id: string }) => t.id);
    expect(await ids({ type: 'exclusive' })).toEqual([zero.id]);
    expect(await ids({ archived: true })).toEqual([old.id]);
    expect(await ids({ taxCodeIds: [zero.id, old.id] })).toEqual([zero.id, old.id]);
  });

  it('DELETE removes an unused tax code', async () => {
    const t = await createTaxCode(p.database.db, p.companyA, { name: 'Temp', rate: 0.1, type: 'inclusive', archived: false });
    expect((await call(p, 'DELETE', `/v0/tax-codes/${t.id}`, key)).status).toBe(204);
    expect((await call(p, 'GET', `/v0/tax-codes/${t.id}`, key)).status).toBe(404);
  });
});
