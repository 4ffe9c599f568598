/**
 * Load generator process: runs autocannon on request and reports the result. Kept apart from the
 * platform so the server's event loop measures only the server. Latencies are recorded here at
 * microsecond precision (autocannon's own histogram rounds to whole milliseconds).
 */
import autocannon from 'autocannon';
import { childFail, untilStopped } from '../lib/child.ts';

export interface CannonRun {
  type: 'run';
  url: string;
  headers?: Record<string, string>;
  connections: number;
  durationS: number;
  method?: 'GET' | 'POST';
  body?: string;
}

export interface CannonResult {
  type: 'result';
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

export type CannonMessage = { type: 'ready' } | CannonResult;

function percentileOf(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function run(msg: CannonRun): Promise<CannonResult> {
  let latencies = new Float64Array(1 << 18);
  let count = 0;
  const instance = autocannon({
    url: msg.url,
    method: msg.method ?? 'GET',
    body: msg.body,
    headers: msg.headers,
    connections: msg.connections,
    duration: msg.durationS,
    pipelining: 1,
    timeout: 10,
  });
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode < 200 || statusCode > 299) return;
    if (count === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[count++] = responseTime;
  });
  const result = await instance;
  const sorted = latencies.subarray(0, count).sort();
  const statusCodes: Record<string, number> = {};
  for (const [code, s] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = s.count;
  return {
    type: 'result',
    // Completed 2xx responses per second of the run (autocannon's duration is in seconds).
    reqPerSec: result['2xx'] / result.duration,
    p50Ms: percentileOf(sorted, 50),
    p99Ms: percentileOf(sorted, 99),
    total: result['2xx'] + result.non2xx,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  };
}

async function main(): Promise<void> {
  process.on('message', (msg: CannonRun) => {
    if (msg?.type !== 'run') return;
    run(msg).then((r) => process.send?.(r), childFail);
  });
  process.send?.({ type: 'ready' });
  await untilStopped();
  process.exit(0);
}

main().catch(childFail);
