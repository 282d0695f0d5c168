/** POP3 entries of the violation catalogue (ids start with `POP3-`). */
import type { ViolationSpec } from '../../model/violation.js';

export const POP3_VIOLATIONS: ViolationSpec[] = [];
