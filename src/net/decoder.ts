/**
 * PacketDecoder: one captured frame in, at most one TCP segment out. Follows the link layer, IPv4
 * and IPv6 (with fragment reassembly), the tunnels tshark decodes (IP-in-IP, GRE, VXLAN) and TCP.
 * Problems are reported as NetAnomaly and never thrown.
 */
import type { RawPacket } from '../capture/types.js';
import { IpAddresses } from './address.js';
import { NetAnomalyKind, type NetAnomalyKindName, type ReportAnomaly } from './anomalies.js';
import { Cursor } from './cursor.js';
import { Defragmenter, type Fragment } from './defrag.js';
import { decodeIPv4, IPv4Header, ipv4FragmentKey } from './ipv4.js';
import { decodeIPv6, IPv6Header, IpProto, ipv6FragmentKey, skipAuthenticationHeader, walkExtensionHeaders } from './ipv6.js';
import { decodeLinkLayer, describeLinkType, EtherType, UNSUPPORTED_LINK } from './link.js';
import { decodeTcp } from './tcp.js';
import { decodeGre, decodeVxlan } from './tunnel.js';
import type { NetAnomaly, TcpSegment } from './types.js';

export { NetAnomalyKind, type NetAnomalyKindName } from './anomalies.js';

/** Limits on IP fragment reassembly. */
export interface PacketDecoderOptions {
  /** Datagrams reassembled at once (default 1024); the oldest is dropped beyond it. */
  maxFragmentBuffers?: number;
  /** Bytes buffered for reassembly in total (default 16 MiB); the oldest datagrams are dropped beyond it. */
  maxFragmentBytes?: number;
  /** Seconds of capture time an incomplete datagram is kept after its first fragment (default 60). */
  fragmentTimeout?: number;
}

export const DEFAULT_DECODER_OPTIONS: Readonly<Required<PacketDecoderOptions>> = {
  maxFragmentBuffers: 1024,
  maxFragmentBytes: 16 * 1024 * 1024,
  fragmentTimeout: 60,
};

/** How many IP layers (tunnels inside tunnels) the decoder follows. */
const MAX_IP_LAYERS = 8;

const PROTO_IPV4 = 4;
const PROTO_TCP = 6;
const PROTO_UDP = 17;
const PROTO_IPV6 = 41;
const PROTO_GRE = 47;

/** Decodes frames of a capture in order; keeps fragment state between calls. */
export class PacketDecoder {
  private readonly cursor = new Cursor();
  private readonly ipv4Header = new IPv4Header();
  private readonly ipv6Header = new IPv6Header();
  private readonly addresses = new IpAddresses();
  private readonly defrag: Defragmenter;
  private readonly reportedLinkTypes = new Set<number>();
  private readonly report: ReportAnomaly;
  /** Frame being decoded, for anomaly reports. */
  private frame = 0;

  constructor(opts: PacketDecoderOptions = {}, onAnomaly?: (a: NetAnomaly) => void) {
    this.report = (kind: NetAnomalyKindName, message: string) => onAnomaly?.({ frame: this.frame, kind, message });
    this.defrag = new Defragmenter(
      {
        maxBuffers: opts.maxFragmentBuffers ?? DEFAULT_DECODER_OPTIONS.maxFragmentBuffers,
        maxBytes: opts.maxFragmentBytes ?? DEFAULT_DECODER_OPTIONS.maxFragmentBytes,
        timeout: opts.fragmentTimeout ?? DEFAULT_DECODER_OPTIONS.fragmentTimeout,
      },
      this.report,
    );
  }

