/**
 * Agreement with tshark on real captures: the conversation counts (`*.tshark-conv.json`, exact
 * frames and bytes per direction) and the mail dialogue (`*.tshark-mail.tsv`, tshark's Info
 * column). Used by `npm run check:corpus` over ../shared/captures and by the corpus test over the
 * captures copied into test/fixtures/thirdparty.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { FlowRecord } from '../../src/flow/types.js';
import type { Session } from '../../src/model/session.js';
import type { ProtocolName } from '../../src/model/violation.js';
import { analyzeCapture } from '../../src/pipeline.js';
import { parsePortMapping } from '../../src/protocols/detect.js';

export interface TsharkConv {
  stream: number;
  a: { ip: string; port: number };
  b: { ip: string; port: number };
  frames: { a2b: number; b2a: number };
  bytes: { a2b: number; b2a: number };
}

export interface ConvComparison {
  tshark: number;
  ours: number;
  agree: number;
  problems: string[];
}

/** Compares our flows with tshark's conversations, stream by stream (both number them in order of first packet). */
export function compareConversations(flows: FlowRecord[], convs: TsharkConv[]): ConvComparison {
  const problems: string[] = [];
  const byId = new Map(flows.map((f) => [f.id, f]));
  let agree = 0;
  for (const c of convs) {
    const f = byId.get(c.stream);
    if (!f) {
      problems.push(`stream ${c.stream} ${c.a.ip}:${c.a.port} <-> ${c.b.ip}:${c.b.port}: missing`);
      continue;
    }
    const aIsClient = f.client.ip === c.a.ip && f.client.port === c.a.port;
    const aIsServer = f.server.ip === c.a.ip && f.server.port === c.a.port;
    if (!aIsClient && !aIsServer) {
      problems.push(`stream ${c.stream}: endpoints differ (tshark ${c.a.ip}:${c.a.port} <-> ${c.b.ip}:${c.b.port}, ours ${f.client.ip}:${f.client.port} <-> ${f.server.ip}:${f.server.port})`);
      continue;
    }
    const a = aIsClient ? f.c2s : f.s2c;
    const b = aIsClient ? f.s2c : f.c2s;
    const same = a.packets === c.frames.a2b && b.packets === c.frames.b2a && a.bytes === c.bytes.a2b && b.bytes === c.bytes.b2a;
    if (same) agree++;
    else
      problems.push(
        `stream ${c.stream}: frames ${a.packets}/${b.packets} bytes ${a.bytes}/${b.bytes}, tshark frames ${c.frames.a2b}/${c.frames.b2a} bytes ${c.bytes.a2b}/${c.bytes.b2a}`,
      );
  }
  if (flows.length > convs.length) problems.push(`${flows.length - convs.length} conversations that tshark does not list`);
  return { tshark: convs.length, ours: flows.length, agree, problems };
}

/** One comparable item of a dialogue: a command verb (with IMAP tag) or a reply code/status. */
export interface MailItem {
  stream: number;
  protocol: ProtocolName;
  key: string;
}

const SMTP_REPLY = /^\d{3}(?:[ -]|$)/;

