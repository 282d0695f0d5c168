/**
 * The memory budget shared by every reassembler of one flow table: how many out-of-order bytes
 * are buffered in total, and how many may be. A reassembler that pushes `used` over `limit`
 * gives up on its own holes (announcing them as gaps) until the budget is back under the limit
 * or it holds nothing.
 */
export interface BufferBudget {
  /** Bytes currently buffered across all reassemblers sharing this budget. */
  used: number;
  /** The most that may stay buffered (FlowLimits.maxBufferedTotal). */
  readonly limit: number;
}

/** A fresh budget with nothing used. */
export function createBudget(limit: number): BufferBudget {
  return { used: 0, limit };
}
