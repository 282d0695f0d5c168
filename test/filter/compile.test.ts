/**
 * Evaluation of every field and operator against sessions decoded from bytes (sessions.ts), and
 * the compile-time checks of fields, operators and values.
 */
import { describe, expect, it } from 'vitest';
import { compileFilter, FilterSyntaxError } from '../../src/filter/index.js';
import type { Session } from '../../src/model/session.js';
import { imapSession, pop3Session, smtpGapSession, smtpSession, smtpStarttlsSession } from './sessions.js';

const smtp = smtpSession();
/** The same SMTP dialogue over IPv6, to port 587. */
const v6: Session = { ...smtp, client: { ip: '2001:db8::10', port: 40000 }, server: { ip: '2001:db8:1::25', port: 587 } };
const SESSIONS: Record<string, Session> = {
  smtp: { ...smtp, id: 1 },
  pop3: { ...pop3Session(), id: 2 },
  imap: { ...imapSession(), id: 3 },
  tls: { ...smtpStarttlsSession(), id: 4 },
  gap: { ...smtpGapSession(), id: 5 },
  v6: { ...v6, id: 6 },
};
const ALL = Object.keys(SESSIONS);
const but = (...names: string[]) => ALL.filter((n) => !names.includes(n));

/** Names of the sessions the filter lets through. */
function pick(expr: string): string[] {
  const f = compileFilter(expr);
  return ALL.filter((n) => f.matches(SESSIONS[n]!));
}

function compileError(expr: string): FilterSyntaxError {
  try {
    compileFilter(expr);
  } catch (e) {
    if (e instanceof FilterSyntaxError) return e;
    throw e;
  }
  throw new Error(`no error for ${expr}`);
}

type Case = [expr: string, expected: string[]];
const check = (cases: Case[]) =>
  it.each(cases)('%s', (expr, expected) => {
    expect(pick(expr)).toEqual(expected);
  });

describe('protocol fields', () => {
  check([
    ['smtp', ['smtp', 'tls', 'gap', 'v6']],
    ['pop3', ['pop3']],
    ['imap', ['imap']],
    ['!smtp', ['pop3', 'imap']],
    ['smtp == true', ['smtp', 'tls', 'gap', 'v6']],
    ['smtp == 0', ['pop3', 'imap']],
    ['smtp != TRUE', ['pop3', 'imap']],
    ['smtp != false', ['smtp', 'tls', 'gap', 'v6']],
  ]);
});

describe('endpoint fields', () => {
  check([
    ['ip.addr == 192.0.2.25', but('v6')],
    ['ip.addr == 192.0.2.10', but('v6')],
    ['ip.addr == 192.0.2.0/24', but('v6')],
    ['ip.addr == 192.0.2.8/30', but('v6')], // .10 is in 8-11
    ['ip.addr == 192.0.2.24/31', but('v6')], // .25 is in 24-25
    ['ip.addr == 192.0.2.26/31', []],
    ['ip.addr == 0.0.0.0/0', but('v6')],
    ['ip.src == 192.0.2.10', but('v6')],
    ['ip.client == 192.0.2.10', but('v6')],
    ['ip.src == 192.0.2.25', []],
    ['ip.dst == 192.0.2.25', but('v6')],
    ['ip.server == 192.0.2.25', but('v6')],
    ['ip.addr == 2001:db8::/32', ['v6']],
    ['ip.src == 2001:0db8:0000:0000::0010', ['v6']],
    ['ip.dst == 2001:DB8:1:0:0:0:0:25', ['v6']],
    ['ip.dst == "2001:db8:1::25"', ['v6']],
    ['ip.addr == ::/0', ['v6']],
    ['ip.addr != 192.0.2.10', ALL], // any address differs: the server's does
    ['!(ip.addr == 192.0.2.10)', ['v6']], // no address is .10
    ['ip.addr in {198.51.100.0/24 2001:db8::10}', ['v6']],
    ['ip.addr not in {192.0.2.0/24}', ['v6']],
    ['ip.addr', ALL],
    ['tcp.port == 25', ['smtp', 'tls', 'gap']],
    ['tcp.port == 50000', but('v6')],
    ['tcp.srcport == 25', []],
    ['tcp.srcport == 40000', ['v6']],
    ['tcp.dstport in {110 143}', ['pop3', 'imap']],
    ['tcp.dstport in {100..150}', ['pop3', 'imap']],
    ['tcp.dstport in {100 .. 150, 587}', ['pop3', 'imap', 'v6']],
    ['tcp.dstport >= 587', ['v6']],
    ['tcp.port > 50000', []],
    ['tcp.port lt 100', ['smtp', 'tls', 'gap']],
    ['tcp.port <= 25', ['smtp', 'tls', 'gap']],
    ['tcp.dstport == 0x19', ['smtp', 'tls', 'gap']],
    ['tcp.port not in {25 587}', ['pop3', 'imap']],
    ['session.id == 3', ['imap']],
    ['stream in {1 2}', ['smtp', 'pop3']],
    ['stream != 1', but('smtp')],
    ['duration > 0.15', ['smtp', 'v6']],
    ['duration < 0.1', ['tls', 'gap']],
    ['duration >= 1e-1', ['smtp', 'pop3', 'imap', 'v6']],
  ]);
});

