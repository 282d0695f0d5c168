/** The decoder for each protocol. A new protocol is one folder in src/protocols/ and one line here. */
import type { ProtocolName } from '../model/violation.js';
import type { DecoderFactory } from './decoder.js';
import { createImapDecoder } from './imap/decoder.js';
import { createPop3Decoder } from './pop3/decoder.js';
import { createSmtpDecoder } from './smtp/decoder.js';

export const DECODERS: Record<ProtocolName, DecoderFactory> = {
  smtp: createSmtpDecoder,
  pop3: createPop3Decoder,
  imap: createImapDecoder,
};
