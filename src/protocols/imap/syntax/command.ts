/**
 * Client commands (RFC 9051 §6, RFC 3501, and the extensions: ENABLE, IDLE, ID, LIST-EXTENDED,
 * MOVE, UIDPLUS, CONDSTORE, COMPRESS, QUOTA, MULTIAPPEND, LITERAL+): tag, verb, and the arguments
 * of each command parsed per its ABNF. Unknown commands parse generically (their arguments as
 * values), so extensions are shown rather than rejected.
 */
import {
  astring,
  atom,
  dateTime,
  flag,
  flagList,
  isAtomChar,
  list,
  listMailbox,
  literal,
  mailbox,
  sequenceSet,
  tag,
  value,
  values,
  type ImapValue,
} from './core.js';
import { fetchItems } from './fetch.js';
import { type Cursor, type ImapString, type MessagePart, type ParseResult, run, type LiteralRole } from './input.js';
import { idParams } from './response.js';
import { isBase64 } from '../../sasl.js';
import { searchKeys } from './search.js';
import type { Command, CommandArgs } from './types.js';
import { LPAREN, SP } from './chars.js';


/** Parses one client command (a line with its literals). */
export function parseCommand(parts: readonly MessagePart[]): ParseResult<Command> {
  return run(parts, command, true);
}

/** Commands that `UID` may prefix. */
const UID_COMMANDS = new Set(['COPY', 'MOVE', 'FETCH', 'SEARCH', 'STORE', 'EXPUNGE', 'SORT', 'THREAD']);

/** Commands without arguments. */
const NO_ARGS = new Set(['CAPABILITY', 'NOOP', 'LOGOUT', 'STARTTLS', 'CHECK', 'CLOSE', 'UNSELECT', 'EXPUNGE', 'IDLE', 'NAMESPACE']);

/** command = tag SP (command-any / command-auth / command-nonauth / command-select) CRLF */
export function command(cur: Cursor): Command {
  const t = tag(cur);
  cur.sp();
  let verb = atom(cur, 'command name').toUpperCase();
  if (verb === 'UID') {
    cur.sp();
    const at = cur.pos;
    const sub = atom(cur, 'command after UID').toUpperCase();
    if (!UID_COMMANDS.has(sub)) cur.fail('COPY, MOVE, FETCH, SEARCH, STORE or EXPUNGE after UID', at);
    verb = `UID ${sub}`;
  }
  const args = commandArgs(cur, verb);
  cur.end();
  return { tag: t, verb, args };
}

/** Reads the tag and verb of a command line without parsing the rest (used before the whole command has arrived). */
export function commandVerb(line: Buffer): { tag: string; verb: string } | null {
  const sp1 = line.indexOf(SP);
  if (sp1 <= 0) return null;
  let end = sp1 + 1;
  while (end < line.length && isAtomChar(line[end]!)) end++;
  if (end === sp1 + 1) return null;
  let verb = line.toString('latin1', sp1 + 1, end).toUpperCase();
  if (verb === 'UID' && line[end] === SP) {
    let e2 = end + 1;
    while (e2 < line.length && isAtomChar(line[e2]!)) e2++;
    if (e2 > end + 1) verb = `UID ${line.toString('latin1', end + 1, e2).toUpperCase()}`;
  }
  return { tag: line.toString('latin1', 0, sp1), verb };
}

