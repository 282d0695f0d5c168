/**
 * The capture generator: scripted dialogues → realistic Ethernet/IP/TCP captures, plus the
 * low-level packet builders for tests that hand-craft odd packets.
 *
 * ```ts
 * const pcap = buildCapture([{ steps: [{ from: 'S', data: '220 mx ESMTP\r\n' }, { from: 'C', data: 'QUIT\r\n' }] }]);
 * ```
 */
export { buildCapture, type CaptureOptions } from './capture.js';
export { buildConnection } from './connection.js';
export { expectedStreams } from './expected.js';
export type { ConnectionScript, DialogueStep, HostSpec, Impairments } from './script.js';

export { parseIp, parseIpv4, parseIpv6, parseMac } from './address.js';
export { finishChecksum, internetChecksum, onesComplementSum, pseudoHeaderSum, transportChecksum } from './checksum.js';
export { EtherType, ethernetFrame, type EthernetFrameOptions, type MacAddress } from './ethernet.js';
export { IpProtocol, ipv4Packet, type IpAddress, type Ipv4PacketOptions } from './ipv4.js';
export {
  ipv6ExtensionHeader,
  ipv6FragmentHeader,
  ipv6Packet,
  type Ipv6FragmentHeaderOptions,
  type Ipv6PacketOptions,
} from './ipv6.js';
export { tcpOptions, tcpSegment, type TcpOptionSet, type TcpSegmentOptions } from './tcp.js';
