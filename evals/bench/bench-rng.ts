import { xoroshiro128plus, type RandomGenerator } from 'pure-rand';

const TWO_POW_32 = 4_294_967_296;

/**
 * A fast seeded random source for the benchmark generator (pure-rand xoroshiro128+, `unsafeNext`).
 * Millions of draws per bundle, so it avoids the exact-uniform distributions in favour of raw 32-bit
 * floats; the small modulo bias of `int` is irrelevant for synthetic data.
 */
export class BenchRng {
  private readonly gen: RandomGenerator;

  constructor(readonly seed: number) {
    this.gen = xoroshiro128plus(seed | 0);
  }

  /** Uniform float in [0, 1). */
  float(): number {
    return (this.gen.unsafeNext() >>> 0) / TWO_POW_32;
  }

  /** Uniform integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  /** Uniform float in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.float();
  }

  /** Log-uniform float in [lo, hi): for quantities spanning orders of magnitude (request rates). */
  logRange(lo: number, hi: number): number {
    return lo * Math.pow(hi / lo, this.float());
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  /** Approximately standard normal (Irwin–Hall, 4 uniforms): cheap and bounded to ±3.5σ. */
  normal(): number {
    return (this.float() + this.float() + this.float() + this.float() - 2) * 1.7320508;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('BenchRng.pick: empty list');
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** Lower-case hex string of `chars` characters. */
  hex(chars: number): string {
    let s = '';
    while (s.length < chars) s += (this.gen.unsafeNext() >>> 0).toString(16).padStart(8, '0');
    return s.slice(0, chars);
  }

  /** An independent stream derived from this seed and a label, so parts do not shift each other. */
  fork(label: string): BenchRng {
    let h = this.seed ^ 0x9e3779b9;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
    return new BenchRng(h ^ (h >>> 15));
  }
}
