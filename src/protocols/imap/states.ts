/**
 * The IMAP connection states (RFC 9051 §3) and which commands each allows (§6), as a table that
 * docs can print. `unknown` is the state of a capture that starts after the greeting: nothing is
 * checked until a command's completion says where the connection is.
 */

export type ImapState = 'unknown' | 'not-authenticated' | 'authenticated' | 'selected' | 'logout';

/** The states in which a command is valid. Commands not listed (extensions) are not checked. */
const ANY: readonly ImapState[] = ['not-authenticated', 'authenticated', 'selected'];
const NOT_AUTH: readonly ImapState[] = ['not-authenticated'];
const AUTH: readonly ImapState[] = ['authenticated', 'selected'];
const SELECTED: readonly ImapState[] = ['selected'];

export const COMMAND_STATES: ReadonlyMap<string, readonly ImapState[]> = new Map([
  // §6.1 any state
  ['CAPABILITY', ANY],
  ['NOOP', ANY],
  ['LOGOUT', ANY],
  ['ID', ANY],
  // §6.2 not authenticated
  ['STARTTLS', NOT_AUTH],
  ['AUTHENTICATE', NOT_AUTH],
  ['LOGIN', NOT_AUTH],
  // §6.3 authenticated (and so also selected)
  ['ENABLE', AUTH],
  ['SELECT', AUTH],
  ['EXAMINE', AUTH],
  ['CREATE', AUTH],
  ['DELETE', AUTH],
  ['RENAME', AUTH],
  ['SUBSCRIBE', AUTH],
  ['UNSUBSCRIBE', AUTH],
  ['LIST', AUTH],
  ['LSUB', AUTH],
  ['NAMESPACE', AUTH],
  ['STATUS', AUTH],
  ['APPEND', AUTH],
  ['IDLE', AUTH],
  ['GETQUOTA', AUTH],
  ['GETQUOTAROOT', AUTH],
  ['SETQUOTA', AUTH],
  // §6.4 selected
  ['CHECK', SELECTED],
  ['CLOSE', SELECTED],
  ['UNSELECT', SELECTED],
  ['EXPUNGE', SELECTED],
  ['SEARCH', SELECTED],
  ['FETCH', SELECTED],
  ['STORE', SELECTED],
  ['COPY', SELECTED],
  ['MOVE', SELECTED],
  ['SORT', SELECTED],
  ['THREAD', SELECTED],
  ['UID FETCH', SELECTED],
  ['UID SEARCH', SELECTED],
  ['UID STORE', SELECTED],
  ['UID COPY', SELECTED],
  ['UID MOVE', SELECTED],
  ['UID EXPUNGE', SELECTED],
  ['UID SORT', SELECTED],
  ['UID THREAD', SELECTED],
]);

/** Whether `verb` may be sent in `state` (true for unknown states and unlisted commands). */
export function validIn(verb: string, state: ImapState): boolean {
  if (state === 'unknown') return true;
  const states = COMMAND_STATES.get(verb);
  return states === undefined ? state !== 'logout' : states.includes(state);
}

/** Human wording for messages: `not authenticated`, `selected`. */
export function stateName(state: ImapState): string {
  return state.replace('-', ' ');
}

/** The states in which `verb` is valid, for violation messages. */
export function statesOf(verb: string): string {
  return (COMMAND_STATES.get(verb) ?? ANY).map(stateName).join(' or ');
}

/** Whether the command is one IMAP knows (used to recognise a command line after a gap). */
export function isKnownCommand(verb: string): boolean {
  return COMMAND_STATES.has(verb) || verb === 'COMPRESS' || verb === 'UNAUTHENTICATE' || verb === 'GETACL' || verb === 'MYRIGHTS';
}
