/**
 * The hand-made violation captures in captures/violations/: each is what the generator makes from
 * its script today (so the shipped file is not stale), and decoding it reports its violation id.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_VIOLATION_CAPTURES } from '../scripts/captures/violations.js';
import { violationCaptureName } from '../scripts/captures/violation-capture.js';
import type { Session } from '../src/model/session.js';
import { analyzeCapture } from '../src/pipeline.js';
import { buildCapture } from '../src/synth/index.js';

const ROOT = new URL('../captures/', import.meta.url).pathname;

describe('hand-made violation captures', () => {
  for (const v of ALL_VIOLATION_CAPTURES) {
    const name = violationCaptureName(v);
    it(`${name} triggers ${v.id}`, async () => {
      const file = ROOT + name;
      expect(existsSync(file), `${name} is missing: run npm run make:captures`).toBe(true);
      expect(readFileSync(file).equals(buildCapture([v.script])), `${name} is stale: run npm run make:captures`).toBe(true);
      const sessions: Session[] = [];
      await analyzeCapture(file, { sessions: { sessionEnd: (s) => sessions.push(s) } });
      expect(sessions).toHaveLength(1);
      const ids = new Set(sessions[0]!.violations.map((x) => x.id));
      expect([...ids]).toContain(v.id);
      const unexpected = [...ids].filter((id) => id !== v.id && !(v.alsoTriggers ?? []).includes(id));
      expect(unexpected, `${name} triggers more than it says`).toEqual([]);
    });
  }
});
