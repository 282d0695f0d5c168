import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../../src/model/events.js';
import type { Session } from '../../../src/model/session.js';
import { commands, dataEvents, found, ids, inTransaction, notes, replies } from './helpers.js';

const FIRST = 'Subject: Hello\r\n\r\nHi Alice\n.\r\n';
const HIDDEN = 'MAIL FROM:<ceo@example.net>\r\nRCPT TO:<alice@example.net>\r\nDATA\r\nFrom: CEO <ceo@example.net>\r\nSubject: Urgent\r\n\r\nPay now.\r\n';
const REPLIES = ['250 2.0.0 Ok: queued as A1\r\n', '250 2.1.0 Ok\r\n', '250 2.1.5 Ok\r\n', '354 End data with <CR><LF>.<CR><LF>\r\n'];
const LAST = '250 2.0.0 Ok: queued as B2\r\n';

/** One line per event, in event order: what the transcript shows. */
function story(s: Session): string[] {
  return s.events.map((e: SessionEvent) => {
    if (e.kind === 'command') return `C ${e.line}${e.reply !== undefined ? ` -> ${(s.events[e.reply] as { code?: string }).code}` : ''}`;
    if (e.kind === 'reply') return `S ${e.code ?? ''}`;
    if (e.kind === 'data') return `C data message ${e.message}`;
    return e.kind;
  });
}

/** `after`: the octets after the smuggling sequence in the client buffer when the server's replies showed how it read them. */
function expectSmuggled(s: Session, after: number, dataMessages: number[]): void {
  expect(found(s, 'SMTP-UNEXPECTED-REPLY')).toEqual([]);
  expect(found(s, 'SMTP-UNKNOWN-COMMAND')).toEqual([]);
  const v = found(s, 'SMTP-SMUGGLING-END-OF-DATA');
  expect(v).toHaveLength(1);
  expect(v[0]!.severity).toBe('error');
  expect(v[0]!.message).toBe('the message was ended by <LF>.<CR><LF> instead of <CR><LF>.<CR><LF>');
  expect(s.messages).toHaveLength(2);
  expect(s.messages[0]!.headers.subject).toBe('Hello');
  expect(s.messages[0]!.size).toBe(27);
  expect(s.messages[0]!.complete).toBe(true);
  expect(s.messages[1]!.headers.subject).toBe('Urgent');
  expect(s.messages[1]!.envelope?.from).toBe('ceo@example.net');
  expect(s.messages[1]!.complete).toBe(true);
  const hidden = commands(s).slice(-3);
  expect(hidden.map((c) => c.line)).toEqual(['MAIL FROM:<ceo@example.net>', 'RCPT TO:<alice@example.net>', 'DATA']);
  expect(hidden.map((c) => c.reply !== undefined && s.events[c.reply]!.kind === 'reply' ? (s.events[c.reply] as { code?: string }).code : undefined)).toEqual(['250', '250', '354']);
  expect(replies(s).filter((r) => r.detail?.['endOfData'] === true).map((r) => r.detail?.['message'])).toEqual([0, 1]);
  expect(dataEvents(s).map((d) => d.message)).toEqual(dataMessages);
  expect(notes(s)).toContain(
    `the server answered as if the <LF>.<CR><LF> at stream offset 115 ended the message, so the ${after} octets the client sent after it are read as the commands the server saw`,
  );
}

describe('SMTP decoder: a lenient server that ends the data at a smuggling sequence', () => {
  it('SMTP-SMUGGLING-END-OF-DATA: triggered by hidden commands and message in one segment, the replies to them in one', () => {
    const s = inTransaction().c('DATA\r\n').s('354 go\r\n').c(FIRST + HIDDEN + '.\r\n').s(REPLIES.join('') + LAST).end();
    expectSmuggled(s, HIDDEN.length + 3, [0, 1]);
    expect(story(s).slice(-12)).toEqual([
      'S 354',
      'C data message 0',
      'note',
      'C MAIL FROM:<ceo@example.net> -> 250',
      'C RCPT TO:<alice@example.net> -> 250',
      'C DATA -> 354',
      'S 250',
      'S 250',
      'S 250',
      'C data message 1',
      'S 354',
      'S 250',
    ]);
  });

  it('SMTP-SMUGGLING-END-OF-DATA: triggered by the same bytes with the final dot line sent after the replies', () => {
    const s = inTransaction().c('DATA\r\n').s('354 go\r\n').c(FIRST + HIDDEN).s(REPLIES.join('')).c('.\r\n').s(LAST).end();
    expectSmuggled(s, HIDDEN.length, [0, 1, 1]);
    expect(HIDDEN.length).toBe(122);
    // Message 2's text was sent before the 354, its end-of-data line after it.
    expect(story(s).slice(-12)).toEqual([
      'C data message 0',
      'note',
      'C MAIL FROM:<ceo@example.net> -> 250',
      'C RCPT TO:<alice@example.net> -> 250',
      'C DATA -> 354',
      'S 250',
      'S 250',
      'S 250',
      'C data message 1',
      'S 354',
      'C data message 1',
      'S 250',
    ]);
  });

  it('SMTP-SMUGGLING-END-OF-DATA: a lenient server whose replies to the hidden commands come one by one is only noted', () => {
    let h = inTransaction().c('DATA\r\n').s('354 go\r\n').c(FIRST + HIDDEN + '.\r\n');
    for (const r of [...REPLIES, LAST]) h = h.s(r);
    const s = h.end();
    expect(s.messages).toHaveLength(1);
    expect(found(s, 'SMTP-UNEXPECTED-REPLY')).toHaveLength(1);
    expect(notes(s)).toContain(
      'the server may have ended the message at the <LF>.<CR><LF> at stream offset 115 and read the text after it as commands (SMTP smuggling): its replies to them came after its first reply, so that text is still shown as the message',
    );
  });

  it('SMTP-SMUGGLING-END-OF-DATA: not taken as the end by a strict server that answers once, after <CR><LF>.<CR><LF>', () => {
    const s = inTransaction().c('DATA\r\n').s('354 go\r\n').c(FIRST + HIDDEN + '.\r\n').s('250 2.0.0 Ok: queued as A1\r\n').c('QUIT\r\n').s('221 bye\r\n').end();
    expect(ids(s)).toEqual(['SMTP-SMUGGLING-END-OF-DATA', 'SMTP-BARE-LF']);
    expect(found(s, 'SMTP-SMUGGLING-END-OF-DATA')[0]!.message).toBe('<LF>.<CR><LF> at stream offset 115 could end the message on a lenient server');
    expect(s.messages).toHaveLength(1);
    expect(s.messages[0]!.size).toBe(27 + 3 + HIDDEN.length);
    expect(notes(s)).toEqual([]);
    expect(story(s).slice(-5)).toEqual(['C data message 0', 'C data message 0', 'S 250', 'C QUIT -> 221', 'S 221']);
  });
});