/** tshark's Info column turned into comparable items, per stream. */
export function parseTsharkMail(tsv: string): Map<number, MailItem[]> {
  const out = new Map<number, MailItem[]>();
  const push = (it: MailItem): void => {
    const list = out.get(it.stream);
    if (list) list.push(it);
    else out.set(it.stream, [it]);
  };
  for (const row of tsv.split('\n')) {
    if (!row || row.startsWith('#')) continue;
    const f = row.split('\t');
    if (f.length < 6) continue;
    const stream = Number(f[1]!.split(',')[0]);
    const proto = f[4]!;
    // Expert-info prefixes such as "[TCP Retransmission] " come before the text.
    const info = f.slice(5).join('\t').replace(/^(\[[^\]]*\] )+/, '');
    if (proto === 'SMTP') {
      const m = /^([CS]): (.*)$/s.exec(info);
      if (!m) continue;
      const pieces = m[2]!.split(' | ');
      for (const p of pieces) {
        if (m[1] === 'S') {
          if (SMTP_REPLY.test(p)) push({ stream, protocol: 'smtp', key: `S ${p.slice(0, 3)}` });
        } else {
          if (/^(DATA fragment|message data|User: |Pass: |Username: |Password: )/.test(p)) continue;
          const verb = /^([A-Za-z]+)/.exec(p)?.[1];
          if (verb && /^[A-Za-z]{3,}$/.test(verb) && p.length < 1000) push({ stream, protocol: 'smtp', key: `C ${verb.toUpperCase()}` });
        }
      }
    } else if (proto === 'POP') {
      const m = /^([CS]): (.*)$/s.exec(info);
      if (!m) continue;
      if (m[1] === 'S') {
        const st = /^(\+OK|-ERR)/.exec(m[2]!)?.[1];
        if (st) push({ stream, protocol: 'pop3', key: `S ${st}` });
      } else {
        const verb = /^([A-Za-z]+)/.exec(m[2]!)?.[1];
        if (verb) push({ stream, protocol: 'pop3', key: `C ${verb.toUpperCase()}` });
      }
    } else if (proto === 'IMAP') {
      let m = /^Request: (\S+) (\S+)(?: (\S+))?/.exec(info);
      if (m) {
        let verb = m[2]!.toUpperCase();
        if (verb === 'UID' && m[3]) verb = `UID ${m[3].toUpperCase()}`;
        push({ stream, protocol: 'imap', key: `C ${m[1]} ${verb}` });
        continue;
      }
      m = /^Response: (\S+) (\S+)/.exec(info);
      if (m && m[1] !== '*' && m[1] !== '+') push({ stream, protocol: 'imap', key: `S ${m[1]} ${m[2]!.toUpperCase()}` });
    }
  }
  return out;
}

/** The same items from our decoded sessions. */
export function sessionItems(s: Session): MailItem[] {
  const items: MailItem[] = [];
  for (const ev of s.events) {
    if (ev.kind === 'command') {
      const verb = ev.verb.toUpperCase();
      if (s.protocol === 'imap') items.push({ stream: s.id, protocol: 'imap', key: `C ${ev.tag ?? ''} ${verb}` });
      else items.push({ stream: s.id, protocol: s.protocol, key: `C ${verb.split(' ')[0]}` });
    } else if (ev.kind === 'reply') {
      if (s.protocol === 'smtp' && ev.code) items.push({ stream: s.id, protocol: 'smtp', key: `S ${ev.code}` });
      else if (s.protocol === 'pop3' && ev.status) items.push({ stream: s.id, protocol: 'pop3', key: `S ${ev.status}` });
      else if (s.protocol === 'imap' && ev.tag && ev.tag !== '*' && ev.tag !== '+' && ev.status)
        items.push({ stream: s.id, protocol: 'imap', key: `S ${ev.tag} ${ev.status}` });
    }
  }
  return items;
}