  /** One captured frame in, at most one TCP segment out (null for non-TCP, fragments still being reassembled, or undecodable frames). */
  decode(p: RawPacket): TcpSegment | null {
    this.frame = p.frame;
    const ts = p.tsSec + p.tsNsec / 1e9;
    this.defrag.expire(ts);
    const c = this.cursor;
    c.reset(p.data, 0, p.origLen > p.data.length ? p.origLen : p.data.length);
    let etherType = decodeLinkLayer(p.linkType, c, this.report);
    if (etherType === UNSUPPORTED_LINK) {
      this.reportUnsupported(p.linkType);
      return null;
    }
    for (let layer = 0; ; layer++) {
      if (etherType !== EtherType.IPV4 && etherType !== EtherType.IPV6) return null;
      if (layer === MAX_IP_LAYERS) {
        this.report(NetAnomalyKind.TUNNEL_TOO_DEEP, `more than ${MAX_IP_LAYERS} nested IP layers; not followed`);
        return null;
      }
      const protocol = etherType === EtherType.IPV4 ? this.ipv4(ts) : this.ipv6(ts);
      switch (protocol) {
        case PROTO_TCP:
          return decodeTcp(c, this.addresses, p, ts, this.report);
        case PROTO_IPV4:
          etherType = EtherType.IPV4;
          break;
        case PROTO_IPV6:
          etherType = EtherType.IPV6;
          break;
        case PROTO_GRE:
          etherType = decodeGre(c, this.report);
          break;
        case PROTO_UDP:
          etherType = decodeVxlan(c, this.report);
          break;
        default:
          return null;
      }
    }
  }

  /** Decodes an IPv4 header (reassembling fragments); returns the payload's protocol or -1. */
  private ipv4(ts: number): number {
    const c = this.cursor;
    const h = this.ipv4Header;
    if (!decodeIPv4(c, h, this.report)) return -1;
    this.addresses.setIPv4(h.buf, h.srcOff, h.dstOff);
    let protocol = h.protocol;
    if (h.isFragment()) {
      const addresses = this.addresses;
      const datagram = this.defrag.add(
        fragmentAt(c, ipv4FragmentKey(h), h.fragmentOffset, h.moreFragments, protocol, () =>
          `IPv4 datagram ${addresses.source()} → ${addresses.destination()} id 0x${h.id.toString(16)}`,
        ),
        ts,
        this.frame,
      );
      if (datagram === null) return -1;
      c.reset(datagram.payload, 0, datagram.payload.length);
      protocol = datagram.protocol;
    }
    return protocol === IpProto.AH ? skipAuthenticationHeader(c, this.report) : protocol;
  }

  /** Decodes an IPv6 header and its extension headers (reassembling fragments); returns the upper protocol or -1. */
  private ipv6(ts: number): number {
    const c = this.cursor;
    const h = this.ipv6Header;
    if (!decodeIPv6(c, h, this.report)) return -1;
    this.addresses.setIPv6(h.buf, h.srcOff, h.dstOff);
    const protocol = walkExtensionHeaders(h.nextHeader, c, h, this.report);
    if (protocol !== IpProto.FRAGMENT) return protocol;
    const addresses = this.addresses;
    const datagram = this.defrag.add(
      fragmentAt(c, ipv6FragmentKey(h), h.fragmentOffset, h.moreFragments, h.fragmentNext, () =>
        `IPv6 datagram ${addresses.source()} → ${addresses.destination()} id 0x${h.fragmentId.toString(16)}`,
      ),
      ts,
      this.frame,
    );
    if (datagram === null) return -1;
    c.reset(datagram.payload, 0, datagram.payload.length);
    const inner = walkExtensionHeaders(datagram.protocol, c, h, this.report);
    if (inner === IpProto.FRAGMENT) {
      this.report(NetAnomalyKind.FRAGMENT_INVALID, 'a reassembled IPv6 datagram holds another fragment header; not followed');
      return -1;
    }
    return inner;
  }

  private reportUnsupported(linkType: number): void {
    if (this.reportedLinkTypes.has(linkType)) return;
    this.reportedLinkTypes.add(linkType);
    this.report(
      NetAnomalyKind.UNSUPPORTED_LINK_TYPE,
      `${describeLinkType(linkType)} is not supported; mailwire reads Ethernet, NULL/LOOP, RAW, Linux SLL/SLL2`,
    );
  }
}

/** The fragment whose data the cursor spans. */
function fragmentAt(
  c: Cursor,
  key: string,
  offset: number,
  more: boolean,
  protocol: number,
  describe: () => string,
): Fragment {
  return {
    key,
    offset,
    more,
    data: c.buf.subarray(c.off, c.capEnd),
    wireLength: c.wireLength(),
    protocol,
    describe,
  };
}
