/** "Did you mean …?" for an unknown field: a Wireshark name we know the equivalent of, or the nearest spelling. */

/** Wireshark field names people carry over, and the mailwire field that says the same. */
const WIRESHARK_EQUIVALENTS = new Map<string, string>(Object.entries({
  'smtp.req.command': 'command',
  'smtp.req.parameter': 'command.args',
  'smtp.response.code': 'reply.code',
  'pop.request.command': 'command',
  'pop.request.parameter': 'command.args',
  'pop.response.indicator': 'reply.status',
  'imap.request.command': 'command',
  'imap.response.status': 'reply.status',
  'imap.mailbox': 'mailbox',
  'imf.from': 'from',
  'imf.to': 'to',
  'imf.cc': 'cc',
  'imf.subject': 'subject',
  'ipv6.addr': 'ip.addr',
  'ipv6.src': 'ip.src',
  'ipv6.dst': 'ip.dst',
  'tcp.stream': 'stream',
  'tls.handshake.extensions_server_name': 'tls.sni',
  pop: 'pop3',
  port: 'tcp.port',
}));

/** The known name `name` most likely meant, or null when none is close. */
export function suggestField(name: string, known: readonly string[]): string | null {
  const lower = name.toLowerCase();
  const equivalent = WIRESHARK_EQUIVALENTS.get(lower);
  if (equivalent !== undefined && known.includes(equivalent)) return equivalent;
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const candidate of known) {
    const d = editDistance(lower, candidate, bestDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Optimal-string-alignment distance (insertions, deletions, substitutions and swaps of neighbours
 * each cost 1), or `cap` when it is at least `cap`.
 */
export function editDistance(a: string, b: string, cap = Infinity): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin >= cap) return cap;
    prev2 = prev;
    prev = row;
  }
  return Math.min(prev[b.length]!, cap);
}
