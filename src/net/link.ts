/**
 * Link layers: from the start of a captured frame to the start of its IP header.
 * Every function moves the Cursor past what it strips and returns the EtherType of what follows
 * (IPv4 or IPv6 when there is something to decode), NOT_IP when the frame carries something else
 * or is too damaged to go on.
 */
import { LinkType } from '../capture/types.js';
import { NetAnomalyKind, type ReportAnomaly } from './anomalies.js';
import { u16, u32 } from './bytes.js';
import type { Cursor } from './cursor.js';

/** EtherType values the decoder follows. */
export const EtherType = {
  IPV4: 0x0800,
  IPV6: 0x86dd,
  VLAN: 0x8100,
  QINQ: 0x88a8,
  QINQ_LEGACY: 0x9100,
  MPLS_UNICAST: 0x8847,
  MPLS_MULTICAST: 0x8848,
  PPPOE_SESSION: 0x8864,
  /** Transparent Ethernet bridging: an Ethernet frame inside GRE. */
  TEB: 0x6558,
} as const;

/** Returned when there is nothing further to decode (not IP, or undecodable). */
export const NOT_IP = 0;

/** Returned by decodeLinkLayer for a link type it does not read. */
export const UNSUPPORTED_LINK = -1;

const ETHERNET_HEADER = 14;
const SLL_HEADER = 16;
const SLL2_HEADER = 20;
const NULL_HEADER = 4;
const PPPOE_HEADER = 6;

/** BSD address families of IPv6 as the different BSDs number them (NULL/LOOP headers). */
const AF_INET = 2;
const AF_INET6_BSD = 24;
const AF_INET6_FREEBSD = 28;
const AF_INET6_DARWIN = 30;

const PPP_IPV4 = 0x0021;
const PPP_IPV6 = 0x0057;

/**
 * Strips the link header of a frame of link type `linkType`.
 * Returns the EtherType of the network layer, NOT_IP, or UNSUPPORTED_LINK.
 */
export function decodeLinkLayer(linkType: number, c: Cursor, report: ReportAnomaly): number {
  switch (linkType) {
    case LinkType.ETHERNET:
      return decodeEthernet(c, report);
    case LinkType.NULL:
    case LinkType.LOOP:
      return decodeNull(c, report);
    case LinkType.RAW:
    case LinkType.IPV4:
    case LinkType.IPV6:
      return ipTypeFromVersion(c, report);
    case LinkType.LINUX_SLL:
      if (!hasHeader(c, SLL_HEADER, 'Linux cooked (SLL)', report)) return NOT_IP;
      return afterHeader(c, u16(c.buf, c.off + 14), SLL_HEADER, report);
    case LinkType.LINUX_SLL2:
      if (!hasHeader(c, SLL2_HEADER, 'Linux cooked v2 (SLL2)', report)) return NOT_IP;
      return afterHeader(c, u16(c.buf, c.off), SLL2_HEADER, report);
    default:
      return UNSUPPORTED_LINK;
  }
}

/** Strips an Ethernet II header and any VLAN/MPLS/PPPoE encapsulation after it. */
function decodeEthernet(c: Cursor, report: ReportAnomaly): number {
  return stripEncapsulation(EtherType.TEB, c, report);
}

/** Skips a header of `len` bytes announcing `etherType`, then any encapsulation that follows. */
function afterHeader(c: Cursor, etherType: number, len: number, report: ReportAnomaly): number {
  c.skip(len);
  return stripEncapsulation(etherType, c, report);
}

/**
 * Follows what an EtherType announces down to IP: Ethernet frames (TEB, as inside GRE or VXLAN),
 * 802.1Q/802.1ad tags, MPLS label stacks and PPPoE sessions. Iterative, so a frame nesting them
 * many times over cannot exhaust the stack.
 */
export function stripEncapsulation(etherType: number, c: Cursor, report: ReportAnomaly): number {
  let type = etherType;
  for (;;) {
    switch (type) {
      case EtherType.IPV4:
      case EtherType.IPV6:
        return type;
      case EtherType.TEB:
        if (!hasHeader(c, ETHERNET_HEADER, 'Ethernet', report)) return NOT_IP;
        type = u16(c.buf, c.off + 12);
        c.skip(ETHERNET_HEADER);
        break;
      case EtherType.VLAN:
      case EtherType.QINQ:
      case EtherType.QINQ_LEGACY:
        if (!hasHeader(c, 4, 'VLAN tag', report)) return NOT_IP;
        type = u16(c.buf, c.off + 2);
        c.skip(4);
        break;
      case EtherType.MPLS_UNICAST:
      case EtherType.MPLS_MULTICAST:
        return stripMpls(c, report);
      case EtherType.PPPOE_SESSION:
        return stripPppoe(c, report);
      default:
        return NOT_IP;
    }
  }
}

