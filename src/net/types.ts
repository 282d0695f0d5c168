/** What the net layer produces: TCP segments with their endpoints, decoded from link-layer frames. */

export interface Endpoint {
  /** Dotted quad for IPv4; RFC 5952 compressed lower-case form for IPv6 (as tshark prints it). */
  ip: string;
  port: number;
}

export const TcpFlag = {
  FIN: 0x01,
  SYN: 0x02,
  RST: 0x04,
  PSH: 0x08,
  ACK: 0x10,
  URG: 0x20,
  ECE: 0x40,
  CWR: 0x80,
} as const;

export interface TcpSegment {
  frame: number;
  /** Seconds since the epoch (float). */
  ts: number;
  src: Endpoint;
  dst: Endpoint;
  /** Raw 32-bit sequence and acknowledgement numbers. */
  seq: number;
  ack: number;
  flags: number;
  window: number;
  /** The payload bytes that were captured (may be fewer than payloadLen when the snaplen cut the frame). */
  payload: Buffer;
  /** Payload length according to the IP header; payload.length < payloadLen means the capture truncated it. */
  payloadLen: number;
  /** Length of the whole frame on the wire (what tshark counts as bytes in -z conv,tcp). */
  frameLen: number;
}

/** A problem found while decoding a packet: reported, then decoding goes on. */
export interface NetAnomaly {
  frame: number;
  kind: string;
  message: string;
}
