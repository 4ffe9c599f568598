import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { type Resolver, type TargetPolicy, TargetRefused, urlProblem, vettedLookup } from './targets.ts';

/** What became of one outbound POST, in the words a partner sees (never an internal status or error string). */
export const OUTCOMES = ['delivered', 'endpoint_refused', 'address_not_allowed', 'timeout', 'unreachable'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OUTCOME_MESSAGES: Record<Outcome, string> = {
  delivered: 'delivered',
  endpoint_refused: 'failed: endpoint refused',
  address_not_allowed: 'failed: address not allowed',
  timeout: 'failed: timed out',
  unreachable: 'failed: endpoint unreachable',
};

export interface PostResult {
  outcome: Outcome;
  /** For operators' logs only: the HTTP status or the error behind the outcome. */
  detail: string;
  status: number | null;
}

export interface PostOptions {
  policy: TargetPolicy;
  timeoutMs: number;
  resolve?: Resolver;
}

/**
 * POSTs a body to a partner-supplied URL under a policy: the URL is vetted, the host resolved once through
 * `vettedLookup`, a fresh connection (no pooled socket vetted under another policy) goes to that address,
 * redirects are not followed, and the answer is reduced to an `Outcome`.
 */
export function postToTarget(raw: string, headers: Record<string, string>, body: string, opts: PostOptions): Promise<PostResult> {
  const problem = urlProblem(raw, opts.policy);
  if (problem) return Promise.resolve({ outcome: 'address_not_allowed', detail: `URL ${problem}`, status: null });
  const url = new URL(raw);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<PostResult>((resolve) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: vettedLookup(opts.policy, opts.resolve),
        agent: false,
        signal: AbortSignal.timeout(opts.timeoutMs),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        res.resume();
        const done = () =>
          resolve(
            status >= 200 && status < 300
              ? { outcome: 'delivered', detail: `HTTP ${status}`, status }
              : { outcome: 'endpoint_refused', detail: `HTTP ${status}`, status },
          );
        res.on('end', done);
        res.on('error', done);
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err instanceof TargetRefused) resolve({ outcome: 'address_not_allowed', detail: err.message, status: null });
      else if (err.name === 'AbortError' || err.name === 'TimeoutError')
        resolve({ outcome: 'timeout', detail: `no answer within ${opts.timeoutMs} ms`, status: null });
      else resolve({ outcome: 'unreachable', detail: err.code ?? err.message, status: null });
    });
    req.end(body);
  });
}
