/**
 * search-key (RFC 9051 §6.4.4, RFC 3501 keys, and the extensions seen on the wire: CONDSTORE
 * MODSEQ, WITHIN OLDER/YOUNGER, SAVEDATE, OBJECTID, FUZZY, Gmail X-GM-*). Table-driven: each key
 * names the kind of argument it takes.
 */
import { astring, atom, date, flag, list, number64, sequenceSet, string } from './core.js';
import { type Cursor, MAX_NESTING } from './input.js';
import type { SearchKey } from './types.js';

type Arg = 'none' | 'astring' | 'keyword' | 'date' | 'number' | 'header' | 'set' | 'not' | 'or' | 'modseq';

const KEYS: ReadonlyMap<string, Arg> = new Map<string, Arg>([
  ...['ALL', 'ANSWERED', 'DELETED', 'DRAFT', 'FLAGGED', 'NEW', 'OLD', 'RECENT', 'SEEN', 'UNANSWERED', 'UNDELETED', 'UNDRAFT', 'UNFLAGGED', 'UNSEEN', 'SAVEDATESUPPORTED'].map(
    (k): [string, Arg] => [k, 'none'],
  ),
  ...['BCC', 'BODY', 'CC', 'FROM', 'SUBJECT', 'TEXT', 'TO', 'X-GM-RAW', 'X-GM-LABELS', 'EMAILID', 'THREADID'].map((k): [string, Arg] => [k, 'astring']),
  ...['KEYWORD', 'UNKEYWORD'].map((k): [string, Arg] => [k, 'keyword']),
  ...['BEFORE', 'ON', 'SINCE', 'SENTBEFORE', 'SENTON', 'SENTSINCE', 'SAVEDBEFORE', 'SAVEDON', 'SAVEDSINCE'].map((k): [string, Arg] => [k, 'date']),
  ...['LARGER', 'SMALLER', 'OLDER', 'YOUNGER', 'X-GM-MSGID', 'X-GM-THRID'].map((k): [string, Arg] => [k, 'number']),
  ['HEADER', 'header'],
  ['UID', 'set'],
  ['NOT', 'not'],
  ['FUZZY', 'not'],
  ['OR', 'or'],
  ['MODSEQ', 'modseq'],
]);

/** search-key */
export function searchKey(cur: Cursor, depth = 0): SearchKey {
  if (depth > MAX_NESTING) cur.fail(`search keys nested at most ${MAX_NESTING} deep`);
  const b = cur.peek();
  if (b === 0x28) {
    const keys = list(cur, (c) => searchKey(c, depth + 1), 'the search keys', false);
    return { key: 'AND', keys };
  }
  if ((b >= 0x31 && b <= 0x39) || b === 0x2a || b === 0x24) return { key: 'SET', value: sequenceSet(cur) };
  const start = cur.pos;
  const key = atom(cur, 'search key').toUpperCase();
  const arg = KEYS.get(key);
  if (!arg) return cur.fail('a search key (ALL, FROM, SINCE, UID, OR, ...)', start);
  switch (arg) {
    case 'none':
      return { key };
    case 'astring':
      cur.sp();
      return { key, value: astring(cur) };
    case 'keyword':
      cur.sp();
      return { key, value: flag(cur) };
    case 'date':
      cur.sp();
      return { key, value: date(cur) };
    case 'number':
      cur.sp();
      return { key, value: number64(cur) };
    case 'header': {
      cur.sp();
      const field = astring(cur);
      cur.sp();
      return { key, field, value: astring(cur) };
    }
    case 'set':
      cur.sp();
      return { key, value: sequenceSet(cur) };
    case 'not':
      cur.sp();
      return { key, keys: [searchKey(cur, depth + 1)] };
    case 'or': {
      cur.sp();
      const a = searchKey(cur, depth + 1);
      cur.sp();
      return { key, keys: [a, searchKey(cur, depth + 1)] };
    }
    case 'modseq': {
      cur.sp();
      if (cur.peek() === 0x22) {
        const field = string(cur);
        cur.sp();
        const scope = atom(cur, 'priv, shared or all').toLowerCase();
        if (scope !== 'priv' && scope !== 'shared' && scope !== 'all') cur.fail('priv, shared or all');
        cur.sp();
        return { key, field, scope, value: number64(cur, 'mod-sequence value') };
      }
      return { key, value: number64(cur, 'mod-sequence value') };
    }
  }
}

/** 1*(SP search-key) up to the end of the command. */
export function searchKeys(cur: Cursor): SearchKey[] {
  const keys: SearchKey[] = [];
  do {
    cur.sp();
    keys.push(searchKey(cur));
  } while (!cur.atEnd);
  return keys;
}
