/**
 * docs/schema.json against real output: `read --json`, `flows --json` and both NDJSON forms of
 * every shipped and corpus capture validate under ajv's strict mode, and broken documents do not.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FlowRecord } from '../../src/flow/types.js';
import type { Session } from '../../src/model/session.js';
import { flowToJson } from '../../src/output/flows.js';
import { sessionsToJson } from '../../src/output/json.js';
import { eventsToNdjson, sessionsToNdjson } from '../../src/output/ndjson.js';
import { analyzeCapture } from '../../src/pipeline.js';
import { capturesUnder, ROOT } from '../archive/helpers.js';

const schema = JSON.parse(readFileSync(new URL('../../docs/schema.json', import.meta.url), 'utf8')) as object;

const ajv = new Ajv2020({ strict: true, allErrors: true });
ajv.addSchema(schema, 'mailwire');

function validator(ref: string): ValidateFunction {
  const v = ajv.getSchema(ref);
  if (!v) throw new Error(`no schema ${ref}`);
  return v;
}

const sessionsSchema = validator('mailwire');
const flowsSchema = validator('mailwire#/$defs/flows');
const ndjsonSession = validator('mailwire#/$defs/ndjsonSession');
const ndjsonEvent = validator('mailwire#/$defs/ndjsonEvent');

/** The errors of validating `data`, as `path: message` lines (empty when valid). */
function errors(validate: ValidateFunction, data: unknown): string[] {
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

interface Output {
  name: string;
  sessions: Session[];
  flows: FlowRecord[];
}

const outputs: Output[] = [];

beforeAll(async () => {
  for (const capture of [...capturesUnder('captures'), ...capturesUnder('test/fixtures/corpus')]) {
    const out: Output = { name: relative(ROOT, capture), sessions: [], flows: [] };
    await analyzeCapture(capture, { sessions: { sessionEnd: (s) => out.sessions.push(s) }, onFlowEnd: (f) => out.flows.push(f) });
    out.sessions.sort((a, b) => a.id - b.id);
    out.flows.sort((a, b) => a.id - b.id);
    outputs.push(out);
  }
}, 120_000);

/** The text of `mailwire read --json`, parsed back. */
const readJson = (o: Output): unknown => JSON.parse(sessionsToJson(o.sessions));
const lines = (text: string): unknown[] => (text === '' ? [] : text.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown));

describe('docs/schema.json against real output', () => {
  it('compiles in strict mode and has output of every kind to check', () => {
    const kinds = new Set(outputs.flatMap((o) => o.sessions.flatMap((s) => s.events.map((e) => e.kind))));
    expect([...kinds].sort()).toEqual(['auth', 'command', 'data', 'gap', 'note', 'reply', 'tls']);
    expect(outputs.some((o) => o.sessions.some((s) => s.tlsInfo && s.violations.length && s.messages.some((m) => m.envelope)))).toBe(true);
    expect(outputs.length).toBeGreaterThan(150);
  });

  it('mailwire read --json', () => {
    const problems = outputs.flatMap((o) => errors(sessionsSchema, readJson(o)).map((e) => `${o.name}: ${e}`));
    expect(problems).toEqual([]);
  });

  it('mailwire flows --json', () => {
    const problems = outputs.flatMap((o) => errors(flowsSchema, o.flows.map((f) => flowToJson(f, new Map()))).map((e) => `${o.name}: ${e}`));
    expect(problems).toEqual([]);
    expect(outputs.reduce((n, o) => n + o.flows.length, 0)).toBeGreaterThan(outputs.length);
  });

  it('NDJSON, one session per line and one event per line', () => {
    const problems: string[] = [];
    let eventLines = 0;
    for (const o of outputs) {
      for (const line of lines(sessionsToNdjson(o.sessions))) problems.push(...errors(ndjsonSession, line).map((e) => `${o.name} session line: ${e}`));
      for (const line of lines(eventsToNdjson(o.sessions))) {
        eventLines++;
        problems.push(...errors(ndjsonEvent, line).map((e) => `${o.name} event line: ${e}`));
      }
    }
    expect(problems).toEqual([]);
    expect(eventLines).toBeGreaterThan(1000);
  });
});

describe('docs/schema.json rejects what mailwire does not write', () => {
  const firstWith = (pred: (s: Session) => boolean): Record<string, unknown> => {
    const s = outputs.flatMap((o) => o.sessions).find(pred);
    if (!s) throw new Error('no such session in the captures');
    return (JSON.parse(sessionsToJson([s])) as Array<Record<string, unknown>>)[0]!;
  };

  it('a broken document fails, naming where', () => {
    const session = firstWith((s) => s.events.some((e) => e.kind === 'command') && s.messages.length > 0);
    const events = session.events as Array<Record<string, unknown>>;
    const command = events.findIndex((e) => e.kind === 'command');

    const cases: Array<[string, (s: Record<string, unknown>) => void, RegExp]> = [
      ['missing field', (s) => delete s.protocol, /^ must have required property 'protocol'/],
      ['unknown protocol', (s) => (s.protocol = 'nntp'), /^\/protocol must be equal to one of the allowed values/],
      ['command sent by the server', (s) => ((s.events as Array<Record<string, unknown>>)[command]!.dir = 'S'), new RegExp(`^/events/${command}`)],
      ['unknown event kind', (s) => ((s.events as Array<Record<string, unknown>>)[0]!.kind = 'datagram'), /^\/events\/0/],
      ['field not in the schema', (s) => ((s.events as Array<Record<string, unknown>>)[command]!.colour = 'red'), new RegExp(`^/events/${command} must NOT have unevaluated properties`)],
      ['message content', (s) => ((s.messages as Array<Record<string, unknown>>)[0]!.content = 'Subject: x'), /^\/messages\/0 must NOT have additional properties/],
      ['violation without severity', (s) => (s.violations = [{ id: 'SMTP-X', rfc: '', message: '', event: 0 }]), /^\/violations\/0 must have required property 'severity'/],
    ];
    expect(errors(sessionsSchema, [session])).toEqual([]);
    for (const [name, breakIt, where] of cases) {
      const broken = structuredClone(session);
      breakIt(broken);
      const found = errors(sessionsSchema, [broken]).map((e) => e.replace(/^\/0/, ''));
      expect(found.length, name).toBeGreaterThan(0);
      expect(found.some((e) => where.test(e)), `${name}: ${found.join('; ')}`).toBe(true);
    }
  });

  it('an event line without its session, or with an empty violations list, fails', () => {
    const [line] = lines(eventsToNdjson([outputs.find((o) => o.sessions.length > 0)!.sessions[0]!])) as Array<Record<string, unknown>>;
    expect(errors(ndjsonEvent, line)).toEqual([]);
    const { session: _session, ...withoutSession } = line!;
    expect(errors(ndjsonEvent, withoutSession)).toContain(" must have required property 'session'");
    expect(errors(ndjsonEvent, { ...line, violations: [] }).length).toBeGreaterThan(0);
  });

  it('a flow with an unknown end fails', () => {
    const flow = flowToJson(outputs.find((o) => o.flows.length > 0)!.flows[0]!, new Map());
    expect(errors(flowsSchema, [flow])).toEqual([]);
    expect(errors(flowsSchema, [{ ...flow, end: 'closed' }])).toContain('/0/end must be equal to one of the allowed values');
  });
});
