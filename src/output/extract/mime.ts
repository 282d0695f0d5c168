/**
 * What extract needs from MIME, done by mailparser (a well-kept parser; mailwire does not parse
 * MIME itself): the attachments of a message, and a subject with its RFC 2047 encoded words
 * decoded. Malformed input never throws out of here.
 */
import type { SimpleParserOptions } from 'mailparser';

/**
 * mailparser, loaded on first use: it costs ~20 MB of memory at start-up, which every other
 * command (read, flows, stats) should not pay.
 */
async function simpleParser(...args: Parameters<typeof import('mailparser').simpleParser>): ReturnType<typeof import('mailparser').simpleParser> {
  const { simpleParser: parse } = await import('mailparser');
  return parse(...args);
}

/** One attachment of a message, decoded from its transfer encoding. */
export interface MimeAttachment {
  /** The name the message gives it (Content-Disposition filename or Content-Type name), decoded. */
  filename?: string;
  contentType: string;
  content: Buffer;
  /** sha256 of `content`, hex. */
  sha256: string;
}

/** Only the parts we use: no HTML/text conversions, no link rewriting. */
const PARSER_OPTIONS: SimpleParserOptions = {
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
  checksumAlgo: 'sha256',
};

/** Most header bytes looked at to decode a subject (a header section is rarely over a few KiB). */
const MAX_HEADER_BYTES = 256 * 1024;

/** The attachments of a message, in message order; `error` says why parsing failed (then none). */
export async function mimeAttachments(message: Buffer): Promise<{ attachments: MimeAttachment[]; error?: string }> {
  try {
    const parsed = await simpleParser(message, PARSER_OPTIONS);
    return {
      attachments: parsed.attachments.map((a) => ({
        ...(a.filename ? { filename: a.filename } : {}),
        contentType: a.contentType,
        content: a.content,
        sha256: a.checksum,
      })),
    };
  } catch (err) {
    return { attachments: [], error: `MIME parsing failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * The Subject of a message with encoded words (`=?UTF-8?B?...?=`) decoded, or `fallback` (the
 * raw header value) when it has none or they cannot be decoded.
 */
export async function decodedSubject(message: Buffer, fallback: string | undefined): Promise<string | undefined> {
  if (fallback === undefined || !fallback.includes('=?')) return fallback;
  try {
    const parsed = await simpleParser(headerSection(message), PARSER_OPTIONS);
    return parsed.subject ?? fallback;
  } catch {
    return fallback;
  }
}

/** The header section of a message: up to and including the blank line that ends it (bounded). */
function headerSection(message: Buffer): Buffer {
  const head = message.subarray(0, MAX_HEADER_BYTES);
  const crlf = head.indexOf('\r\n\r\n');
  const lf = head.indexOf('\n\n');
  if (lf >= 0 && (crlf < 0 || lf < crlf)) return head.subarray(0, lf + 2);
  return crlf >= 0 ? head.subarray(0, crlf + 4) : head;
}
