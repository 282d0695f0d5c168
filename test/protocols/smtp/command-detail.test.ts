import { describe, expect, it } from 'vitest';
import { describeCommand } from '../../../src/protocols/smtp/command-detail.js';
import { PipelineTracker } from '../../../src/protocols/smtp/pipelining.js';
import type { Pending } from '../../../src/protocols/smtp/transaction.js';

describe('describeCommand', () => {
  it('puts MAIL/RCPT paths, EHLO domains and BDAT sizes into detail', () => {
    expect(describeCommand('MAIL FROM:<a@b.example> SIZE=5', false).detail).toEqual({ mailbox: 'a@b.example', params: { SIZE: '5' } });
    expect(describeCommand('ehlo client.example', false)).toEqual(expect.objectContaining({ verb: 'EHLO', shownLine: 'ehlo client.example', detail: { domain: 'client.example' } }));
    expect(describeCommand('BDAT 86 LAST', false).detail).toEqual({ size: 86, last: true });
    expect(describeCommand('BDAT x', false)).toEqual(expect.objectContaining({ bdat: 'BDAT chunk size "x" is not a decimal number', detail: {} }));
  });

  it('masks an AUTH initial response in the shown line, keeping the verb as sent', () => {
    const c = describeCommand('auth plain AGJvYgBzZWNyZXQ=', false);
    expect([c.shownLine, c.shownArgs, c.detail]).toEqual(['auth plain ********', 'plain ********', { mechanism: 'PLAIN', initialResponse: 'username: bob, password: ********' }]);
    expect(c.auth).toEqual({ mechanism: 'PLAIN', responses: 1, awaitingResponse: false });
    expect(describeCommand('AUTH LOGIN Ym9i', false).shownLine).toBe('AUTH LOGIN Ym9i');
    expect(describeCommand('AUTH PLAIN !!', false).authProblem).toBe('initial response "!!" is not base64');
    expect(describeCommand('AUTH', false).auth).toBeNull();
  });
});

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

describe('Queue', () => {
  it('is first in, first out, and finds and drops from the front', async () => {
    const { Queue } = await import('../../../src/protocols/smtp/queue.js');
    const q = new Queue<number>();
    for (let i = 0; i < 3000; i++) q.push(i);
    for (let i = 0; i < 2000; i++) expect(q.shift()).toBe(i);
    expect([q.length, q.at(0), q.findIndex((x) => x === 2500), q.at(-1)]).toEqual([1000, 2000, 500, undefined]);
    expect(q.shiftMany(2)).toEqual([2000, 2001]);
    q.clear();
    expect([q.length, q.shift()]).toEqual([0, undefined]);
  });
});
