import { CLI_ACTOR } from '@latchkey/platform/domain/context.ts';
import { startTestPlatform, type TestPlatform } from '@latchkey/platform/testing.ts';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { buildWebIfStale } from '../packages/connector/src/app/build.ts';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../packages/connector/src/app/test-support.ts';
import { FaultProxy } from '../packages/connector/src/testing/fault-proxy.ts';
import { describeBrowser, type LaunchedBrowser, launchBrowser, recordUrls, screenshot, webStorageDump } from './browser.ts';

/** Nothing listens on the discard port (and, unlike a released ephemeral port, no server started later can take it). */
const CLOSED_PORT = 'http://127.0.0.1:9';

/**
 * The connector's connect screen in headless Chromium against a real platform: sign in (and come back
 * to /connect), every error class with its own message and nothing stored, a key pasted with
 * surrounding whitespace → Connected to the right company (installation ACTIVATED on the platform),
 * Test again, wrong company on Replace, Replace keeps the connection, a regenerate webhook flips it to
 * "needs a new key" and pasting the new key reconnects the same connection, the operators' overview,
 * uninstall; then platform down (closed port) and rate limited (a platform with a tiny limit).
 * The key is checked to be nowhere else: not in URLs, web storage, the console or the page after submit.
 */
describeBrowser('connector web app (browser)', () => {
  let p: TestPlatform;
  let proxy: FaultProxy;
  let app: TestApp;
  let b: LaunchedBrowser;
  let page: Page;
  let customer: { tenantId: string; email: string };
  let operator: { email: string };
  let urls: string[] = [];
  const consoleLines: string[] = [];
  const keysUsed: string[] = [];
  let connectionId = '';
  let first: Awaited<ReturnType<TestPlatform['issueKey']>>;

  beforeAll(async () => {
    await buildWebIfStale();
    p = await startTestPlatform();
    proxy = await new FaultProxy(p.url).start();
    app = await startTestApp({ platformBaseUrl: proxy.url });
    customer = await app.tenant('Acme ApS (Ledgerly customer)');
    operator = await app.operator();
    b = await launchBrowser({ permissions: ['clipboard-read', 'clipboard-write'], origin: app.url });
    page = b.page;
    urls = recordUrls(b.context);
    b.context.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  }, 180_000);

  afterEach(async (ctx) => {
    // A failed step leaves a picture of what the customer saw.
    if (ctx.task.result?.state === 'fail' && page) {
      await screenshot(page, `connector-failed-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`).catch(() => {});
    }
  });

  afterAll(async () => {
    await b?.close();
    await app?.close();
    await proxy?.close();
    await p?.close();
  });

  const keyField = () => page.getByLabel('API key — secret credential');
  const installationStatus = async (id: string) =>
    (await p.database.db.selectFrom('installations').select('status').where('id', '=', id).executeTakeFirst())?.status;

  async function signIn(base: string, email: string) {
    await page.goto(`${base}/login`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  }

  async function signOut() {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: /Sign in to/ }).waitFor();
  }

  /** Pastes a key into the field (from the clipboard, like a customer) and submits. */
  async function pasteAndSubmit(key: string, button = 'Save and test connection') {
    keysUsed.push(key.trim());
    // Clipboard permission is per origin, and each connector app here has its own port.
    await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
    await page.evaluate((k) => navigator.clipboard.writeText(k), key);
    await keyField().focus();
    await page.keyboard.press('ControlOrMeta+V');
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await page.getByRole('button', { name: button }).click();
  }

  async function expectError(errorClass: string) {
    const panel = page.locator(`[data-testid="connect-error"][data-error-class="${errorClass}"]`);
    await panel.waitFor();
    await expect(keyField().inputValue()).resolves.toBe(''); // cleared after submit
    return (await panel.textContent()) ?? '';
  }

  async function stepStatus() {
    return page
      .locator('[data-testid="connect-steps"] li')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-step')}:${e.getAttribute('data-status')}`));
  }

  it('a signed-out customer opening /connect signs in and comes straight back; the key field is a secret credential field', async () => {
    await page.goto(`${app.url}/connect`);
    await page.getByRole('heading', { name: 'Sign in to Ledgerly' }).waitFor();
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/login?next=%2Fconnect');
    await page.getByLabel('E-mail').fill(customer.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Connect Ledgerly to Latchkey' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/connect');

    const field = keyField();
    const attrs = await field.evaluate((el) =>
      Object.fromEntries(
        ['type', 'autocomplete', 'data-1p-ignore', 'data-lpignore', 'data-form-type', 'spellcheck'].map((a) => [a, el.getAttribute(a)]),
      ),
    );
    expect(attrs).toEqual({
      type: 'password',
      autocomplete: 'new-password',
      'data-1p-ignore': '',
      'data-lpignore': 'true',
      'data-form-type': 'other',
      spellcheck: 'false',
    });
    await expect(field.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('Settings → Accounting');
    expect(text).toContain('company-level access');
    expect(text).toContain('cannot show it again');
    // The show/hide toggle works from the keyboard.
    await page.keyboard.type('lk_live_typed');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await expect(field.getAttribute('type')).resolves.toBe('text');
    await page.getByRole('button', { name: 'Hide key' }).click();
    await expect(field.getAttribute('type')).resolves.toBe('password');
    await field.fill('');
    await screenshot(page, 'connector-01-connect-screen');
  });

  it('malformed key (submitted with the keyboard) → its own message, stopped at the format step, nothing stored', async () => {
    await keyField().focus();
    await page.keyboard.type('lk_live_notarealkey');
    keysUsed.push('lk_live_notarealkey');
    await page.keyboard.press('Enter');
    const text = await expectError('malformed_key');
    expect(text).toContain('That doesn’t look like a complete API key');
    expect(text).toContain('Nothing was saved');
    expect((await stepStatus())[0]).toBe('format:failed');
    await screenshot(page, 'connector-02-error-malformed');
    expect(await app.connector.connections.list(customer.tenantId)).toEqual([]);
  });

  it('revoked and unknown keys → invalid_key with Pleo’s plain message; retry is possible', async () => {
    const revoked = await p.issueKey();
    await p.revokeKey(revoked.key);
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(keyField().evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await pasteAndSubmit(revoked.key);
    const text = await expectError('invalid_key');
    expect(text).toContain('The API Key appears to be invalid. Please check and try again.');
    expect(await stepStatus()).toEqual([
      'format:done',
      'contact:failed',
      'company:skipped',
      'permissions:skipped',
      'save:skipped',
      'activate:skipped',
    ]);
    await screenshot(page, 'connector-03-error-invalid-key');
    expect(await app.connector.connections.list(customer.tenantId)).toEqual([]);
  });

  it('a key without the permissions the integration needs → missing_scopes, listing them', async () => {
    const narrow = await p.issueKey({ scopes: ['export-jobs:read', 'companies:read'] });
    await pasteAndSubmit(narrow.key);
    const text = await expectError('missing_scopes');
    const listed = await page.getByTestId('missing-scopes').locator('li code').allTextContents();
    expect(listed).toEqual(['export-jobs:write', 'export-items:read']);
    expect(text).toContain('allow every permission');
    await screenshot(page, 'connector-04-error-missing-scopes');
    expect(await installationStatus(narrow.installationId)).toBe('PENDING_INTEGRATION');
  });

  it('a key pasted with surrounding whitespace and a newline → progress → Connected to the right company; ACTIVATED on the platform', async () => {
    first = await p.issueKey({ webhookUrl: `${app.url}/webhooks/latchkey` });
    const secret = (
      await p.database.db
        .selectFrom('integrations')
        .select('webhook_secret')
        .where('id', '=', first.integrationId)
        .executeTakeFirstOrThrow()
    ).webhook_secret;
    app.setWebhookSecret(secret);
    const company = await p.database.db.selectFrom('companies').select('name').where('id', '=', first.companyId).executeTakeFirstOrThrow();
    expect(await installationStatus(first.installationId)).toBe('PENDING_INTEGRATION');

    // A slow platform, so the progress steps can be seen.
    proxy.faults = [{ match: /^GET \/v1\/installations\/me$/, delayMs: 1_500, times: 1 }];
    await page.getByRole('button', { name: 'Try again' }).click();
    await pasteAndSubmit(`  \n${first.key}  \n`);
    await page.locator('[data-step="contact"][data-status="active"]').waitFor();
    await screenshot(page, 'connector-05-progress');

    const card = page.getByTestId('connection-card');
    await card.waitFor();
    await expect(page.getByTestId('state-badge').textContent()).resolves.toContain('Connected');
    const line = (await page.getByTestId('company-line').textContent()) ?? '';
    expect(line).toBe(`Connected to company ${company.name} (${first.companyId})`);
    await expect(page.getByTestId('key-mask').textContent()).resolves.toBe(`lk_live_…${first.key.slice(-4)}`);
    await expect(page.getByTestId('last-checked').textContent()).resolves.toMatch(/just now|minute/);
    for (const name of ['Replace key', 'Test again', 'Disconnect', 'Uninstall…']) await page.getByRole('button', { name }).waitFor();
    await screenshot(page, 'connector-06-connected');

    expect(await installationStatus(first.installationId)).toBe('ACTIVATED');
    const list = await app.connector.connections.list(customer.tenantId);
    expect(list).toHaveLength(1);
    connectionId = list[0]!.id;
    expect(list[0]).toMatchObject({ state: 'connected', companyId: first.companyId, hasKey: true });
    expect(await page.content()).not.toContain(first.key);
  });

  it('Test again checks the stored key now', async () => {
    await page.getByRole('button', { name: 'Test again' }).click();
    await page.getByText('Checked just now: the key works').waitFor();
  });

  it('Replace with a key of another company → wrong_company; the working key stays', async () => {
    const other = await p.issueKey({ companyId: p.companyB });
    await page.getByRole('button', { name: 'Replace key' }).click();
    await pasteAndSubmit(other.key, 'Save and test new key');
    const text = await expectError('wrong_company');
    expect(text).toContain('different Latchkey company');
    expect(text).toContain('Your current key is still in use');
    expect(await stepStatus()).toContain('company:failed');
    await screenshot(page, 'connector-07-error-wrong-company');
    await expect(page.getByTestId('state-badge').textContent()).resolves.toContain('Connected');
    await expect(page.getByTestId('key-mask').textContent()).resolves.toBe(`lk_live_…${first.key.slice(-4)}`);
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('Replace with a new key of the same installation keeps the same connection', async () => {
    const extra = await p.services.installations.issueAdditionalKey(CLI_ACTOR, first.installationId);
    await page.getByRole('button', { name: 'Replace key' }).click();
    await pasteAndSubmit(extra.key, 'Save and test new key');
    await page.getByText('The new key works and replaced the old one.').waitFor();
    await expect(page.getByTestId('key-mask').textContent()).resolves.toBe(`lk_live_…${extra.key.slice(-4)}`);
    const list = await app.connector.connections.list(customer.tenantId);
    expect(list.map((c) => c.id)).toEqual([connectionId]);
    await screenshot(page, 'connector-08-replaced');
  });

  it('the platform regenerates the key → the webhook flips the connection to "needs a new key"; pasting it reconnects the same connection', async () => {
    const regenerated = await p.regenerateKey(first.key, 0);
    const end = Date.now() + 10_000;
    while ((await app.connector.connections.getById(connectionId))?.state !== 'needs_reconnect') {
      if (Date.now() > end) throw new Error('the webhook did not arrive');
      await new Promise((r) => setTimeout(r, 50));
    }
    await page.reload();
    await expect(page.getByTestId('state-badge').textContent()).resolves.toContain('Needs a new key');
    await expect(page.getByTestId('connection-problem').textContent()).resolves.toContain('regenerated');
    await page.getByRole('heading', { name: 'Reconnect with a new key' }).waitFor();
    await screenshot(page, 'connector-09-needs-reconnect');

    await pasteAndSubmit(`${regenerated}\n`, 'Save and test new key');
    await page.getByText('The new key works and replaced the old one.').waitFor();
    await expect(page.getByTestId('state-badge').textContent()).resolves.toContain('Connected');
    const list = await app.connector.connections.list(customer.tenantId);
    expect(list.map((c) => [c.id, c.state])).toEqual([[connectionId, 'connected']]);
  });

  it('operators see every connection with tenant, state, company, last check and error — never a key', async () => {
    // A second tenant whose key was revoked, so the overview has something to explain.
    const other = await app.tenant('Globex Holding');
    const k = await p.issueKey({ companyId: p.companyB });
    const r = await app.connector.connections.connect(other.tenantId, k.key);
    if (!r.ok) throw new Error(r.message);
    await p.revokeKey(k.key);
    await app.connector.health.checkOne(other.tenantId, r.connection.id);
    keysUsed.push(k.key);

    await signOut();
    await signIn(app.url, operator.email);
    await page.getByRole('heading', { name: 'Connections overview' }).waitFor();
    const table = page.getByTestId('operator-table');
    await table.waitFor();
    const text = (await table.textContent()) ?? '';
    expect(text).toContain('Acme ApS (Ledgerly customer)');
    expect(text).toContain('Globex Holding');
    expect(text).toContain(first.companyId);
    expect(text).toContain('Needs a new key');
    expect(text).toContain('The API key was not accepted');
    const html = await page.content();
    for (const key of keysUsed) expect(html).not.toContain(key);
    await screenshot(page, 'connector-10-operators');
    await signOut();
  });

  it('uninstall asks for confirmation, then uninstalls on the platform; the screen offers to connect again', async () => {
    await signIn(app.url, customer.email);
    await page.getByRole('button', { name: 'Uninstall…' }).click();
    const dialog = page.getByTestId('confirm-uninstall');
    await dialog.waitFor();
    await expect(dialog.getByRole('button', { name: 'Uninstall', exact: true }).isDisabled()).resolves.toBe(true);
    await dialog.getByLabel(/I understand/).check();
    await screenshot(page, 'connector-11-uninstall-confirm', { fullPage: false });
    await dialog.getByRole('button', { name: 'Uninstall', exact: true }).click();
    await page.getByRole('heading', { name: 'Connect with your API key' }).waitFor();
    await page.getByText(/The integration was uninstalled/).waitFor();
    expect(await installationStatus(first.installationId)).toBe('INACTIVE');
    expect((await app.connector.connections.getById(connectionId))?.state).toBe('uninstalled');
  });

  it('platform down (a connector pointed at a closed port) → platform_unavailable', async () => {
    const down = await startTestApp({ platformBaseUrl: CLOSED_PORT });
    try {
      const t = await down.tenant('Down Tenant');
      await signIn(down.url, t.email);
      await page.getByRole('heading', { name: 'Connect Ledgerly to Latchkey' }).waitFor();
      await pasteAndSubmit((await p.issueKey()).key);
      const text = await expectError('platform_unavailable');
      expect(text).toContain('Latchkey could not be reached');
      expect(text).toContain('Try again in a few minutes');
      await screenshot(page, 'connector-12-error-platform-unavailable');
      expect(await down.connector.connections.list(t.tenantId)).toEqual([]);
    } finally {
      await down.close();
    }
  });

  it('rate limited (a platform allowing one request a minute per key) → rate_limited with when to retry', async () => {
    const limited = await startTestPlatform({ config: { rateLimit: { limit: 1, windowMs: 60_000 } } });
    const limitedApp = await startTestApp({ platformBaseUrl: limited.url });
    try {
      const t = await limitedApp.tenant('Busy Tenant');
      await signIn(limitedApp.url, t.email);
      await page.getByRole('heading', { name: 'Connect Ledgerly to Latchkey' }).waitFor();
      await pasteAndSubmit((await limited.issueKey()).key);
      const text = await expectError('rate_limited');
      expect(text).toContain('too many requests');
      expect(text).toMatch(/Wait \d+ seconds? and try again/);
      await screenshot(page, 'connector-13-error-rate-limited');
      expect(await limitedApp.connector.connections.list(t.tenantId)).toEqual([]);
    } finally {
      await limitedApp.close();
      await limited.close();
    }
  });

  it('no key ever reached a URL, web storage or the console', async () => {
    expect(keysUsed.length).toBeGreaterThan(5);
    const storage = await webStorageDump(page);
    for (const key of keysUsed) {
      for (const u of urls) expect(u).not.toContain(key);
      expect(storage).not.toContain(key);
      for (const line of consoleLines) expect(line).not.toContain(key);
    }
  });
});
