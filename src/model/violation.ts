/** Violations: a stable id from the catalogue, pinned to the event that shows it. */

export type Severity = 'info' | 'warning' | 'error';

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export type ProtocolName = 'smtp' | 'pop3' | 'imap';

/** One entry of the catalogue (`src/model/catalogue.ts` collects them; docs/violations.md is generated from it). */
export interface ViolationSpec {
  /** Stable id, upper case, protocol prefix: `SMTP-BARE-LF`, `POP3-UNKNOWN-COMMAND`, `IMAP-TAG-REUSED`, `TCP-OVERLAP-MISMATCH`. */
  id: string;
  protocol: ProtocolName | 'tcp' | 'tls';
  /** error: breaks a MUST; warning: breaks a SHOULD or is a risky practice; info: notable but legal. */
  severity: Severity;
  /** RFC and section, e.g. `RFC 5321 §4.5.3.1.4`. */
  rfc: string;
  /** Short title for the catalogue, e.g. `Command line too long`. */
  title: string;
  /** What the rule says and why it matters, one or two sentences for docs/violations.md. */
  description: string;
}

/** A violation found in a session. */
export interface Violation {
  id: string;
  severity: Severity;
  rfc: string;
  /** One line naming the evidence, e.g. `command line is 1204 octets (limit 512)`. */
  message: string;
  /** Index into session.events of the event it concerns (-1 when it concerns the session as a whole). */
  event: number;
}
