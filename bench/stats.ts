/** Order statistics of repeated measurements, and the ABBA order the bench takes them in. */

/** The q-quantile by nearest rank: q = 0.5 is the median, 0.95 the p95. */
export function quantile(values: number[], q: number): number {
  // Not `a - b`: Infinity - Infinity is NaN, and an overloaded run's p99 is Infinity.
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}

export function median(values: number[]): number {
  return quantile(values, 0.5);
}

export interface Paired {
  figure: number[];
  floor: number[];
}

/**
 * Figure (A) and floor (B) in the order A B B A, round after round, after `warmups` of each
 * taken alternately and thrown away. Any drift of the machine during the run (another
 * engineer's build, a thermal step) then lands on both sides alike instead of on one.
 */
export async function abba(opts: {
  samples: number;
  warmups: number;
  figure: () => Promise<number>;
  floor: () => Promise<number>;
}): Promise<Paired> {
  for (let i = 0; i < opts.warmups; i++) {
    await opts.figure();
    await opts.floor();
  }
  const result: Paired = { figure: [], floor: [] };
  const a = async () => result.figure.push(await opts.figure());
  const b = async () => result.floor.push(await opts.floor());
  for (let round = 0; round * 2 < opts.samples; round++) {
    await a();
    await b();
    await b();
    await a();
  }
  return result;
}
