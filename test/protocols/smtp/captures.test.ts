/**
 * The SMTP decoder on real captures from the corpus copied into test/fixtures/corpus (see
 * captures/SOURCES.md): the cases the brief names — refused DATA, BDAT, the client that talks
 * first, one-sided captures, a lenient server ending a message on <CR><LF>.<LF>, STARTTLS.
 */
import { describe, expect, it } from 'vitest';
import type { CommandEvent, NoteEvent } from '../../../src/model/events.js';
import type { Session } from '../../../src/model/session.js';
import { analyzeCapture } from '../../../src/pipeline.js';

const DIR = new URL('../../fixtures/corpus/', import.meta.url).pathname;

async function smtpSessions(file: string): Promise<Session[]> {
  const sessions: Session[] = [];
  await analyzeCapture(DIR + file, { sessions: { sessionEnd: (s) => sessions.push(s) } });
  return sessions.filter((s) => s.protocol === 'smtp').sort((a, b) => a.id - b.id);
}

const verbs = (s: Session): string[] => s.events.filter((e): e is CommandEvent => e.kind === 'command').map((e) => e.verb);
const ids = (s: Session): string[] => s.violations.map((v) => v.id);
const notes = (s: Session): string[] => s.events.filter((e): e is NoteEvent => e.kind === 'note').map((e) => e.text);
const replyCode = (s: Session, i: number | undefined): string | undefined => {
  const ev = i === undefined ? undefined : s.events[i];
  return ev?.kind === 'reply' ? ev.code : undefined;
};

describe('SMTP decoder on real captures', () => {
  it('reads the commands after a refused DATA as commands (suricata smtp-data-rejected)', async () => {
    const [s] = await smtpSessions('suricata-verify/smtp-data-rejected_10.7.29.101_49898-178.63.41.150_25.pcap');
    expect(verbs(s!)).toEqual(['EHLO', 'MAIL', 'RCPT', 'DATA', 'RSET', 'MAIL', 'RCPT', 'DATA']);
    expect(s!.messages).toHaveLength(1);
    const m = s!.messages[0]!;
    expect(m.envelope).toEqual({ from: 'uprootedx38@gateway2c.dhl.com', to: ['mirjam@abrakadabra.ch'] });
    expect(m.headers.subject).toBe('DHL Documents;BL/CI;S1800389114_H0060086');
    expect([m.size, m.complete, replyCode(s!, m.reply)]).toEqual([114252, true, '554']);
    expect(ids(s!)).toEqual(['SMTP-8BIT-WITHOUT-BODY', 'SMTP-PATH-SPACE-AFTER-COLON']);
  });

  it('reads a BDAT LAST message (zeek rfc3030-bdat-example1) and the messages of pipelined BDAT chunks', async () => {
    const [bdat] = await smtpSessions('zeek/smtp_rfc3030-bdat-example1.pcap');
    expect(bdat!.messages.map((m) => [m.via, m.size, m.complete, m.headers.subject])).toEqual([['smtp-bdat', 86, true, 'This is a bodyless test message']]);
    expect(ids(bdat!)).toEqual([]);
    const [piped] = await smtpSessions('suricata-verify/smtp-bdat-pipelined-next-mail.pcap');
    expect(verbs(piped!)).toEqual(['EHLO', 'MAIL', 'RCPT', 'BDAT', 'BDAT', 'MAIL', 'RCPT', 'DATA', 'QUIT']);
    expect(piped!.messages.map((m) => [m.via, m.size, m.headers.subject, replyCode(piped!, m.reply)])).toEqual([
      ['smtp-bdat', 216, 'pipelined BDAT', '250'],
      ['smtp-data', 225, 'after pipelined BDAT', '250'],
    ]);
    expect(ids(piped!)).toEqual([]);
  });

  it('reports each malformed BDAT of zeek smtp-bdat-cmd-invalid and reads no chunk after it', async () => {
    const sessions = await smtpSessions('zeek/smtp_smtp-bdat-cmd-invalid.pcapng');
    expect(sessions.map((s) => s.violations.map((v) => v.message))).toEqual([
      ['BDAT without a chunk size'],
      ['BDAT chunk size followed by "SCRAMBLE" instead of LAST'],
      ['BDAT chunk size "SCRAMBLE" is not a decimal number'],
    ]);
    for (const s of sessions) expect(verbs(s)).toEqual(['EHLO', 'MAIL', 'RCPT', 'BDAT', 'QUIT']);
  });

  it('decodes a client that sends everything before the greeting (arkime smtp-moloch-bof)', async () => {
    const [s] = await smtpSessions('arkime/smtp-moloch-bof.pcap');
    expect(verbs(s!)).toEqual(['HELO', 'MAIL', 'RCPT', 'DATA', 'QUIT']);
    expect(s!.messages.map((m) => [m.headers.subject, m.complete, replyCode(s!, m.reply)])).toEqual([['MIME test', true, '250']]);
    expect(ids(s!)).toContain('SMTP-CMD-BEFORE-GREETING');
  });

  it('decodes a capture with only the client side (zeek smtp-one-side-only)', async () => {
    const [s] = await smtpSessions('zeek/smtp-one-side-only.pcap');
    expect(verbs(s!)).toEqual(['EHLO', 'MAIL', 'RCPT', 'DATA', 'MAIL', 'RCPT', 'DATA', 'QUIT']);
    expect(s!.messages.map((m) => [m.headers.subject, m.envelope?.to, m.complete])).toEqual([
      ['Hello1!', ['robin@icir.org'], true],
      ['Hello2!', ['rsommer@lbl.gov'], true],
    ]);
    expect(notes(s!)).toEqual([
      'no reply from the server in the capture: the bytes after DATA are taken as the message text',
      'no reply from the server in the capture: the bytes after DATA are taken as the message text',
    ]);
  });

  it('sees a Sendmail server end a message on <CR><LF>.<LF> (arkime smtp-subject-windows)', async () => {
    const [s] = await smtpSessions('arkime/smtp-subject-windows.pcap');
    expect(s!.violations.find((v) => v.id === 'SMTP-SMUGGLING-END-OF-DATA')?.message).toBe('the message was ended by <CR><LF>.<LF> instead of <CR><LF>.<CR><LF>');
    expect(notes(s!)).toContain(
      'the server answered before <CR><LF>.<CR><LF>: it took the <CR><LF>.<LF> at stream offset 206 as the end of data, so it read the 1 octet after it as commands',
    );
    expect(s!.messages.map((m) => [m.size, m.complete, replyCode(s!, m.reply)])).toEqual([[122, true, '250']]);
  });

  it('hands a STARTTLS session to TLS after the 220 (zeek tls_smtp-starttls)', async () => {
    const [s] = await smtpSessions('zeek/tls_smtp-starttls.pcap');
    expect(verbs(s!)).toEqual(['EHLO', 'STARTTLS']);
    expect(s!.tls).toBe('starttls');
    expect(ids(s!)).toEqual([]);
  });
});
