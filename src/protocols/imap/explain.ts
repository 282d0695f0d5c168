/** One-sentence explanations of IMAP commands for the transcript's `--explain`. */

type Explanation = { text: string; rfc: string };

const EXPLANATIONS: ReadonlyMap<string, Explanation> = new Map([
  ['CAPABILITY', { text: 'CAPABILITY asks which extensions and login methods the server supports (IMAP4rev1, IDLE, STARTTLS, AUTH=PLAIN, ...)', rfc: 'RFC 9051 §6.1.1' }],
  ['NOOP', { text: 'NOOP does nothing but lets the server report news (new messages, flag changes); it also keeps the connection alive', rfc: 'RFC 9051 §6.1.2' }],
  ['LOGOUT', { text: 'LOGOUT ends the session: the server answers * BYE and then OK, and closes the connection', rfc: 'RFC 9051 §6.1.3' }],
  ['STARTTLS', { text: 'STARTTLS asks to switch the connection to TLS; after the tagged OK both sides start the TLS handshake', rfc: 'RFC 9051 §6.2.1' }],
  ['AUTHENTICATE', { text: 'AUTHENTICATE logs in with a SASL mechanism: the server sends "+" challenges, the client answers with base64 lines', rfc: 'RFC 9051 §6.2.2' }],
  ['LOGIN', { text: 'LOGIN logs in with a user name and a password, both sent as they are (readable unless the connection uses TLS)', rfc: 'RFC 9051 §6.2.3' }],
  ['ENABLE', { text: 'ENABLE switches on extensions that change how the server talks (CONDSTORE, QRESYNC, UTF8=ACCEPT, ...)', rfc: 'RFC 9051 §6.3.1' }],
  ['SELECT', { text: 'SELECT opens a mailbox for reading and changing; the server reports how many messages it has (EXISTS), its flags and its UIDVALIDITY', rfc: 'RFC 9051 §6.3.2' }],
  ['EXAMINE', { text: 'EXAMINE opens a mailbox read-only: like SELECT, but nothing can be changed (not even the \\Seen flag)', rfc: 'RFC 9051 §6.3.3' }],
  ['CREATE', { text: 'CREATE makes a new mailbox (folder) with the given name', rfc: 'RFC 9051 §6.3.4' }],
  ['DELETE', { text: 'DELETE removes a mailbox and the messages in it', rfc: 'RFC 9051 §6.3.5' }],
  ['RENAME', { text: 'RENAME gives a mailbox a new name (renaming INBOX moves its messages to a new mailbox)', rfc: 'RFC 9051 §6.3.6' }],
  ['SUBSCRIBE', { text: 'SUBSCRIBE adds a mailbox to the list of mailboxes the user wants to see', rfc: 'RFC 9051 §6.3.7' }],
  ['UNSUBSCRIBE', { text: 'UNSUBSCRIBE takes a mailbox off the list of subscribed mailboxes', rfc: 'RFC 9051 §6.3.8' }],
  ['LIST', { text: 'LIST finds mailboxes whose names match a pattern (* matches everything, % one level); each answer is a * LIST line', rfc: 'RFC 9051 §6.3.9' }],
  ['LSUB', { text: 'LSUB lists the subscribed mailboxes that match a pattern (RFC 3501; replaced by LIST (SUBSCRIBED) in IMAP4rev2)', rfc: 'RFC 3501 §6.3.9' }],
  ['NAMESPACE', { text: 'NAMESPACE asks where personal, other users\u2019 and shared mailboxes live and which hierarchy delimiter they use', rfc: 'RFC 9051 §6.3.10' }],
  ['STATUS', { text: 'STATUS asks for counts of a mailbox (MESSAGES, UNSEEN, UIDNEXT, ...) without selecting it', rfc: 'RFC 9051 §6.3.11' }],
  ['APPEND', { text: 'APPEND uploads a whole message into a mailbox (for example a sent message into Sent); the message follows as a literal', rfc: 'RFC 9051 §6.3.12' }],
  ['IDLE', { text: 'IDLE waits for the server to push news (new mail, expunges) as it happens, until the client sends DONE', rfc: 'RFC 9051 §6.3.13' }],
  ['DONE', { text: 'DONE ends IDLE; the server then completes the IDLE command with its tagged OK', rfc: 'RFC 9051 §6.3.13' }],
  ['CHECK', { text: 'CHECK asks the server to save the selected mailbox\u2019s state to disk (RFC 3501; removed in IMAP4rev2)', rfc: 'RFC 3501 §6.4.1' }],
  ['CLOSE', { text: 'CLOSE leaves the selected mailbox and permanently removes the messages flagged \\Deleted in it', rfc: 'RFC 9051 §6.4.1' }],
  ['UNSELECT', { text: 'UNSELECT leaves the selected mailbox without removing \\Deleted messages', rfc: 'RFC 9051 §6.4.2' }],
  ['EXPUNGE', { text: 'EXPUNGE permanently removes the messages flagged \\Deleted; the server reports each one with * n EXPUNGE', rfc: 'RFC 9051 §6.4.3' }],
  ['SEARCH', { text: 'SEARCH finds the messages that match the criteria (FROM, SINCE, UNSEEN, ...) and answers with their numbers', rfc: 'RFC 9051 §6.4.4' }],
  ['FETCH', { text: 'FETCH downloads data about messages: flags, envelope, size, structure, or the message text itself (BODY[...])', rfc: 'RFC 9051 §6.4.5' }],
  ['STORE', { text: 'STORE changes the flags of messages (+FLAGS adds, -FLAGS removes, FLAGS replaces); \\Deleted marks for removal', rfc: 'RFC 9051 §6.4.6' }],
  ['COPY', { text: 'COPY copies messages into another mailbox', rfc: 'RFC 9051 §6.4.7' }],
  ['MOVE', { text: 'MOVE moves messages into another mailbox (copy and expunge in one step)', rfc: 'RFC 9051 §6.4.8' }],
  ['UID FETCH', { text: 'UID FETCH is FETCH with unique identifiers, which stay valid across sessions, instead of message numbers', rfc: 'RFC 9051 §6.4.9' }],
  ['UID SEARCH', { text: 'UID SEARCH is SEARCH answering with unique identifiers instead of message numbers', rfc: 'RFC 9051 §6.4.9' }],
  ['UID STORE', { text: 'UID STORE is STORE addressing messages by unique identifier', rfc: 'RFC 9051 §6.4.9' }],
  ['UID COPY', { text: 'UID COPY is COPY addressing messages by unique identifier', rfc: 'RFC 9051 §6.4.9' }],
  ['UID MOVE', { text: 'UID MOVE is MOVE addressing messages by unique identifier', rfc: 'RFC 9051 §6.4.9' }],
  ['UID EXPUNGE', { text: 'UID EXPUNGE removes only the \\Deleted messages with the given unique identifiers', rfc: 'RFC 9051 §6.4.9' }],
  ['ID', { text: 'ID exchanges names and versions of the client and server software', rfc: 'RFC 2971 §3.1' }],
  ['COMPRESS', { text: 'COMPRESS DEFLATE turns on compression: after the tagged OK both directions are deflate-compressed', rfc: 'RFC 4978 §3' }],
  ['GETQUOTA', { text: 'GETQUOTA asks for the usage and limits of a quota root (storage, message count)', rfc: 'RFC 9208 §4.1' }],
  ['GETQUOTAROOT', { text: 'GETQUOTAROOT asks which quota roots a mailbox belongs to, with their usage and limits', rfc: 'RFC 9208 §4.2' }],
  ['SETQUOTA', { text: 'SETQUOTA changes the limits of a quota root (an administrator command)', rfc: 'RFC 9208 §4.3' }],
  ['SORT', { text: 'SORT is SEARCH that also sorts the results (by date, sender, subject, ...)', rfc: 'RFC 5256 §3' }],
  ['THREAD', { text: 'THREAD is SEARCH that groups the results into conversation threads', rfc: 'RFC 5256 §3' }],
  ['UID SORT', { text: 'UID SORT is SORT answering with unique identifiers instead of message numbers', rfc: 'RFC 5256 §3' }],
  ['UID THREAD', { text: 'UID THREAD is THREAD answering with unique identifiers instead of message numbers', rfc: 'RFC 5256 §3' }],
]);

/** A short explanation of an IMAP command (its verb, `UID FETCH` for two words), or undefined for an unknown one. */
export function explainImapCommand(verb: string): Explanation | undefined {
  return EXPLANATIONS.get(verb.toUpperCase());
}
