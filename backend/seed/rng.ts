// Deterministic randomness for the generator (pure-rand xoroshiro128+; never Math.random).
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

type Gen = ReturnType<typeof xoroshiro128plus>;

export class Rng {
  private readonly gen: Gen;
  constructor(seed: number) {
    this.gen = xoroshiro128plus(seed | 0);
  }
  /** Independent stream derived from this seed and a label (stable across code changes elsewhere). */
  static derive(seed: number, label: string): Rng {
    let h = 0x811c9dc5 ^ (seed | 0);
    for (let i = 0; i < label.length; i++) {
      h ^= label.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    return new Rng(h);
  }
  /** Unsigned 32-bit integer. */
  u32(): number {
    return this.gen.next() >>> 0;
  }
  /** Float in [0, 1). */
  float(): number {
    return this.u32() / 0x100000000;
  }
  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
  pick<T>(items: readonly T[]): T {
    const v = items[Math.floor(this.float() * items.length)];
    if (v === undefined) throw new Error('pick from empty list');
    return v;
  }
  /** Pick by weights given as [item, weight] pairs. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.float() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    const last = items[items.length - 1];
    if (!last) throw new Error('weighted pick from empty list');
    return last[0];
  }
  /** Hex string of `n` hex digits. */
  hex(n: number): string {
    let s = '';
    while (s.length < n) s += this.u32().toString(16).padStart(8, '0');
    return s.slice(0, n);
  }
  /** RFC 9562 UUIDv4 layout, from this stream. */
  uuid4(): string {
    const h = this.hex(32);
    const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
  /** RFC 9562 UUIDv7 layout: 48-bit unix ms then random bits (time-ordered ids, like real logs). */
  uuid7(ms: number): string {
    const t = Math.floor(ms).toString(16).padStart(12, '0');
    const h = this.hex(20);
    const variant = ((parseInt(h[3] ?? '0', 16) & 0x3) | 0x8).toString(16);
    return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${h.slice(0, 3)}-${variant}${h.slice(4, 7)}-${h.slice(8, 20)}`;
  }
}
