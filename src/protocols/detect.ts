/**
 * Which mail protocol a connection carries: by the server's port (the well-known ports and the
 * user's --map), or, on any other port, by the server's greeting.
 */
import type { ProtocolName } from '../model/violation.js';

export const WELL_KNOWN_PORTS: ReadonlyMap<number, ProtocolName> = new Map([
  [25, 'smtp'],
  [587, 'smtp'],
  [465, 'smtp'],
  [110, 'pop3'],
  [995, 'pop3'],
  [143, 'imap'],
  [993, 'imap'],
]);

/** Ports where TLS starts with the first byte (RFC 8314). */
export const IMPLICIT_TLS_PORTS: ReadonlySet<number> = new Set([465, 993, 995]);

export const PROTOCOLS: readonly ProtocolName[] = ['smtp', 'pop3', 'imap'];

/** A user's `PORT=PROTO` mappings, on top of the well-known ports. */
export type PortMap = ReadonlyMap<number, ProtocolName>;

/** Parses `--map` values such as `2525=smtp` or `8143=imap`; throws a message for the user otherwise. */
export function parsePortMapping(spec: string): [number, ProtocolName] {
  const m = /^(\d{1,5})=(smtp|pop3|imap)$/i.exec(spec.trim());
  const port = m ? Number(m[1]) : NaN;
  if (!m || port < 1 || port > 65535) {
    throw new Error(`--map ${spec}: expected PORT=PROTO with PROTO one of smtp, pop3, imap (for example --map 2525=smtp)`);
  }
  return [port, m[2]!.toLowerCase() as ProtocolName];
}

export interface PortDecision {
  protocol: ProtocolName;
  detectedBy: 'port' | 'map';
  /** Which side is the server (the side on the mapped port). */
  serverIsDst: boolean;
}

/** Protocol by port: the user's map first, then the well-known ports; the server is the side on that port. */
export function protocolByPort(clientPort: number, serverPort: number, map: PortMap): PortDecision | null {
  const user = map.get(serverPort);
  if (user) return { protocol: user, detectedBy: 'map', serverIsDst: true };
  const known = WELL_KNOWN_PORTS.get(serverPort);
  if (known) return { protocol: known, detectedBy: 'port', serverIsDst: true };
  // The guessed client/server roles can be wrong for a capture without the SYN: a mail port on the
  // "client" side means the roles are swapped.
  const userRev = map.get(clientPort);
  if (userRev) return { protocol: userRev, detectedBy: 'map', serverIsDst: false };
  const knownRev = WELL_KNOWN_PORTS.get(clientPort);
  if (knownRev) return { protocol: knownRev, detectedBy: 'port', serverIsDst: false };
  return null;
}

/**
 * Protocol from the server's first line (greeting) and, for an SMTP-like `220` greeting that does
 * not name SMTP, the client's first line. Returns null when the lines say it is not mail, and
 * `undefined` when more is needed to decide.
 */
export function protocolByBanner(serverFirstLine: string | null, clientFirstLine: string | null): ProtocolName | null | undefined {
  if (serverFirstLine === null) return undefined;
  const s = serverFirstLine;
  if (/^\+OK\b/.test(s)) return 'pop3';
  if (/^\* (OK|PREAUTH|BYE)\b/i.test(s)) return 'imap';
  if (/^220[ -]/.test(s)) {
    if (/\b(E?SMTP|LMTP|mail|Postfix|Exim|Sendmail)\b/i.test(s)) return 'smtp';
    if (clientFirstLine === null) return undefined;
    return /^(EHLO|HELO|LHLO|STARTTLS|MAIL FROM)\b/i.test(clientFirstLine) ? 'smtp' : null;
  }
  return null;
}