describe('dialogue fields', () => {
  check([
    ['command == "auth"', ['smtp', 'v6']],
    ['command == RETR', ['pop3']],
    ['command eq "Select"', ['imap']],
    ['command in {STARTTLS login}', ['imap', 'tls']],
    ['command contains "ls"', ['tls']],
    ['command matches "^(RETR|FETCH)$"', ['pop3', 'imap']],
    ['command != QUIT', ALL], // every session sent some other command
    ['!(command == QUIT)', ['imap', 'tls']], // none sent QUIT
    ['command', ALL],
    ['command.args contains "ALICE"', ['smtp', 'v6']],
    ['command.args == "Sent {80+}"', ['imap']],
    ['command.args == "sent {80+}"', []], // free text compares exactly
    ['command.args contains "hunter2"', []], // secrets are masked
    ['reply.code == 550', ['smtp', 'v6']],
    ['reply.code >= 500', ['smtp', 'v6']],
    ['reply.code == 221', ['smtp', 'gap', 'v6']],
    ['reply.code in {400..599}', ['smtp', 'v6']],
    ['reply.code < 221', ['smtp', 'tls', 'gap', 'v6']],
    ['reply.code == "354"', ['smtp', 'v6']],
    ['reply.code', ['smtp', 'tls', 'gap', 'v6']],
    ['reply.status == "-ERR"', ['pop3']],
    ['reply.status == -err', ['pop3']],
    ['reply.status == +OK', ['pop3']],
    ['reply.status == NO', ['imap']],
    ['reply.status in {BAD no}', ['imap']],
    ['reply.status', ['pop3', 'imap']],
    ['auth', ['smtp', 'pop3', 'imap', 'v6']],
    ['gap', ['gap']],
    ['!gap', but('gap')],
  ]);
});

describe('violation fields', () => {
  check([
    ['violation', but('tls')],
    ['!violation', ['tls']],
    ['violation == false', ['tls']],
    ['violation.id == "SMTP-AUTH-CLEARTEXT"', ['smtp', 'v6']],
    ['violation.id == smtp-auth-cleartext', ['smtp', 'v6']],
    ['violation.id matches "CLEARTEXT"', ['smtp', 'pop3', 'imap', 'v6']],
    ['violation.id matches "^(POP3|IMAP)-"', ['pop3', 'imap']],
    ['violation.id contains "bare"', ['gap']],
    ['severity >= warning', but('tls')],
    ['severity ge WARNING', but('tls')],
    ['severity == error', ['gap']],
    ['severity > warning', ['gap']],
    ['severity < error', ['smtp', 'pop3', 'imap', 'v6']],
    ['severity != error', ['smtp', 'pop3', 'imap', 'v6']],
    ['severity <= info', []],
    ['severity in {info..warning}', ['smtp', 'pop3', 'imap', 'v6']],
    ['severity in {error}', ['gap']],
    ['severity', but('tls')],
  ]);
});

