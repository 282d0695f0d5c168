/**
 * The violation catalogue: every id mailwire can report, with severity, RFC section and a
 * description. docs/violations.md is generated from it (`npm run docs:violations`).
 */
import { IMAP_VIOLATIONS } from '../protocols/imap/violations.js';
import { POP3_VIOLATIONS } from '../protocols/pop3/violations.js';
import { SMTP_VIOLATIONS } from '../protocols/smtp/violations.js';
import type { ViolationSpec } from './violation.js';

/** Violations that concern the transport rather than one mail protocol. */
export const TRANSPORT_VIOLATIONS: ViolationSpec[] = [
  {
    id: 'TCP-OVERLAP-MISMATCH',
    protocol: 'tcp',
    severity: 'warning',
    rfc: 'RFC 9293 §3.10.7.4',
    title: 'Retransmitted bytes differ from the original',
    description:
      'A TCP segment overlaps bytes already received but carries different content. Receivers disagree on which copy wins, so this is a classic IDS evasion or a broken stack; mailwire keeps the first copy.',
  },
  {
    id: 'TLS-CLEARTEXT-AFTER-UPGRADE',
    protocol: 'tls',
    severity: 'error',
    rfc: 'RFC 3207 §4; RFC 2595 §3.1, §4; RFC 9051 §6.2.1',
    title: 'Cleartext where the TLS handshake should begin',
    description:
      'After the server accepted STARTTLS/STLS, the next bytes must be the TLS handshake. Cleartext instead means the upgrade failed or was faked (a downgrade), and everything that follows travels unprotected.',
  },
  {
    id: 'TLS-NOT-TLS-ON-IMPLICIT-PORT',
    protocol: 'tls',
    severity: 'warning',
    rfc: 'RFC 8314 §3',
    title: 'Implicit-TLS port without TLS',
    description:
      'Ports 465, 993 and 995 carry TLS from the first byte. This connection starts with something else: either the mail protocol in cleartext or another protocol altogether.',
  },
];

export const CATALOGUE: readonly ViolationSpec[] = [
  ...TRANSPORT_VIOLATIONS,
  ...SMTP_VIOLATIONS,
  ...POP3_VIOLATIONS,
  ...IMAP_VIOLATIONS,
];

const byId = new Map(CATALOGUE.map((v) => [v.id, v]));

/** The catalogue entry for `id`; throws for an id that is not in the catalogue (a programming error). */
export function violationSpec(id: string): ViolationSpec {
  const spec = byId.get(id);
  if (!spec) throw new Error(`violation id ${id} is not in the catalogue`);
  return spec;
}
