/**
 * Sessions for the filter tests, decoded from bytes through the real session layer
 * (SessionHarness): one per protocol with commands, replies, messages and authentication, one
 * SMTP session upgraded with STARTTLS, and one with bytes missing. The violations they show are
 * deliberate: cleartext authentication (warnings) and a bare LF (an error).
 */
import type { Session } from '../../src/model/session.js';
import { SessionHarness } from '../helpers/session.js';
import { CT, clientHello, record, serverHello, serverVersionExt, sniExt } from '../tls/tls-builders.js';

/** SMTP, cleartext: EHLO, AUTH PLAIN, one message to two recipients (one refused), QUIT. */
export function smtpSession(): Session {
  return new SessionHarness('smtp')
    .s('220 mx.example.com ESMTP\r\n')
    .c('EHLO client.example.org\r\n')
    .s('250-mx.example.com\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n')
    .c('AUTH PLAIN AGJvYgBzZWNyZXQ=\r\n')
    .s('235 2.7.0 Authentication successful\r\n')
    .c('MAIL FROM:<bob@example.org>\r\n')
    .s('250 2.1.0 Ok\r\n')
    .c('RCPT TO:<alice@example.com>\r\n')
    .s('250 2.1.5 Ok\r\n')
    .c('RCPT TO:<nobody@example.com>\r\n')
    .s('550 5.1.1 No such user\r\n')
    .c('DATA\r\n')
    .s('354 End data with <CR><LF>.<CR><LF>\r\n')
    .c('From: Bob <bob@example.org>\r\nTo: Alice <alice@example.com>\r\nCc: carol@example.net\r\nSubject: Quarterly Report\r\n\r\nHello Alice\r\n.\r\n')
    .s('250 2.0.0 Ok: queued as 12345\r\n')
    .c('QUIT\r\n')
    .s('221 2.0.0 Bye\r\n')
    .end();
}

/** POP3: USER/PASS, a failed RETR, one message retrieved, QUIT. */
export function pop3Session(): Session {
  return new SessionHarness('pop3')
    .s('+OK POP3 ready\r\n')
    .c('USER carol\r\n')
    .s('+OK\r\n')
    .c('PASS hunter2\r\n')
    .s('+OK logged in\r\n')
    .c('RETR 9\r\n')
    .s('-ERR no such message\r\n')
    .c('RETR 1\r\n')
    .s('+OK 77 octets\r\nFrom: dave@example.net\r\nTo: carol@example.org\r\nSubject: lunch\r\n\r\nNoon?\r\n.\r\n')
    .c('QUIT\r\n')
    .s('+OK bye\r\n')
    .end();
}

/** IMAP: LOGIN, SELECT INBOX, FETCH of a whole message, APPEND to Sent, a NO, LOGOUT. */
export function imapSession(): Session {
  const fetched = 'From: Erin <erin@example.org>\r\nTo: frank@example.com\r\nSubject: Minutes\r\n\r\nSee attached.\r\n';
  const appended = 'From: frank@example.com\r\nTo: erin@example.org\r\nSubject: Re: Minutes\r\n\r\nThanks.\r\n';
  return new SessionHarness('imap')
    .s('* OK [CAPABILITY IMAP4rev1 LITERAL+] ready\r\n')
    .c('a1 LOGIN frank secret\r\n')
    .s('a1 OK LOGIN completed\r\n')
    .c('a2 SELECT inbox\r\n')
    .s('* 3 EXISTS\r\na2 OK [READ-WRITE] SELECT completed\r\n')
    .c('a3 FETCH 1 BODY[]\r\n')
    .s(`* 1 FETCH (BODY[] {${fetched.length}}\r\n${fetched})\r\na3 OK FETCH completed\r\n`)
    .c(`a4 APPEND Sent {${appended.length}+}\r\n${appended}\r\n`)
    .s('a4 OK APPEND completed\r\n')
    .c('a5 SELECT Archive\r\n')
    .s('a5 NO no such mailbox\r\n')
    .c('a6 LOGOUT\r\n')
    .s('* BYE logging out\r\na6 OK LOGOUT completed\r\n')
    .end();
}

/** SMTP upgraded with STARTTLS: a ClientHello naming mail.example.com, a TLS 1.3 ServerHello. */
export function smtpStarttlsSession(): Session {
  return new SessionHarness('smtp')
    .s('220 mx.example.com ESMTP\r\n')
    .c('EHLO client.example.org\r\n')
    .s('250-mx.example.com\r\n250 STARTTLS\r\n')
    .c('STARTTLS\r\n')
    .s('220 2.0.0 Ready to start TLS\r\n')
    .c(record(CT.HANDSHAKE, clientHello({ extensions: [sniExt('mail.example.com')] })))
    .s(record(CT.HANDSHAKE, serverHello({ cipher: 0x1301, extensions: [serverVersionExt(0x0304)] })))
    .end();
}

/** SMTP with 100 bytes of the server's stream missing, and QUIT ended by a bare LF (SMTP-BARE-LF, an error). */
export function smtpGapSession(): Session {
  return new SessionHarness('smtp')
    .s('220 mx.example.com ESMTP\r\n')
    .c('HELO client.example.org\r\n')
    .s('250 mx.example.com\r\n')
    .gap('S', 100)
    .c('QUIT\n')
    .s('221 Bye\r\n')
    .end();
}
