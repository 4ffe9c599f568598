/** Summary of one quantity over repeated rounds: the median, and the spread as min–max. */
export interface Figure {
  median: number;
  min: number;
  max: number;
  /** Number of rounds behind the figure. */
  n: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank percentile of a sample (p in 0–100). */
export function percentile(values: readonly number[] | Float64Array, p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function figure(values: readonly number[]): Figure {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), n: values.length };
}

export const nowNs = (): bigint => process.hrtime.bigint();
export const elapsedUs = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1_000;

/**
 * Runs `rounds` paired rounds of a baseline and "ours", alternating which goes first so slow drift
 * (another process taking a core) does not always land on the same side. Each callback returns one
 * measurement for its round.
 */
export async function pairedRounds(
  rounds: number,
  baseline: (round: number) => number | Promise<number>,
  ours: (round: number) => number | Promise<number>,
): Promise<{ baseline: number[]; ours: number[] }> {
  const b: number[] = [];
  const o: number[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      b.push(await baseline(r));
      o.push(await ours(r));
    } else {
      o.push(await ours(r));
      b.push(await baseline(r));
    }
  }
  return { baseline: b, ours: o };
}

/**
 * Like `pairedRounds` for any number of contenders: each round runs every one of them once, the order
 * rotated from round to round.
 */
export async function rotatingRounds<K extends string, T>(
  rounds: number,
  runs: Record<K, (round: number) => Promise<T>>,
): Promise<Record<K, T[]>> {
  const names = Object.keys(runs) as K[];
  const out = Object.fromEntries(names.map((n) => [n, [] as T[]])) as Record<K, T[]>;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(r + i) % names.length]!;
      out[name].push(await runs[name](r));
    }
  }
  return out;
}

/** Per-round ratios `num[i] / den[i]`. */
export const ratios = (num: readonly number[], den: readonly number[]): number[] => num.map((v, i) => v / den[i]!);

/** `count` distinct integers in [0, n), drawn from `random` (seeded, so a run is repeatable). */
export function sampleDistinct(n: number, count: number, random: () => number): number[] {
  if (count > n) throw new Error(`cannot sample ${count} distinct values from ${n}`);
  const picked = new Set<number>();
  const out: number[] = [];
  while (out.length < count) {
    const v = Math.floor(random() * n);
    if (!picked.has(v)) {
      picked.add(v);
      out.push(v);
    }
  }
  return out;
}

/** Small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
