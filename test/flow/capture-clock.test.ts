import { describe, expect, it } from 'vitest';
import { CaptureClock } from '../../src/flow/capture-clock.js';

describe('CaptureClock', () => {
  it('follows packet times forward and ignores time going backwards', () => {
    const c = new CaptureClock(10);
    expect(c.now).toBe(-Infinity);
    expect(c.advance(100)).toBe(100);
    expect(c.advance(105)).toBe(105);
    expect(c.advance(103)).toBe(105);
    expect(c.advance(Number.NaN)).toBe(105);
  });

  it('ignores one packet far in the future that the next packet does not confirm', () => {
    const c = new CaptureClock(10);
    c.advance(100);
    expect(c.advance(2e9)).toBe(100);
    expect(c.advance(101)).toBe(101);
    expect(c.advance(2e9)).toBe(101);
  });

  it('believes a jump once the next packet lands near it (a quiet period in the capture)', () => {
    const c = new CaptureClock(10);
    c.advance(100);
    expect(c.advance(5000)).toBe(100);
    expect(c.advance(5001)).toBe(5001);
  });
});
