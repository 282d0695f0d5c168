import { describe, expect, it } from 'vitest';
import { describeCommand } from '../../../src/protocols/smtp/command-detail.js';

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
