// A small deterministic random source for the synthetic archive: mulberry32 (a 32-bit state, good enough spread for
// test data, and identical on every machine and Node version), with the few distributions the seeder needs.

export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One item, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /**
   * An index in [0, n) skewed towards 0: a few items are drawn very often, most rarely (popular fandoms and tags,
   * prolific authors). `skew` 1 is uniform; 3 puts about half the draws in the first eighth.
   */
  skewedIndex(n: number, skew = 3): number {
    return Math.min(n - 1, Math.floor(n * Math.pow(this.next(), skew)));
  }

  /** A long-tailed count: Pareto with shape `alpha` scaled so that most values sit near `min`, capped at `max`. */
  pareto(min: number, alpha: number, max: number): number {
    const value = min / Math.pow(1 - this.next(), 1 / alpha);
    return Math.min(max, Math.floor(value));
  }

  /** A log-normal value around `median` (spread `sigma`), rounded and clamped. */
  logNormal(median: number, sigma: number, min: number, max: number): number {
    const u = 1 - this.next();
    const v = this.next();
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.max(min, Math.min(max, Math.round(median * Math.exp(sigma * normal))));
  }

  /** An item by weight: `weights[i]` is item i's share. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    const total = weights.reduce((a, b) => a + b, 0);
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i]!;
      if (r < 0) return items[i]!;
    }
    return items[items.length - 1]!;
  }
}
