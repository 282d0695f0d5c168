/**
 * Capture-side impairments on a planned connection: loss, reordering and retransmission of
 * data segments. The TCP conversation itself is unchanged (the receiver's ACKs still cover
 * everything that was sent); only what the capture shows differs.
 */
import type { PlannedSegment } from './plan.js';
import { makePrng } from './prng.js';

/** Probabilities per data segment, and the seed of the choices. */
export interface ImpairmentPlan {
  reorder: number;
  duplicate: number;
  loss: number;
  seed: number;
}

/**
 * Returns the segments as the capture sees them, still in time order. Every data segment gets
 * three draws (loss, reorder, duplicate), so changing one probability does not move the
 * choices of the others. A lost segment stays in the list marked `lost` (it was on the wire
 * and used an IP id) and is neither reordered nor duplicated. A reordered segment trades
 * places with the next surviving data segment of the same direction that is not already
 * swapped (each place keeps its timestamp, so the capture stays in time order). A duplicate is a copy sent `retransmitAfterNs` after the segment's
 * (possibly swapped) time.
 */
export function impairSegments(segments: PlannedSegment[], plan: ImpairmentPlan, retransmitAfterNs: number): PlannedSegment[] {
  if (plan.loss <= 0 && plan.reorder <= 0 && plan.duplicate <= 0) return segments;
  const random = makePrng(plan.seed);
  const out = segments.map((s) => ({ ...s }));
  const reorder: number[] = [];
  const duplicate = new Set<PlannedSegment>();
  out.forEach((segment, i) => {
    if (segment.payload.length === 0) return;
    const lose = random() < plan.loss;
    const swap = random() < plan.reorder;
    const copy = random() < plan.duplicate;
    if (lose) {
      segment.lost = true;
      return;
    }
    if (swap) reorder.push(i);
    if (copy) duplicate.add(segment);
  });
  swapReordered(out, reorder);
  // Copies are made after the swaps, so a retransmission follows its segment's place in the capture.
  const copies = out.filter((s) => duplicate.has(s)).map((s) => ({ ...s, timeNs: s.timeNs + retransmitAfterNs }));
  return mergeByTime(out, copies);
}

function isLiveData(segment: PlannedSegment): boolean {
  return segment.payload.length > 0 && !segment.lost;
}

/** Swaps each chosen segment with the next live data segment of its direction; the timestamps stay in place. */
function swapReordered(segments: PlannedSegment[], chosen: readonly number[]): void {
  const swapped = new Set<number>();
  for (const i of chosen) {
    if (swapped.has(i)) continue;
    const first = segments[i]!;
    let j = i + 1;
    while (j < segments.length && !(segments[j]!.from === first.from && isLiveData(segments[j]!) && !swapped.has(j))) j++;
    if (j >= segments.length) continue;
    const second = segments[j]!;
    [first.timeNs, second.timeNs] = [second.timeNs, first.timeNs];
    segments[i] = second;
    segments[j] = first;
    swapped.add(i).add(j);
  }
}

/** Merges `extra` (any order) into the time-sorted `segments`; on equal times the existing segment comes first. */
function mergeByTime(segments: PlannedSegment[], extra: PlannedSegment[]): PlannedSegment[] {
  if (extra.length === 0) return segments;
  extra.sort((a, b) => a.timeNs - b.timeNs);
  const merged: PlannedSegment[] = [];
  let e = 0;
  for (const segment of segments) {
    while (e < extra.length && extra[e]!.timeNs < segment.timeNs) merged.push(extra[e++]!);
    merged.push(segment);
  }
  while (e < extra.length) merged.push(extra[e++]!);
  return merged;
}
