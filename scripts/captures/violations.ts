/** Every hand-made violation capture. */
import { IMAP_VIOLATION_CAPTURES } from './violations-imap.js';
import { POP3_VIOLATION_CAPTURES } from './violations-pop3.js';
import { SMTP_VIOLATION_CAPTURES } from './violations-smtp.js';
import type { ViolationCapture } from './violation-capture.js';

export const ALL_VIOLATION_CAPTURES: ViolationCapture[] = [...SMTP_VIOLATION_CAPTURES, ...POP3_VIOLATION_CAPTURES, ...IMAP_VIOLATION_CAPTURES];
