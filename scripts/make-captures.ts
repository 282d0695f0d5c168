/**
 * npm run make:captures — (re)builds the generated captures in captures/ with the project's
 * capture generator: the textbook demos and one hand-made capture per violation id.
 * Deterministic: running it twice gives byte-identical files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildCapture } from '../src/synth/index.js';
import { imapTextbook, pop3Textbook, smtpTextbook } from './captures/textbook.js';
import { ALL_VIOLATION_CAPTURES } from './captures/violations.js';
import { violationCaptureName } from './captures/violation-capture.js';

const out = new URL('../captures/', import.meta.url).pathname;

const files: [string, Buffer][] = [
  ['smtp-textbook.pcap', buildCapture([smtpTextbook()])],
  ['pop3-textbook.pcap', buildCapture([pop3Textbook()])],
  ['imap-textbook.pcap', buildCapture([imapTextbook()])],
  ...ALL_VIOLATION_CAPTURES.map((v): [string, Buffer] => [violationCaptureName(v), buildCapture([v.script])]),
];
for (const [name, bytes] of files) {
  mkdirSync(dirname(out + name), { recursive: true });
  writeFileSync(out + name, bytes);
}
process.stdout.write(`wrote ${files.length} captures under captures/\n`);
