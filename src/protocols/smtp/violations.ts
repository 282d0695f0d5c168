/** SMTP entries of the violation catalogue (ids start with `SMTP-`). */
import type { ViolationSpec } from '../../model/violation.js';

export const SMTP_VIOLATIONS: ViolationSpec[] = [];