function commandArgs(cur: Cursor, verb: string): CommandArgs {
  if (NO_ARGS.has(verb)) return {};
  switch (verb) {
    case 'AUTHENTICATE':
      return authenticate(cur);
    case 'LOGIN': {
      cur.sp();
      const user = astring(cur);
      cur.sp();
      return { user, password: astring(cur, { kind: 'secret' }) };
    }
    case 'ENABLE': {
      const capabilities: string[] = [];
      do {
        cur.sp();
        capabilities.push(atom(cur, 'capability'));
      } while (cur.peek() === SP);
      return { capabilities };
    }
    case 'SELECT':
    case 'EXAMINE':
    case 'CREATE':
      return mailboxWithParams(cur);
    case 'DELETE':
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE':
    case 'GETQUOTAROOT':
      cur.sp();
      return { mailbox: mailbox(cur) };
    case 'RENAME': {
      cur.sp();
      const from = mailbox(cur);
      cur.sp();
      const args: CommandArgs = { mailbox: from, newName: mailbox(cur) };
      const params = optionalParams(cur);
      if (params) args.params = params;
      return args;
    }
    case 'LIST':
      return listCommand(cur);
    case 'LSUB': {
      cur.sp();
      const reference = mailbox(cur);
      cur.sp();
      return { reference, patterns: [listMailbox(cur)] };
    }
    case 'STATUS': {
      cur.sp();
      const mb = mailbox(cur);
      cur.sp();
      const items = list(cur, (c) => atom(c, 'status item').toUpperCase(), 'the status items', false);
      return { mailbox: mb, items };
    }
    case 'APPEND':
      return append(cur);
    case 'SEARCH':
    case 'UID SEARCH':
      return search(cur);
    case 'FETCH':
    case 'UID FETCH': {
      cur.sp();
      const sequence = sequenceSet(cur);
      cur.sp();
      const args: CommandArgs = { sequence, items: fetchItems(cur) };
      const params = optionalParams(cur);
      if (params) args.params = params;
      return args;
    }
    case 'STORE':
    case 'UID STORE':
      return store(cur);
    case 'COPY':
    case 'MOVE':
    case 'UID COPY':
    case 'UID MOVE': {
      cur.sp();
      const sequence = sequenceSet(cur);
      cur.sp();
      return { sequence, mailbox: mailbox(cur) };
    }
    case 'UID EXPUNGE':
      cur.sp();
      return { sequence: sequenceSet(cur, 'UID set') };
    case 'ID':
      cur.sp();
      return { id: idParams(cur) };
    case 'COMPRESS':
      cur.sp();
      return { mechanism: atom(cur, 'compression mechanism').toUpperCase() };
    case 'GETQUOTA':
      cur.sp();
      return { root: astring(cur) };
    default:
      return { values: values(cur) };
  }
}

/** AUTHENTICATE SP auth-type [SP (base64 / "=")] (SASL-IR, RFC 4959). */
function authenticate(cur: Cursor): CommandArgs {
  cur.sp();
  const mechanism = atom(cur, 'SASL mechanism').toUpperCase();
  const args: CommandArgs = { mechanism };
  if (cur.peek() === SP) {
    cur.advance();
    const start = cur.pos;
    while (!cur.eol) cur.advance();
    const ir = cur.slice(start).toString('latin1');
    if (ir === '' || (ir !== '=' && !isBase64(ir))) cur.fail('base64 initial response or "="', start);
    cur.secrets.push({ part: cur.part, start, end: cur.pos });
    args.initialResponse = ir;
  }
  return args;
}


/** mailbox [SP "(" param *(SP param) ")"] (SELECT/EXAMINE with CONDSTORE/QRESYNC, CREATE with USE). */
function mailboxWithParams(cur: Cursor): CommandArgs {
  cur.sp();
  const args: CommandArgs = { mailbox: mailbox(cur) };
  const params = optionalParams(cur);
  if (params) args.params = params;
  return args;
}

/** [SP "(" value *(SP value) ")"] */
function optionalParams(cur: Cursor): ImapValue[] | null {
  if (cur.peek() !== SP) return null;
  cur.advance();
  return list(cur, (c) => value(c), 'the parameters', false);
}

/** LIST [SP list-select-opts] SP mailbox SP mbox-or-pat [SP list-return-opts] (RFC 5258). */
function listCommand(cur: Cursor): CommandArgs {
  cur.sp();
  const args: CommandArgs = {};
  if (cur.peek() === LPAREN) {
    args.selection = list(cur, (c) => atom(c, 'selection option').toUpperCase(), 'the selection options');
    cur.sp();
  }
  args.reference = mailbox(cur);
  cur.sp();
  args.patterns = cur.peek() === LPAREN ? list(cur, listMailbox, 'the mailbox patterns', false) : [listMailbox(cur)];
  if (cur.peek() === SP) {
    cur.advance();
    cur.expectKeyword('RETURN');
    cur.sp();
    args.return = list(cur, (c) => value(c), 'the return options');
  }
  return args;
}

