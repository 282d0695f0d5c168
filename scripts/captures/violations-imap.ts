/**
 * Hand-made IMAP captures, one per violation id: each a short, realistic dialogue that commits that
 * violation (and nothing else where possible). `npm run make:captures` writes them to
 * captures/violations/imap/; test/violation-captures.test.ts checks each triggers its id.
 */
import type { ViolationCapture } from './violation-capture.js';

export const IMAP_VIOLATION_CAPTURES: ViolationCapture[] = [];
