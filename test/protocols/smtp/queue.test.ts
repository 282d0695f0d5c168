import { describe, expect, it } from 'vitest';
import { Queue } from '../../../src/protocols/smtp/queue.js';

describe('Queue', () => {
  it('is first in, first out, and finds and drops from the front', () => {
    const q = new Queue<number>();
    for (let i = 0; i < 3000; i++) q.push(i);
    for (let i = 0; i < 2000; i++) expect(q.shift()).toBe(i);
    expect([q.length, q.at(0), q.findIndex((x) => x === 2500), q.at(-1)]).toEqual([1000, 2000, 500, undefined]);
    expect(q.shiftMany(2)).toEqual([2000, 2001]);
    q.clear();
    expect([q.length, q.shift()]).toEqual([0, undefined]);
  });
});
