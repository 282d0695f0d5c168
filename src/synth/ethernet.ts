/** Ethernet II frames, optionally with 802.1Q / 802.1ad VLAN tags. */
import { requireMac } from './address.js';

/** EtherType values the generator writes. */
export const EtherType = {
  IPV4: 0x0800,
  IPV6: 0x86dd,
  /** 802.1Q customer VLAN tag. */
  VLAN: 0x8100,
  /** 802.1ad service (outer, "QinQ") tag. */
  QINQ: 0x88a8,
} as const;

/** A MAC address as text (`02:00:00:00:00:01`) or its six bytes. */
export type MacAddress = string | Uint8Array;

export interface EthernetFrameOptions {
  dst: MacAddress;
  src: MacAddress;
  /** EtherType of the payload (after any VLAN tags). */
  etherType: number;
  payload: Uint8Array;
  /**
   * VLAN id(s), outermost first. One id gives an 802.1Q tag; with several, the outer ones are
   * 802.1ad tags and the innermost an 802.1Q tag. Priority bits are 0.
   */
  vlan?: number | readonly number[];
}

/** An Ethernet II frame without FCS and without padding to 60 bytes (as a sending host captures it). */
export function ethernetFrame(opts: EthernetFrameOptions): Buffer {
  const tags = opts.vlan === undefined ? [] : typeof opts.vlan === 'number' ? [opts.vlan] : opts.vlan;
  const header = 14 + 4 * tags.length;
  const frame = Buffer.allocUnsafe(header + opts.payload.length);
  macBytes(opts.dst).copy(frame, 0);
  macBytes(opts.src).copy(frame, 6);
  let off = 12;
  tags.forEach((id, i) => {
    frame.writeUInt16BE(i === tags.length - 1 ? EtherType.VLAN : EtherType.QINQ, off);
    frame.writeUInt16BE(id & 0x0fff, off + 2);
    off += 4;
  });
  frame.writeUInt16BE(opts.etherType, off);
  frame.set(opts.payload, header);
  return frame;
}

function macBytes(mac: MacAddress): Buffer {
  if (typeof mac === 'string') return requireMac(mac);
  return Buffer.isBuffer(mac) ? mac : Buffer.from(mac.buffer, mac.byteOffset, mac.byteLength);
}