/** Length of the longest common subsequence of two key lists. */
export function lcs(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let prev = new Uint32Array(b.length + 1);
  let cur = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

export interface MailComparison {
  protocol: ProtocolName;
  stream: number;
  /** Items tshark shows, and how many of them we show in the same order. */
  tshark: number;
  matched: number;
  /** Items we show that tshark does not. */
  extra: number;
  /** First differing items, for the report. */
  sample: string;
}

export function compareMail(sessions: Session[], tshark: Map<number, MailItem[]>): MailComparison[] {
  const ours = new Map(sessions.map((s) => [s.id, sessionItems(s)]));
  const streams = new Set([...tshark.keys(), ...sessions.map((s) => s.id)]);
  const out: MailComparison[] = [];
  for (const stream of [...streams].sort((a, b) => a - b)) {
    const t = tshark.get(stream) ?? [];
    const o = ours.get(stream) ?? [];
    const session = sessions.find((s) => s.id === stream);
    const protocol = session?.protocol ?? t[0]?.protocol;
    if (!protocol) continue;
    // Commands and replies are compared each in their own order: how the two directions
    // interleave depends on capture timing, not on decoding.
    const tk = t.map((x) => x.key);
    const ok = o.map((x) => x.key);
    let matched = 0;
    let sample = '';
    for (const dir of ['C', 'S']) {
      const td = tk.filter((k) => k.startsWith(dir));
      const od = ok.filter((k) => k.startsWith(dir));
      const m = lcs(td, od);
      matched += m;
      if (!sample && (m < td.length || m < od.length)) {
        let i = 0;
        while (i < td.length && i < od.length && td[i] === od[i]) i++;
        sample = `first difference at ${dir === 'C' ? 'command' : 'reply'} ${i}: tshark ${td[i] ?? '(end)'}, mailwire ${od[i] ?? '(end)'}`;
      }
    }
    out.push({ protocol, stream, tshark: tk.length, matched, extra: ok.length - matched, sample });
  }
  return out;
}

export interface CaptureCheck {
  file: string;
  conv: ConvComparison | null;
  mail: MailComparison[];
  error?: string;
}

/** tshark's decode-as options for a capture (from the first line of *.tshark-mail-decodeas.tsv), as our --map. */
export function decodeAsMap(stemPath: string): Map<number, ProtocolName> {
  const map = new Map<number, ProtocolName>();
  const f = `${stemPath}.tshark-mail-decodeas.tsv`;
  if (!existsSync(f)) return map;
  const first = readFileSync(f, 'utf8').split('\n')[0] ?? '';
  for (const m of first.matchAll(/tcp\.port==(\d+),(smtp|pop|imap)/g)) {
    const [port, proto] = parsePortMapping(`${m[1]}=${m[2] === 'pop' ? 'pop3' : m[2]}`);
    map.set(port, proto);
  }
  return map;
}

/** Runs one capture through mailwire and compares it with the tshark files beside it. */
export async function checkCapture(file: string): Promise<CaptureCheck> {
  const stem = file.replace(/\.(pcapng|pcap|cap)$/, '');
  const portMap = decodeAsMap(stem);
  const flows: FlowRecord[] = [];
  const sessions: Session[] = [];
  try {
    await analyzeCapture(file, {
      portMap,
      decoder: { showSecrets: true },
      onFlowEnd: (f) => flows.push(f),
      sessions: { sessionEnd: (s) => sessions.push(s) },
    });
  } catch (err) {
    return { file, conv: null, mail: [], error: (err as Error).message };
  }
  const convFile = `${stem}.tshark-conv.json`;
  const conv = existsSync(convFile) ? compareConversations(flows, JSON.parse(readFileSync(convFile, 'utf8')) as TsharkConv[]) : null;
  const mailFile = existsSync(`${stem}.tshark-mail-decodeas.tsv`) ? `${stem}.tshark-mail-decodeas.tsv` : `${stem}.tshark-mail.tsv`;
  const mail = existsSync(mailFile) ? compareMail(sessions, parseTsharkMail(readFileSync(mailFile, 'utf8'))) : [];
  return { file, conv, mail };
}

/** A disagreement with tshark that is understood and explained in docs/corpus.md. */
export interface KnownDifference {
  /** Capture path relative to the corpus root, e.g. `zeek/smtp.pcap`. */
  file: string;
  kind: 'conv' | 'mail';
  stream: number;
  why: string;
}

/** The known differences (test/fixtures/corpus/known-differences/*.json, one file per area). */
export function loadKnownDifferences(): KnownDifference[] {
  const dir = new URL('../../test/fixtures/corpus/known-differences/', import.meta.url).pathname;
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as KnownDifference[]);
}

export function isKnownDifference(known: KnownDifference[], file: string, kind: 'conv' | 'mail', stream: number): boolean {
  return known.some((k) => k.file === file && k.kind === kind && k.stream === stream);
}

/** Every capture file under a folder (recursively). */
export function findCaptures(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...findCaptures(p));
    else if (/\.(pcap|pcapng|cap)$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

export function shortName(file: string): string {
  return basename(file);
}
