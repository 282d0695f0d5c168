/**
 * npm run make:captures — (re)builds the generated captures in captures/ with the project's
 * capture generator. Deterministic: running it twice gives byte-identical files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { buildCapture } from '../src/synth/index.js';
import { imapTextbook, pop3Textbook, smtpTextbook } from './captures/textbook.js';

const out = new URL('../captures/', import.meta.url);
mkdirSync(out, { recursive: true });

const files: [string, Buffer][] = [
  ['smtp-textbook.pcap', buildCapture([smtpTextbook()])],
  ['pop3-textbook.pcap', buildCapture([pop3Textbook()])],
  ['imap-textbook.pcap', buildCapture([imapTextbook()])],
];
for (const [name, bytes] of files) {
  writeFileSync(new URL(name, out), bytes);
  process.stdout.write(`captures/${name}: ${bytes.length} bytes\n`);
}
