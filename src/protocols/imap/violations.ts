/** IMAP entries of the violation catalogue (ids start with `IMAP-`). */
import type { ViolationSpec } from '../../model/violation.js';

export const IMAP_VIOLATIONS: ViolationSpec[] = [];