/** Skips the MPLS label stack; the payload is IP when its first nibble says 4 or 6. */
function stripMpls(c: Cursor, report: ReportAnomaly): number {
  for (;;) {
    if (!hasHeader(c, 4, 'MPLS label', report)) return NOT_IP;
    const bottomOfStack = (c.buf[c.off + 2] & 1) === 1;
    c.skip(4);
    if (bottomOfStack) break;
  }
  if (!c.has(1)) return NOT_IP;
  const version = c.buf[c.off] >> 4;
  if (version === 4) return EtherType.IPV4;
  if (version === 6) return EtherType.IPV6;
  return NOT_IP;
}

/** Skips a PPPoE session header and the PPP protocol field (compressed or not). */
function stripPppoe(c: Cursor, report: ReportAnomaly): number {
  if (!hasHeader(c, PPPOE_HEADER + 1, 'PPPoE', report)) return NOT_IP;
  const length = u16(c.buf, c.off + 4);
  c.skip(PPPOE_HEADER);
  if (length < c.wireLength()) c.limit(length);
  if (!hasHeader(c, 1, 'PPP', report)) return NOT_IP;
  let protocol = c.buf[c.off];
  if ((protocol & 1) === 1) {
    c.skip(1);
  } else {
    if (!hasHeader(c, 2, 'PPP', report)) return NOT_IP;
    protocol = u16(c.buf, c.off);
    c.skip(2);
  }
  if (protocol === PPP_IPV4) return EtherType.IPV4;
  if (protocol === PPP_IPV6) return EtherType.IPV6;
  return NOT_IP;
}

/** BSD loopback: a 4-byte address family in the capturing host's byte order (either one). */
function decodeNull(c: Cursor, report: ReportAnomaly): number {
  if (!hasHeader(c, NULL_HEADER, 'loopback (NULL/LOOP)', report)) return NOT_IP;
  let family = c.buf.readUInt32LE(c.off);
  if (family > 0xffff) family = u32(c.buf, c.off);
  c.skip(NULL_HEADER);
  switch (family) {
    case AF_INET:
      return EtherType.IPV4;
    case AF_INET6_BSD:
    case AF_INET6_FREEBSD:
    case AF_INET6_DARWIN:
      return EtherType.IPV6;
    default:
      return NOT_IP;
  }
}

/** Raw IP: the version nibble of the first byte tells IPv4 from IPv6. */
function ipTypeFromVersion(c: Cursor, report: ReportAnomaly): number {
  if (!hasHeader(c, 1, 'raw IP', report)) return NOT_IP;
  const version = c.buf[c.off] >> 4;
  if (version === 4) return EtherType.IPV4;
  if (version === 6) return EtherType.IPV6;
  report(NetAnomalyKind.BAD_IP_VERSION, `raw IP packet with version ${version} (expected 4 or 6)`);
  return NOT_IP;
}

/** True when `len` header bytes were captured; reports a truncated header otherwise. */
function hasHeader(c: Cursor, len: number, what: string, report: ReportAnomaly): boolean {
  if (c.has(len)) return true;
  report(
    NetAnomalyKind.TRUNCATED,
    `${what} header needs ${len} bytes, only ${Math.max(0, c.capEnd - c.off)} captured`,
  );
  return false;
}

/** Names of link types people meet in practice, for the unsupported-link-type message. */
const LINK_TYPE_NAMES: Record<number, string> = {
  6: 'IEEE802_5',
  9: 'PPP',
  10: 'FDDI',
  50: 'PPP_HDLC',
  51: 'PPP_ETHER',
  104: 'C_HDLC',
  105: 'IEEE802_11',
  119: 'IEEE802_11_PRISM',
  127: 'IEEE802_11_RADIOTAP',
  143: 'DOCSIS',
  163: 'IEEE802_11_AVS',
  187: 'BLUETOOTH_HCI_H4',
  189: 'USB_LINUX',
  192: 'PPI',
  195: 'IEEE802_15_4_WITHFCS',
  201: 'BLUETOOTH_HCI_H4_WITH_PHDR',
  215: 'IEEE802_15_4_NONASK_PHY',
  220: 'USB_LINUX_MMAPPED',
  230: 'IEEE802_15_4_NOFCS',
  239: 'NFLOG',
  249: 'USBPCAP',
  253: 'NETLINK',
  263: 'WIRESHARK_UPPER_PDU',
  274: 'ETW',
};

/** `link type 147 (USER0)`, or just the number when it has no well-known name. */
export function describeLinkType(linkType: number): string {
  let name = LINK_TYPE_NAMES[linkType];
  if (name === undefined && linkType >= 147 && linkType <= 162) name = `USER${linkType - 147}`;
  return name === undefined ? `link type ${linkType}` : `link type ${linkType} (${name})`;
}