describe('TLS fields', () => {
  check([
    ['tls', ['tls']],
    ['tls.mode == starttls', ['tls']],
    ['tls.mode == none', but('tls')],
    ['tls.mode in {starttls implicit}', ['tls']],
    ['tls.sni == MAIL.example.com', ['tls']],
    ['tls.sni contains example', ['tls']],
    ['tls.sni', ['tls']],
    ['tls.version == "TLS 1.3"', ['tls']],
    ['tls.version matches "1\\.[0-2]$"', []],
  ]);
});

describe('message fields', () => {
  check([
    ['mailbox == "INBOX"', ['imap']],
    ['mailbox == inbox', ['imap']],
    ['mailbox == Sent', ['imap']],
    ['mailbox == Archive', ['imap']], // SELECT Archive, even though the server said NO
    ['mailbox', ['imap']],
    ['from contains "example.org"', ['smtp', 'imap', 'v6']],
    ['from == "bob@example.org"', ['smtp', 'v6']], // the envelope sender
    ['from == "BOB@example.org"', ['smtp', 'v6']],
    ['from == "Bob <bob@example.org>"', ['smtp', 'v6']], // the header
    ['to == "nobody@example.com"', ['smtp', 'v6']], // a refused RCPT TO is still a recipient named
    ['to contains carol', ['pop3']],
    ['cc contains carol', ['smtp', 'v6']],
    ['cc', ['smtp', 'v6']],
    ['subject == "Quarterly Report"', ['smtp', 'v6']],
    ['subject == "quarterly report"', []], // free text compares exactly
    ['subject contains "quarterly"', ['smtp', 'v6']],
    ['subject matches "^re:"', ['imap']],
    ['subject in {lunch Minutes}', ['pop3', 'imap']],
    ['message', ['smtp', 'pop3', 'imap', 'v6']],
    ['message.size > 100', ['smtp', 'v6']],
    ['message.size == 72', ['pop3']],
    ['message.size < 85', ['pop3', 'imap']],
  ]);
});

describe('combinations (the examples of docs/filters.md)', () => {
  check([
    ['smtp && reply.code >= 500', ['smtp', 'v6']],
    ['violation.id matches "SMARTHOST|SMUGGL"', []],
    ['imap && mailbox == "INBOX" && from contains "example.org"', ['imap']],
    ['pop3 || imap && mailbox == Sent', ['pop3', 'imap']],
    ['(pop3 || imap) && mailbox == Sent', ['imap']],
    ['not smtp or tls', ['pop3', 'imap', 'tls']],
    ['!(smtp && violation)', ['pop3', 'imap', 'tls']],
    ['smtp and not (tls or gap) and ip.addr == 192.0.2.0/24', ['smtp']],
    ['severity >= warning && !auth', ['gap']],
  ]);
});