/**
 * APPEND SP mailbox 1*append-message; append-message = [SP flag-list] [SP date-time] SP
 * (literal / literal8 / "CATENATE" ...). Several messages form a MULTIAPPEND (RFC 3502).
 */
function append(cur: Cursor): CommandArgs {
  cur.sp();
  const mb = mailbox(cur);
  const messages: NonNullable<CommandArgs['messages']> = [];
  const role: LiteralRole = { kind: 'append', mailbox: typeof mb === 'string' ? mb : '' };
  do {
    cur.sp();
    const m: NonNullable<CommandArgs['messages']>[number] = { size: 0 };
    if (cur.peek() === LPAREN) {
      m.flags = flagList(cur);
      cur.sp();
    }
    if (cur.peek() === 0x22) {
      m.date = dateTime(cur);
      cur.sp();
    }
    if (cur.keyword('CATENATE')) {
      cur.sp();
      m.catenate = list(cur, (c) => value(c), 'the CATENATE parts', false);
    } else {
      const binary = cur.peek() === 0x7e;
      if (!binary && cur.peek() !== 0x7b) cur.fail('the message as a literal');
      literal(cur, role, binary);
      const lit = cur.lastLiteral!;
      m.size = lit.size;
      if (binary) m.binary = true;
      if (lit.event !== undefined) m.event = lit.event;
      if (lit.message !== undefined) m.message = lit.message;
    }
    messages.push(m);
  } while (cur.peek() === SP);
  return { mailbox: mb, messages };
}

/** SEARCH [SP "RETURN" SP "(" ... ")"] [SP "CHARSET" SP charset] 1*(SP search-key) */
function search(cur: Cursor): CommandArgs {
  const args: CommandArgs = {};
  let m = cur.mark();
  cur.sp();
  if (cur.keyword('RETURN') && cur.peek() === SP) {
    cur.sp();
    args.return = list(cur, (c) => value(c), 'the return options');
    m = cur.mark();
    cur.sp();
  }
  if (cur.keyword('CHARSET') && cur.peek() === SP) {
    cur.sp();
    const cs: ImapString = astring(cur);
    args.charset = typeof cs === 'string' ? cs : '';
  } else cur.reset(m);
  args.criteria = searchKeys(cur);
  return args;
}

/** STORE SP sequence-set [SP "(" store-modifier ")"] SP store-att-flags */
function store(cur: Cursor): CommandArgs {
  cur.sp();
  const sequence = sequenceSet(cur);
  cur.sp();
  const args: CommandArgs = { sequence };
  if (cur.peek() === LPAREN) {
    args.params = list(cur, (c) => value(c), 'the store modifiers', false);
    cur.sp();
  }
  const start = cur.pos;
  let sign = '';
  if (cur.peek() === 0x2b || cur.peek() === 0x2d) {
    sign = String.fromCharCode(cur.peek());
    cur.advance();
  }
  const item = atom(cur, 'FLAGS, +FLAGS or -FLAGS').toUpperCase();
  const silent = item.endsWith('.SILENT');
  const name = silent ? item.slice(0, -7) : item;
  if (name !== 'FLAGS' && !name.startsWith('X-')) cur.fail('FLAGS, +FLAGS or -FLAGS', start);
  cur.sp();
  args.action = sign + name;
  args.silent = silent;
  if (name !== 'FLAGS') args.values = [value(cur)];
  else if (cur.peek() === LPAREN) args.flags = flagList(cur);
  else {
    const flags = [flag(cur)];
    while (cur.peek() === SP) {
      cur.advance();
      flags.push(flag(cur));
    }
    args.flags = flags;
  }
  return args;
}
