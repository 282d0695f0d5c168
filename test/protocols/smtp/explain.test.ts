import { describe, expect, it } from 'vitest';
import { explainSmtpCommand } from '../../../src/protocols/smtp/explain.js';

describe('explainSmtpCommand', () => {
  it('explains every command of RFC 5321 with its section', () => {
    for (const verb of ['HELO', 'EHLO', 'MAIL', 'RCPT', 'DATA', 'RSET', 'VRFY', 'EXPN', 'HELP', 'NOOP', 'QUIT']) {
      const e = explainSmtpCommand(verb);
      expect(e?.rfc, verb).toMatch(/^RFC 5321 §4\.1\.1\.\d+$/);
      expect(e!.text.startsWith(verb === 'MAIL' ? 'MAIL FROM' : verb === 'RCPT' ? 'RCPT TO' : verb)).toBe(true);
    }
  });

  it('explains the extensions and private commands, case-insensitively', () => {
    expect(explainSmtpCommand('bdat')?.rfc).toBe('RFC 3030 §2');
    expect(explainSmtpCommand('STARTTLS')?.rfc).toBe('RFC 3207 §4');
    expect(explainSmtpCommand('AUTH')?.rfc).toBe('RFC 4954 §4');
    expect(explainSmtpCommand('XCLIENT')).toEqual({ text: 'XCLIENT is a private (X-) command agreed between this client and server', rfc: 'RFC 5321 §4.1.5' });
  });

  it('knows nothing about verbs that are not SMTP', () => {
    expect(explainSmtpCommand('GET')).toBeUndefined();
    expect(explainSmtpCommand('')).toBeUndefined();
    expect(explainSmtpCommand('X')).toBeUndefined();
  });
});
