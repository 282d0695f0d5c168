/**
 * The answers of the two tools, reduced to what both give exactly: how many TCP conversations,
 * and how many frames they hold in total (tshark prints bytes rounded to kB/MB, so bytes are
 * not compared).
 */

/** A tool's conversation table in two numbers. */
export interface ConversationTotals {
  conversations: number;
  frames: number;
}

/** One flow of `mailwire flows --json` (only the fields read here; see docs/schema.md). */
interface FlowJsonPackets {
  packets: { c2s: number; s2c: number };
}

/** Totals of `mailwire flows --json` output, or null when it is not a JSON array of flows. */
export function mailwireTotals(json: string): ConversationTotals | null {
  let flows: unknown;
  try {
    flows = JSON.parse(json);
  } catch {
    return null;
  }
  if (!Array.isArray(flows)) return null;
  let frames = 0;
  for (const f of flows as FlowJsonPackets[]) frames += f.packets.c2s + f.packets.s2c;
  return { conversations: flows.length, frames };
}

/**
 * A row of `tshark -q -z conv,tcp`: `A <-> B  frames bytes unit  frames bytes unit  frames bytes unit  start  duration`
 * (the third group is the total).
 */
const ROW = /^\S+\s+<->\s+\S+\s+\d+\s+\d+ \S+\s+\d+\s+\d+ \S+\s+(\d+)\s+\d+ \S+\s/;

/** Totals of tshark's `-z conv,tcp` table, or null when the output holds no such table. */
export function tsharkTotals(text: string): ConversationTotals | null {
  if (!text.includes('TCP Conversations')) return null;
  let conversations = 0;
  let frames = 0;
  for (const line of text.split('\n')) {
    const m = ROW.exec(line);
    if (!m) continue;
    conversations++;
    frames += Number(m[1]);
  }
  return { conversations, frames };
}
