/**
 * The answers of the two tools, reduced to what both give exactly: the TCP conversations, each
 * keyed by its two endpoints, with the frames sent each way (tshark prints bytes rounded to
 * kB/MB, so bytes are not compared).
 */

/** Frames of each conversation, keyed by `lowEndpoint lowHigh` (endpoints sorted as strings): [frames from low, frames from high]. */
export type ConversationFrames = Map<string, [number, number]>;

/** One flow of `mailwire flows --json` (only the fields read here; see docs/schema.md). */
interface FlowJsonFrames {
  client: { ip: string; port: number };
  server: { ip: string; port: number };
  packets: { c2s: number; s2c: number };
}

/** Adds `aToB` frames from a to b and `bToA` back to the conversation of endpoints a and b. */
function add(table: ConversationFrames, a: string, b: string, aToB: number, bToA: number): void {
  const [key, fromLow, fromHigh] = a < b ? [`${a} ${b}`, aToB, bToA] : [`${b} ${a}`, bToA, aToB];
  const row = table.get(key);
  if (row) {
    row[0] += fromLow;
    row[1] += fromHigh;
  } else {
    table.set(key, [fromLow, fromHigh]);
  }
}

/** The conversations of `mailwire flows --json` output, or null when it is not a JSON array of flows. */
export function mailwireConversations(json: string): ConversationFrames | null {
  let flows: unknown;
  try {
    flows = JSON.parse(json);
  } catch {
    return null;
  }
  if (!Array.isArray(flows)) return null;
  const table: ConversationFrames = new Map();
  for (const f of flows as FlowJsonFrames[]) {
    add(table, `${f.client.ip}:${f.client.port}`, `${f.server.ip}:${f.server.port}`, f.packets.c2s, f.packets.s2c);
  }
  return table;
}

/**
 * A row of `tshark -q -z conv,tcp`: `A <-> B`, then frames and bytes B→A (the `<-` column),
 * A→B (`->`) and in total, then relative start and duration. IPv6 endpoints are printed
 * `addr:port` without brackets, as mailwire's JSON keys are built here.
 */
const ROW = /^(\S+)\s+<->\s+(\S+)\s+(\d+)\s+\d+ \S+\s+(\d+)\s+\d+ \S+\s+\d+\s+\d+ \S+\s/;

/** The conversations of tshark's `-z conv,tcp` table, or null when the output holds no such table. */
export function tsharkConversations(text: string): ConversationFrames | null {
  if (!text.includes('TCP Conversations')) return null;
  const table: ConversationFrames = new Map();
  for (const line of text.split('\n')) {
    const m = ROW.exec(line);
    if (m) add(table, m[1]!, m[2]!, Number(m[4]), Number(m[3]));
  }
  return table;
}

/** Number of conversations and of frames in a table. */
export function totals(table: ConversationFrames): { conversations: number; frames: number } {
  let frames = 0;
  for (const [low, high] of table.values()) frames += low + high;
  return { conversations: table.size, frames };
}

/** Conversations that one table lacks or counts differently from the other, with the first few as examples. */
export function differences(a: ConversationFrames, b: ConversationFrames): { count: number; examples: string[] } {
  const examples: string[] = [];
  let count = 0;
  const note = (text: string): void => {
    if (++count <= 3) examples.push(text);
  };
  for (const [key, [x0, x1]] of a) {
    const other = b.get(key);
    if (!other) note(`${key}: only in the first`);
    else if (other[0] !== x0 || other[1] !== x1) note(`${key}: frames ${x0}/${x1} vs ${other[0]}/${other[1]}`);
  }
  for (const key of b.keys()) if (!a.has(key)) note(`${key}: only in the second`);
  return { count, examples };
}
