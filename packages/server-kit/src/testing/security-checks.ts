/** Checks both apps' security tests share; each returns what is wrong (empty: nothing). */

type Headers = Record<string, string | string[] | number | undefined>;

/** What `/docs` must send on both apps: a CSP without inline code or framing, nosniff, no framing, no referrer. */
export function docsHeaderProblems(headers: Headers): string[] {
  const csp = String(headers['content-security-policy'] ?? '');
  const problems: string[] = [];
  for (const part of ["default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "form-action 'self'"]) {
    if (!csp.includes(part)) problems.push(`CSP lacks ${part}`);
  }
  if (csp.includes('unsafe-inline')) problems.push("CSP allows 'unsafe-inline'");
  if (headers['x-content-type-options'] !== 'nosniff') problems.push('no X-Content-Type-Options: nosniff');
  if (headers['x-frame-options'] !== 'DENY') problems.push('no X-Frame-Options: DENY');
  if (headers['referrer-policy'] !== 'no-referrer') problems.push('no Referrer-Policy: no-referrer');
  return problems;
}

/** Sends `n` sign-ins in a row and tells what came back: statuses and the longest Retry-After. */
export async function signInRun(n: number, attempt: (i: number) => Promise<{ status: number; headers: Headers | globalThis.Headers }>) {
  const statuses: number[] = [];
  let retryAfter = 0;
  for (let i = 0; i < n; i++) {
    const res = await attempt(i);
    statuses.push(res.status);
    const h = res.headers instanceof globalThis.Headers ? res.headers.get('retry-after') : res.headers['retry-after'];
    if (res.status === 429) retryAfter = Math.max(retryAfter, Number(h));
  }
  return { checked: statuses.filter((s) => s === 401).length, refused: statuses.filter((s) => s === 429).length, retryAfter };
}
