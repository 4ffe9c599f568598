import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SCOPE_DESCRIPTIONS } from '@latchkey/keys';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildWebIfStale } from '../packages/platform/src/api/web/build.ts';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemo } from '../packages/platform/src/seed.ts';
import { basicAuth, startTestPlatform, type TestPlatform } from '../packages/platform/src/testing.ts';
import {
  describeBrowser,
  type LaunchedBrowser,
  launchBrowser,
  platformSignIn,
  platformSignOut,
  recordUrls,
  screenshot,
  webStorageDump,
} from './browser.ts';

/**
 * The platform web app end to end, in headless Chromium: a partner signs up and submits an integration →
 * staff approve it with fewer scopes → a company admin installs it from Settings → Accounting (Allow +
 * password), copies the key from the page → the key works → regenerate with a 1-hour grace (both work) →
 * revoke the old one (401) → uninstall (new one 401). A bookkeeper is refused. CSRF, cookie flags and
 * "the key is nowhere else" are checked on the way.
 */
describeBrowser('platform web app (browser)', () => {
  let p: TestPlatform;
  let b: LaunchedBrowser;
  let page: Page;
  let connect: Server;
  let connectUrl: string;
  const connectRequests: string[] = [];
  const consoleLines: string[] = [];
  let urls: string[] = [];
  let companyId: string;
  const keys: { first?: string; second?: string; firstHint?: string } = {};
  const INTEGRATION = 'Northwind Books';

  beforeAll(async () => {
    await buildWebIfStale();
    p = await startTestPlatform();
    companyId = (await seedDemo(p.database.db)).companyId;
    connect = createServer((req, res) => {
      connectRequests.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><title>Northwind connect</title><h1>Connect Northwind Books</h1>
         <form method="post" action="${p.url}/app/api/installations" enctype="text/plain"><input name="x" value="y"><button id="forge">Go</button></form>`,
      );
    });
    await new Promise<void>((resolve) => connect.listen(0, '127.0.0.1', resolve));
    connectUrl = `http://127.0.0.1:${(connect.address() as AddressInfo).port}/latchkey/connect`;
    b = await launchBrowser({ permissions: ['clipboard-read', 'clipboard-write'], origin: p.url });
    page = b.page;
    urls = recordUrls(b.context);
    b.context.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  }, 120_000);

  afterAll(async () => {
    await b?.close();
    if (connect) {
      connect.closeAllConnections();
      await new Promise((r) => connect.close(r));
    }
    await p?.close();
  });

  const signIn = (email: string, password = DEMO_PASSWORD) => platformSignIn(page, p.url, email, password);
  const signOut = () => platformSignOut(page);

  const me = (key: string) => fetch(`${p.url}/v1/installations/me`, { headers: { authorization: basicAuth(key) } });

  /** Calls the web API from inside the page, as the app would (cookie sent by the browser). */
  const pageFetch = (path: string, init: { method: string; body?: unknown; csrf?: 'session' | 'none' | 'wrong' }) =>
    page.evaluate(
      async ({ path, init }) => {
        const session = await (await fetch('/app/api/session')).json();
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (init.csrf === 'session') headers['x-csrf-token'] = session.csrfToken;
        if (init.csrf === 'wrong') headers['x-csrf-token'] = 'not-the-token';
        const res = await fetch(`/app/api${path}`, { method: init.method, headers, body: JSON.stringify(init.body ?? {}) });
        return { status: res.status, body: await res.json() };
      },
      { path, init },
    );

  it('a partner signs up, submits the marketplace entry and sees it in review', { timeout: 60_000 }, async () => {
    await page.goto(`${p.url}/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshot(page, 'platform-login');
    await page.getByRole('link', { name: 'Request partner access' }).click();
    await page.getByLabel('Organisation').fill('Northwind Software');
    await page.getByLabel('Your name').fill('Nora North');
    await page.getByLabel('Work email').fill('nora@northwind.test');
    await page.getByLabel('Password').fill('northwind-secret-1');
    await page.getByRole('button', { name: 'Create partner account' }).click();

    await page.getByRole('heading', { name: 'New integration' }).waitFor();
    await page.getByLabel('Name').fill(INTEGRATION);
    await page.getByLabel('Description').fill('Books your expenses into Northwind ledgers nightly, with receipts and VAT.');
    await page.getByLabel('Features').fill('Nightly export\nReceipt attachments\nVAT mapping');
    await page.getByLabel('Support email').fill('help@northwind.test');
    await page.getByLabel('Support URL').fill('https://northwind.test/help');
    const scopes: [string, string][] = [
      ['export-jobs:read', 'Find export jobs'],
      ['export-jobs:write', 'Mark expenses as exported'],
      ['export-items:read', 'Read the expenses to book'],
      ['companies:read', 'Show the connected company'],
      ['vendors:write', 'Create suppliers we do not know yet'],
    ];
    for (const [scope, reason] of scopes) {
      await page.locator(`input[name="scope-${scope}"]`).check();
      await page.getByLabel(`Reason for ${scope}`).fill(reason);
    }
    await page.getByLabel('Connect URL').fill(connectUrl);
    await page.getByLabel('Webhook URL').fill('https://northwind.test/webhooks/latchkey');
    await screenshot(page, 'platform-partner-new');
    await page.getByRole('button', { name: 'Submit for review' }).click();

    const card = page.getByTestId(`partner-integration-${INTEGRATION}`);
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain('In review');
    await screenshot(page, 'platform-partner-portal');
    await signOut();
  });

  it('staff approve it from the review queue, granting fewer scopes than requested', { timeout: 60_000 }, async () => {
    await signIn(DEMO_LOGINS.staff);
    const card = page.getByTestId(`review-${INTEGRATION}`);
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain('Create suppliers we do not know yet'); // the partner's reason
    await card.locator('input[name="grant-vendors:write"]').uncheck();
    await card.getByLabel(/Reason for the partner/).fill('Eligible ERP partner; vendors:write is not needed for exports.');
    await screenshot(page, 'platform-staff-review');
    await card.getByRole('button', { name: 'Approve 4 scopes' }).click();
    await page.getByText(`${INTEGRATION} was approved`).waitFor();
    await card.waitFor({ state: 'detached' });

    await page.getByRole('link', { name: 'Audit log' }).click();
    const row = page.getByTestId('audit-row').filter({ hasText: 'Approved an integration' }).filter({ hasText: INTEGRATION });
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/127\.0\.0\.1/);
    await screenshot(page, 'platform-audit-staff');
    await signOut();

    // The partner sees the decision and the reviewer's reason.
    await signIn('nora@northwind.test', 'northwind-secret-1');
    const mine = page.getByTestId(`partner-integration-${INTEGRATION}`);
    await mine.getByTestId('review-reason').waitFor();
    await expect(mine.textContent()).resolves.toContain('vendors:write is not needed');
    await expect(mine.textContent()).resolves.toContain('Approved');
    await signOut();
  });

  it('a company admin installs it from Settings → Accounting (Allow + password) and copies the key once', { timeout: 60_000 }, async () => {
    await signIn(DEMO_LOGINS.admin);
    await page.goto(`${p.url}/settings/accounting`);
    const card = page.getByTestId(`integration-${INTEGRATION}`);
    await card.waitFor();
    await screenshot(page, 'platform-settings-accounting');
    await card.getByRole('button', { name: `Install ${INTEGRATION}` }).click();

    const dialog = page.getByTestId('install-dialog');
    await dialog.getByText(SCOPE_DESCRIPTIONS['export-items:read']).waitFor();
    const text = (await dialog.textContent()) ?? '';
    for (const s of ['export-jobs:read', 'export-jobs:write', 'companies:read'] as const) expect(text).toContain(SCOPE_DESCRIPTIONS[s]);
    expect(text).not.toContain(SCOPE_DESCRIPTIONS['vendors:write']); // not granted by staff
    await expect(dialog.getByRole('button', { name: 'Cancel' }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'platform-install-modal', { fullPage: false });
    await dialog.getByRole('button', { name: 'Allow' }).click();

    await dialog.getByLabel('Your password').fill('not-my-password');
    await dialog.getByRole('button', { name: 'Confirm and install' }).click();
    await dialog.getByText('That password is not correct').waitFor();
    await dialog.getByLabel('Your password').fill(DEMO_PASSWORD);
    await screenshot(page, 'platform-install-password', { fullPage: false });
    await dialog.getByRole('button', { name: 'Confirm and install' }).click();

    const shown = dialog.getByTestId('revealed-key');
    await shown.waitFor();
    const key = ((await shown.textContent()) ?? '').trim();
    expect(key).toMatch(/^lk_live_[0-9A-Za-z]{49}$/);
    await expect(dialog.textContent()).resolves.toContain('This is the only time this key is shown');
    const steps = await dialog.locator('ol.steps > li').allTextContents();
    expect(steps).toHaveLength(5);
    expect(steps[0]).toMatch(/Copy/);
    expect(steps[1]).toContain(`Go to ${INTEGRATION}`);
    expect(steps[2]).toMatch(/Log in/);
    expect(steps[3]).toMatch(/Paste/);
    expect(steps[4]).toMatch(/Finish/);

    await dialog.getByRole('button', { name: 'Copy' }).click();
    await dialog.getByRole('button', { name: 'Copied' }).waitFor();
    const clipboard = await page.evaluate(() => navigator.clipboard.readText());
    expect(clipboard).toBe(key);
    await screenshot(page, 'platform-key-reveal', { fullPage: false });

    const go = dialog.getByRole('link', { name: `Go to ${INTEGRATION}` });
    await expect(go.getAttribute('target')).resolves.toBe('_blank');
    const [popup] = await Promise.all([b.context.waitForEvent('page'), go.click()]);
    await popup.waitForLoadState('domcontentloaded');
    expect(popup.url()).toBe(connectUrl);
    await popup.close();

    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(key); // dropped from the page once the dialog closes
    await card.getByText('Pending integration').waitFor();
    keys.first = clipboard;
    keys.firstHint = `lk_live_…${key.slice(-4)}`;
  });

  it('the copied key works against GET /v1/installations/me, and the status follows activation', { timeout: 30_000 }, async () => {
    const key = keys.first!;
    const res = await me(key);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; resource: string };
    expect(body.status).toBe('PENDING_INTEGRATION');
    expect(body.resource).toBe(`urn:pleo:company:${companyId}`);
    const introspect = (await (await fetch(`${p.url}/v1/introspect`, { headers: { authorization: basicAuth(key) } })).json()) as {
      data: { scope: string };
    };
    expect(introspect.data.scope.split(' ').sort()).toEqual([
      'companies:read',
      'export-items:read',
      'export-jobs:read',
      'export-jobs:write',
    ]);

    await page.goto(`${p.url}/settings/api-keys`);
    const group = page.getByTestId(`installation-${INTEGRATION}`);
    await group.getByText('Pending integration').waitFor();

    expect(
      (await fetch(`${p.url}/v1/installations/me:activate`, { method: 'POST', headers: { authorization: basicAuth(key) } })).status,
    ).toBe(200);
    await page.reload();
    await group.getByText('Active', { exact: true }).first().waitFor();
    await expect(group.textContent()).resolves.toContain(keys.firstHint);
    await screenshot(page, 'platform-api-keys');
  });

  it('regenerating with a 1-hour grace shows a new key once; both keys work', { timeout: 60_000 }, async () => {
    const group = page.getByTestId(`installation-${INTEGRATION}`);
    await group.getByRole('button', { name: 'Regenerate' }).click();
    const dialog = page.getByTestId('regenerate-dialog');
    await dialog.getByLabel('1 hour').check();
    await expect(dialog.textContent()).resolves.toContain(`${keys.firstHint} keeps working until`);
    await screenshot(page, 'platform-regenerate-dialog', { fullPage: false });
    await dialog.getByRole('button', { name: 'Regenerate key' }).click();
    const shown = dialog.getByTestId('revealed-key');
    await shown.waitFor();
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await dialog.getByRole('button', { name: 'Copied' }).waitFor();
    const second = await page.evaluate(() => navigator.clipboard.readText());
    expect(second).toBe(((await shown.textContent()) ?? '').trim());
    expect(second).not.toBe(keys.first);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    keys.second = second;

    expect((await me(keys.first!)).status).toBe(200);
    expect((await me(second)).status).toBe(200);
    await group.getByText(/Expires in/).waitFor();
    expect(await group.getByTestId('key-row').count()).toBe(2);
    await screenshot(page, 'platform-api-keys-grace');
  });

  it('revoking the old key: it fails with 401 at once, the new one keeps working', { timeout: 30_000 }, async () => {
    const group = page.getByTestId(`installation-${INTEGRATION}`);
    await group.getByRole('button', { name: `Revoke key ${keys.firstHint}` }).click();
    const dialog = page.getByTestId('revoke-dialog');
    await expect(dialog.textContent()).resolves.toContain('cannot be undone');
    await screenshot(page, 'platform-revoke-dialog', { fullPage: false });
    await dialog.getByRole('button', { name: 'Revoke key' }).click();
    await page.getByText(`Key ${keys.firstHint} was revoked.`).waitFor();
    expect((await me(keys.first!)).status).toBe(401);
    expect((await me(keys.second!)).status).toBe(200);
  });

  it('uninstalling revokes the new key too, and the page shows the empty state', { timeout: 30_000 }, async () => {
    const group = page.getByTestId(`installation-${INTEGRATION}`);
    await group.getByRole('button', { name: 'Uninstall' }).click();
    const dialog = page.getByTestId('uninstall-dialog');
    await expect(dialog.textContent()).resolves.toMatch(/revoked at once/);
    await screenshot(page, 'platform-uninstall-dialog', { fullPage: false });
    await dialog.getByRole('button', { name: `Uninstall ${INTEGRATION}` }).click();
    await page.getByText(`${INTEGRATION} was uninstalled`).waitFor();
    await page.getByText('No API keys yet').waitFor();
    expect((await me(keys.second!)).status).toBe(401);
    await screenshot(page, 'platform-api-keys-empty');

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByTestId('audit-row').first().waitFor();
    const audit = (await page.locator('table').textContent()) ?? '';
    for (const what of ['Installed an integration', 'Regenerated an API key', 'Revoked an API key', 'Uninstalled an integration'])
      expect(audit).toContain(what);
    expect(audit).toContain('Adam Admin (admin@acme.test)');
    expect(audit).toContain('127.0.0.1');
    await screenshot(page, 'platform-audit');
    await signOut();
  });

  it('a bookkeeper is refused install: the modal says who can, and the API answers 403', { timeout: 60_000 }, async () => {
    await signIn(DEMO_LOGINS.bookkeeper);
    await page.goto(`${p.url}/marketplace`);
    const card = page.getByTestId(`integration-${INTEGRATION}`);
    await card.waitFor();
    await screenshot(page, 'platform-marketplace');
    // Keyboard only: focus Install, Enter opens the modal, Escape closes it and nothing is installed.
    await card.getByRole('button', { name: `Install ${INTEGRATION}` }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('install-dialog');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await card.getByRole('button', { name: `Install ${INTEGRATION}` }).click();
    const who = dialog.getByTestId('who-can-install');
    await who.waitFor();
    await expect(who.textContent()).resolves.toMatch(/Olivia Owner \(owner@acme\.test\).*Adam Admin \(admin@acme\.test\)/);
    await expect(dialog.getByRole('button', { name: 'Allow' }).count()).resolves.toBe(0);
    await screenshot(page, 'platform-install-refused', { fullPage: false });
    await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();

    const integrationId = await p.database.db
      .selectFrom('integrations')
      .select('id')
      .where('name', '=', INTEGRATION)
      .executeTakeFirstOrThrow()
      .then((r) => r.id);
    const refused = await pageFetch('/installations', {
      method: 'POST',
      body: { integrationId, password: DEMO_PASSWORD },
      csrf: 'session',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.type).toBe('INSTALL_NOT_ALLOWED');
    expect(refused.body.message).toContain('Adam Admin (admin@acme.test)');
  });

  it('CSRF: state-changing requests without the token, with a wrong one, or from another origin are refused', {
    timeout: 30_000,
  }, async () => {
    const none = await pageFetch('/session/reauth', { method: 'POST', body: { password: DEMO_PASSWORD }, csrf: 'none' });
    expect(none.status).toBe(403);
    expect(none.body.type).toBe('CSRF_TOKEN_INVALID');
    const wrong = await pageFetch('/session/reauth', { method: 'POST', body: { password: DEMO_PASSWORD }, csrf: 'wrong' });
    expect(wrong.body.type).toBe('CSRF_TOKEN_INVALID');

    // A page on another origin (same site: 127.0.0.1, another port) posts a form at the web API.
    const other = await b.context.newPage();
    await other.goto(connectUrl);
    await Promise.all([other.waitForURL(`${p.url}/app/api/installations`), other.locator('#forge').click()]);
    await expect(other.textContent('body')).resolves.toContain('CSRF_ORIGIN_REFUSED');
    await other.close();
  });

  it('the session cookie is HttpOnly and SameSite=Strict, and invisible to scripts', async () => {
    const cookies = await b.context.cookies(p.url);
    const session = cookies.find((c) => c.name === 'latchkey_session');
    expect(session).toBeDefined();
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Strict');
    expect(session?.secure).toBe(false); // plain http here; https public URLs get Secure (API tests)
    await expect(page.evaluate(() => document.cookie)).resolves.not.toContain('latchkey_session');
    const csp = (await fetch(`${p.url}/settings/api-keys`)).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(consoleLines.filter((l) => /Content Security Policy|Refused to/i.test(l))).toEqual([]);
  });

  it('afterwards the keys appear in no URL, no web storage, no console line, no server log and not in the database file', async () => {
    const all = [keys.first!, keys.second!];
    expect(all.every(Boolean)).toBe(true);
    const storage = await webStorageDump(page);
    const logs = p.logs.join('\n');
    expect(p.logs.length).toBeGreaterThan(10);
    for (const key of all) {
      expect(urls.filter((u) => u.includes(key))).toEqual([]);
      expect(connectRequests.filter((u) => u.includes(key))).toEqual([]);
      expect(storage).not.toContain(key);
      expect(consoleLines.filter((l) => l.includes(key))).toEqual([]);
      expect(logs).not.toContain(key);
    }
    if (p.dataDir) {
      const files = readdirSync(p.dataDir).map((f) => readFileSync(join(p.dataDir!, f)).toString('latin1'));
      expect(files.length).toBeGreaterThan(0);
      for (const key of all) for (const content of files) expect(content).not.toContain(key);
    }
  });
});
