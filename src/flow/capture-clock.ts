/**
 * Capture time as the idle timeout sees it: the latest packet time, except that a jump ahead by
 * more than `maxStep` seconds is only believed once the next packet confirms it (lands within
 * `maxStep` of it). Without this, one packet with a corrupt timestamp far in the future would
 * expire every connection at once and then hold the clock so that nothing expires again.
 */
export class CaptureClock {
  /** Current capture time in seconds since the epoch; -Infinity before the first packet. */
  now = -Infinity;
  /** A jump ahead waiting for confirmation (NaN: none). */
  private candidate = NaN;

  constructor(private readonly maxStep: number) {}

  /** Takes the time of the next packet and returns the capture time after it. */
  advance(ts: number): number {
    if (!(ts > this.now)) {
      this.candidate = NaN;
    } else if (this.now === -Infinity || ts - this.now <= this.maxStep || Math.abs(ts - this.candidate) <= this.maxStep) {
      this.now = ts;
      this.candidate = NaN;
    } else {
      this.candidate = ts;
    }
    return this.now;
  }
}
