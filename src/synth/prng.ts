/** Small deterministic pseudo-random numbers, so generated captures are reproducible byte for byte. */

/** A generator of floats in [0, 1) from a 32-bit seed (mulberry32). */
export type Prng = () => number;

/** mulberry32: fast, 32-bit state, good enough for choosing which segments to impair. */
export function makePrng(seed: number): Prng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 32-bit FNV-1a hash of a string: turns a connection's identity into a seed. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
