import { describe, expect, it } from 'vitest';
import { generateKey, keyHint } from './format.ts';
import { maskKeys } from './mask.ts';

describe('maskKeys', () => {
  const key = generateKey();
  const other = generateKey({ prefix: 'acme', env: 'test' });
  const b64 = Buffer.from(`${key}:`).toString('base64');

  it('masks plain keys of any prefix, and truncated ones, to their hint', () => {
    expect(maskKeys(`GET /v1/x/${key}?k=${other}`)).toBe(`GET /v1/x/${keyHint(key)}?k=${keyHint(other)}`);
    expect(maskKeys(`key ${key.slice(0, 30)}`)).not.toContain(key.slice(0, 30));
  });

  it('masks keys hidden in base64, base64url and percent-encoded base64, wherever the run starts', () => {
    for (const text of [`Basic ${b64}`, `/v1/x/${b64}`, encodeURIComponent(b64), Buffer.from(key).toString('base64url'), `token${b64}`]) {
      const masked = maskKeys(text);
      expect(masked).not.toContain(b64.slice(0, 40));
      expect(masked).toContain(keyHint(key));
    }
  });

  it('leaves everything else alone: digests, uuids, ordinary base64', () => {
    const text = `${'ab'.repeat(32)} 01a233b8-556e-71ce-8a24-2929ab8f0544 ${Buffer.from('just some ordinary text here, nothing secret').toString('base64')}`;
    expect(maskKeys(text)).toBe(text);
  });
});
