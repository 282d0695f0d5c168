/**
 * The messages of an SMTP session: records each one in the session (envelope, headers, size,
 * stream position, completeness), emits the data events that carry its content, and reports what
 * the content breaks — once per message, at its first data event.
 */
import type { DecoderContext } from '../decoder.js';
import type { DotContentReader } from './dot-content.js';
import { MessageContent } from './message-content.js';
import { ViolationTally } from './tally.js';
import { envelopeOf, type MessageInProgress, type Transaction } from './transaction.js';

export class MessageRecorder {
  constructor(private readonly ctx: DecoderContext) {}

  /** A message whose content starts at stream offset `start` of the client direction. */
  start(tx: Transaction | null, via: 'smtp-data' | 'smtp-bdat', start: number): MessageInProgress {
    const ctx = this.ctx;
    const index = ctx.addMessage({
      via,
      envelope: envelopeOf(tx),
      headers: {},
      size: 0,
      stream: { dir: 'C', start, end: start },
      events: [],
      complete: false,
    });
    if (tx) tx.message = index;
    const content = new MessageContent({ keepBytes: ctx.options.keepMessageBytes, previewBytes: ctx.options.previewBytes });
    // Findings about the text point at the message's first data event, known only later.
    const tally = new ViolationTally((id, ev, message) => ctx.violation(id, ev >= 0 ? ev : (ctx.message(index).events[0] ?? -1), message), 'in this message');
    return { index, content, tx, runStart: start, gapped: false, tally };
  }

  /**
   * Emits a data event for the content received since the last one, up to stream offset `end`;
   * `terminator` is the end-of-data line it includes, if any (`.`).
   */
  emitRun(msg: MessageInProgress, end: number, ts: number, what: 'DATA' | 'BDAT', terminator?: string): void {
    const run = msg.content.takeRun();
    const idx = this.ctx.emit({
      kind: 'data',
      dir: 'C',
      ts,
      offset: msg.runStart,
      length: end - msg.runStart,
      size: run.size,
      message: msg.index,
      preview: run.preview,
      previewTruncated: run.previewTruncated,
      what,
      ...(terminator !== undefined && { terminator }),
    });
    this.ctx.message(msg.index).events.push(idx);
    msg.runStart = end;
  }

  /** The event a message's violations point at: its first data event, else the session. */
  firstEvent(msg: MessageInProgress): number {
    return this.ctx.message(msg.index).events[0] ?? -1;
  }

  /** What the lines of a DATA message broke; `acceptedEnd` when the server ended the data on a suspect sequence. */
  reportLines(msg: MessageInProgress, reader: DotContentReader, acceptedEnd?: string): void {
    const f = reader.findings;
    const t = msg.tally;
    if (f.suspectCount > 0) {
      const s = f.suspects[0]!;
      const end = acceptedEnd ?? (f.suspectCount === 1 ? reader.endSequence : undefined);
      const how =
        end !== undefined
          ? `the message was ended by ${end} instead of <CR><LF>.<CR><LF>`
          : `${s.sequence} at stream offset ${s.offset} could end the message on a lenient server`;
      const kinds = [...new Set(f.suspects.map((x) => x.sequence))].join(', ');
      t.add('SMTP-SMUGGLING-END-OF-DATA', -1, f.suspectCount > 1 ? `${how} (${f.suspectCount} such sequences: ${kinds})` : how);
    }
    if (f.bareLf > 0) t.add('SMTP-BARE-LF', -1, `${f.bareLf} message line(s) end in a bare LF (first at stream offset ${f.firstBareLf})`);
    if (f.bareCr > 0) t.add('SMTP-BARE-CR', -1, `${f.bareCr} message line(s) contain a bare CR (first at stream offset ${f.firstBareCr})`);
    if (f.longLines > 0) {
      t.add('SMTP-DATA-LINE-TOO-LONG', -1, `${f.longLines} message line(s) over 1000 octets, the longest ${f.longest} (first at stream offset ${f.firstLong})`);
    }
  }

  /**
   * The message is over (its content ends at stream offset `end`): fills in what is now known
   * and reports its findings. `sizeLimit` is the SIZE the server advertised, if any.
   */
  finish(msg: MessageInProgress, end: number, complete: boolean, sizeLimit: number | undefined): void {
    const m = this.ctx.message(msg.index);
    const c = msg.content;
    m.size = c.size;
    m.headers = c.headers();
    m.stream.end = end;
    m.complete = complete && !msg.gapped;
    m.envelope = envelopeOf(msg.tx);
    const kept = c.content();
    if (kept) m.content = kept;
    const params = msg.tx?.params ?? {};
    const body = typeof params['BODY'] === 'string' ? params['BODY'].toUpperCase() : '';
    if (c.eightBit && body !== '8BITMIME' && body !== 'BINARYMIME' && params['SMTPUTF8'] === undefined) {
      msg.tally.add('SMTP-8BIT-WITHOUT-BODY', -1, 'the message contains 8-bit octets but MAIL declared neither BODY=8BITMIME nor SMTPUTF8');
    }
    const declared = typeof params['SIZE'] === 'string' && /^\d+$/.test(params['SIZE']) ? Number(params['SIZE']) : undefined;
    if (sizeLimit !== undefined && c.size > sizeLimit) {
      msg.tally.add('SMTP-SIZE-OVER-LIMIT', -1, `the message is ${c.size} octets, the server accepts at most ${sizeLimit} (SIZE in EHLO)`);
    } else if (declared !== undefined && c.size > declared) {
      msg.tally.add('SMTP-SIZE-OVER-DECLARED', -1, `the message is ${c.size} octets, MAIL declared SIZE=${declared}`);
    }
    msg.tally.flush();
  }
}
