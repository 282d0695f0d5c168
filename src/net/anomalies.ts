/** The kinds of NetAnomaly the net layer reports, and the callback the decoding modules share. */

/** Stable `NetAnomaly.kind` values. */
export const NetAnomalyKind = {
  /** The capture's link type is not one the decoder reads (reported once per link type). */
  UNSUPPORTED_LINK_TYPE: 'unsupported-link-type',
  /** The captured bytes end inside a header the decoder needs (frame too short or cut by the snaplen). */
  TRUNCATED: 'truncated',
  /** The IP version nibble does not match the layer that announced it. */
  BAD_IP_VERSION: 'bad-ip-version',
  /** IPv4 header length below 20 bytes. */
  BAD_IP_HEADER_LENGTH: 'bad-ip-header-length',
  /** IP total/payload length shorter than the header, or longer than the frame on the wire. */
  BAD_IP_LENGTH: 'bad-ip-length',
  /** An IPv6 extension header or IPsec AH header that runs past the end of the packet. */
  BAD_EXTENSION_HEADER: 'bad-extension-header',
  /** Two fragments of one datagram overlap with different bytes (the first arrival is kept). */
  FRAGMENT_OVERLAP: 'fragment-overlap',
  /** A fragment that contradicts its datagram (different end, beyond the end, datagram > 64 KiB). */
  FRAGMENT_INVALID: 'fragment-invalid',
  /** A fragment the snaplen cut: its bytes cannot be used for reassembly. */
  FRAGMENT_TRUNCATED: 'fragment-truncated',
  /** A reassembly limit (concurrent datagrams or buffered bytes) forced a datagram out. */
  FRAGMENT_LIMIT: 'fragment-limit',
  /** A datagram was still incomplete when the fragment timeout expired. */
  FRAGMENT_TIMEOUT: 'fragment-timeout',
  /** Encapsulations nested deeper than the decoder follows. */
  TUNNEL_TOO_DEEP: 'tunnel-too-deep',
  /** TCP data offset below 5 words or beyond the end of the segment. */
  BAD_TCP_OFFSET: 'bad-tcp-offset',
} as const;

export type NetAnomalyKindName = (typeof NetAnomalyKind)[keyof typeof NetAnomalyKind];

/** How decoding modules report a problem; the decoder adds the frame number. */
export type ReportAnomaly = (kind: NetAnomalyKindName, message: string) => void;
