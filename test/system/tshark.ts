/** tshark as an oracle for the system tests. Fails (never skips) when tshark is missing. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const TSHARK = '/usr/bin/tshark';

export function tshark(...args: string[]): string {
  if (!existsSync(TSHARK)) throw new Error(`tshark is not installed at ${TSHARK}: the system tests need it (apt-get install tshark)`);
  return execFileSync(TSHARK, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

export interface TsharkConversation {
  stream: number;
  a: { ip: string; port: number };
  b: { ip: string; port: number };
  frames: { a2b: number; b2a: number };
  bytes: { a2b: number; b2a: number };
}

/**
 * Exact frames and bytes per direction of every TCP conversation, from tshark's fields (its
 * `-z conv,tcp` table rounds large byte counts to kB). `a` is the source of the stream's first frame.
 */
export function tsharkConversations(file: string): TsharkConversation[] {
  const out = tshark('-r', file, '-Y', 'tcp && !icmp && !icmpv6', '-T', 'fields', '-E', 'separator=\t',
    '-e', 'tcp.stream', '-e', 'ip.src', '-e', 'ipv6.src', '-e', 'tcp.srcport', '-e', 'ip.dst', '-e', 'ipv6.dst', '-e', 'tcp.dstport', '-e', 'frame.len');
  const convs = new Map<number, TsharkConversation>();
  for (const line of out.split('\n')) {
    const f = line.split('\t');
    if (f.length < 8 || !f[0]) continue;
    const stream = Number(f[0].split(',')[0]);
    const src = { ip: f[2]!.split(',').pop() || f[1]!.split(',').pop()!, port: Number(f[3]!.split(',')[0]) };
    const dst = { ip: f[5]!.split(',').pop() || f[4]!.split(',').pop()!, port: Number(f[6]!.split(',')[0]) };
    let c = convs.get(stream);
    if (!c) {
      c = { stream, a: src, b: dst, frames: { a2b: 0, b2a: 0 }, bytes: { a2b: 0, b2a: 0 } };
      convs.set(stream, c);
    }
    const aToB = src.ip === c.a.ip && src.port === c.a.port;
    c.frames[aToB ? 'a2b' : 'b2a']++;
    c.bytes[aToB ? 'a2b' : 'b2a'] += Number(f[7]);
  }
  return [...convs.values()].sort((x, y) => x.stream - y.stream);
}