describe('compile-time errors', () => {
  it.each([
    ['violations.id == "X"', "unknown field 'violations.id' at column 1; did you mean 'violation.id'?", 0],
    ['smtp && replycode > 3', "unknown field 'replycode' at column 9; did you mean 'reply.code'?", 8],
    ['smtp.req.command == MAIL', "unknown field 'smtp.req.command' at column 1; did you mean 'command'?", 0],
    ['frobnicate', "unknown field 'frobnicate' at column 1 (docs/filters.md lists the fields)", 0],
    ['reply.code == "abc"', 'expected a number for \'reply.code\' at column 15, found "abc"', 14],
    ['tcp.port == 25x', "expected a number for 'tcp.port' at column 13, found '25x'", 12],
    ['duration > Infinity', "expected a number for 'duration' at column 12, found 'Infinity'", 11],
    ['severity > 3', "expected a severity (info, warning or error) for 'severity' at column 12, found '3'", 11],
    ['severity == fatal', "expected a severity (info, warning or error) for 'severity' at column 13, found 'fatal'", 12],
    ['smtp == yes', "expected true or false for 'smtp' at column 9, found 'yes'", 8],
    ['ip.addr == example.org', "expected an IP address or CIDR block (192.0.2.0/24) for 'ip.addr' at column 12, found 'example.org'", 11],
    ['ip.addr == 192.0.2.0/33', "expected an IP address or CIDR block (192.0.2.0/24) for 'ip.addr' at column 12, found '192.0.2.0/33'", 11],
    ['ip.addr == 256.0.0.1', "expected an IP address or CIDR block (192.0.2.0/24) for 'ip.addr' at column 12, found '256.0.0.1'", 11],
    ['subject < "x"', "'<' does not apply to the text field 'subject' at column 9; it takes ==, !=, contains, matches and in", 8],
    ['ip.addr > 10.0.0.1', "'>' does not apply to the IP address field 'ip.addr' at column 9; it takes ==, != and in", 8],
    ['smtp ge 1', "'ge' does not apply to the boolean field 'smtp' at column 6; it takes == and != (with true or false)", 5],
    ['reply.code contains 5', "'contains' does not apply to the number field 'reply.code' at column 12; it takes ==, !=, <, <=, >, >= and in", 11],
    ['severity matches "err"', "'matches' does not apply to the severity field 'severity' at column 10; it takes ==, !=, <, <=, >, >= and in", 9],
    ['ip.addr ~ "192"', "'~' does not apply to the IP address field 'ip.addr' at column 9; it takes ==, != and in", 8],
    ['tls in {1}', "'in' does not apply to the boolean field 'tls' at column 5; it takes == and != (with true or false)", 4],
    ['subject matches "(re"', 'invalid regular expression (Unterminated group) at column 17', 16],
    ['subject matches "a: ["', 'invalid regular expression (Unterminated character class) at column 17', 16],
    ['tcp.port in {25 143..110}', 'the range is empty (its low end must come first) at column 17', 16],
    ['tcp.port in {25 143 .. 110}', 'the range is empty (its low end must come first) at column 17', 16],
    ['tcp.port in {25..x}', "expected a number for 'tcp.port' at column 18, found 'x'", 17],
    ['smtp not in {1}', "'not in' does not apply to the boolean field 'smtp' at column 6; it takes == and != (with true or false)", 5],
    ['command in {A .. B}', "a range does not apply to the text field 'command' at column 13", 12],
    ['ip.addr in {10.0.0.1 .. 10.0.0.9}', "a range does not apply to the IP address field 'ip.addr' at column 13", 12],
    ['ip.server in {10.0.0.1 .. 10.0.0.9}', "a range does not apply to the IP address field 'ip.server' at column 15", 14],
    ['severity in {warning..3}', "expected a severity (info, warning or error) for 'severity' at column 23, found '3'", 22],
  ])('%s', (expr, message, position) => {
    const e = compileError(expr);
    expect(e.message).toBe(message);
    expect(e.position).toBe(position);
    expect(e.expression).toBe(expr);
  });

  it('a text set member written like a range is plain text', () => {
    expect(pick('command in {A..B}')).toEqual([]);
  });

  it('the error of a compiled filter points at the culprit', () => {
    expect(compileError('smtp && reply.code == "abc"').pointer()).toBe('smtp && reply.code == "abc"\n                      ^');
  });
});

describe('SessionFilter', () => {
  it('keeps its source', () => {
    expect(compileFilter(' smtp ').source).toBe(' smtp ');
  });

  it('one compiled filter serves any number of sessions, in any order', () => {
    const f = compileFilter('reply.code >= 500 || mailbox == Sent');
    const order = [...ALL, ...ALL.slice().reverse()];
    expect(order.filter((n) => f.matches(SESSIONS[n]!))).toEqual(['smtp', 'imap', 'v6', 'v6', 'imap', 'smtp']);
  });
});
