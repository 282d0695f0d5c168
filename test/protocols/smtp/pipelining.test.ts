import { describe, expect, it } from 'vitest';
import { PipelineTracker } from '../../../src/protocols/smtp/pipelining.js';
import type { Pending } from '../../../src/protocols/smtp/transaction.js';

describe('PipelineTracker', () => {
  const cmd = (verb: string, seq: number): Pending => ({ verb, event: seq, ts: seq, seq });

  it('knows which commands were unanswered when a command arrived', () => {
    const t = new PipelineTracker();
    const mail = cmd('MAIL', 1);
    expect(t.outstandingAt(1)).toBeNull();
    t.track(mail);
    const ehlo = cmd('NOOP', 2);
    expect(t.outstandingAt(2)).toEqual({ last: mail, groupEnder: undefined });
    t.track(ehlo);
    mail.replySeq = 3;
    expect(t.outstandingAt(2)).toEqual({ last: ehlo, groupEnder: ehlo });
    ehlo.replySeq = 4;
    expect(t.outstandingAt(5)).toBeNull();
  });
});
