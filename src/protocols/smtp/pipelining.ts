/**
 * Which commands were still waiting for their reply when a new command arrived — what makes a
 * command "pipelined" (RFC 2920). Judged by arrival order: each command and reply carries the
 * sequence number of the feed() call that completed it, so a command held and decoded later
 * (the bytes after DATA) is still judged by when it arrived.
 */
import { endsPipelineGroup } from './command.js';
import { Queue } from './queue.js';
import type { Pending } from './transaction.js';

/** Commands remembered when no replies come at all (a capture without the server side). */
const MAX_TRACKED = 4096;

export interface Outstanding {
  /** The most recent command still unanswered. */
  last: Pending;
  /** The oldest unanswered command after which the client must wait (EHLO, DATA, QUIT, ...), if any. */
  groupEnder?: Pending;
}

export class PipelineTracker {
  private readonly tracked = new Queue<Pending>();
  private enders = 0;

  /** Commands still unanswered when a command with arrival number `seq` came; null when none. */
  outstandingAt(seq: number): Outstanding | null {
    // Replies come in command order, so the answered commands form a prefix; commands arrive in
    // stream order, so what was answered before this one was answered before every later one too.
    for (let head = this.tracked.at(0); head; head = this.tracked.at(0)) {
      if (head.replySeq === undefined || head.replySeq > seq) break;
      this.drop();
    }
    if (this.tracked.length === 0) return null;
    const groupEnder = this.enders > 0 ? this.tracked.at(this.tracked.findIndex((e) => endsPipelineGroup(e.verb))) : undefined;
    return { last: this.tracked.at(this.tracked.length - 1)!, groupEnder };
  }

  /** Starts following a command (or the end of data) until its reply has arrived. */
  track(entry: Pending): void {
    this.tracked.push(entry);
    if (endsPipelineGroup(entry.verb)) this.enders++;
    if (this.tracked.length > MAX_TRACKED) this.drop();
  }

  /** Forgets everything (after STARTTLS the dialogue starts over). */
  clear(): void {
    this.tracked.clear();
    this.enders = 0;
  }

  private drop(): void {
    const e = this.tracked.shift()!;
    if (endsPipelineGroup(e.verb)) this.enders--;
  }
}
