import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/protocols/pop3/commands.js';
import { explainPop3Command } from '../../../src/protocols/pop3/explain.js';

describe('explainPop3Command', () => {
  it('explains every command the decoder knows, with an RFC section', () => {
    for (const verb of Object.keys(COMMANDS)) {
      const e = explainPop3Command(verb);
      expect(e?.text.startsWith(verb)).toBe(true);
      expect(e?.rfc).toMatch(/^RFC \d+ §\d/);
    }
  });

  it('ignores case and returns undefined for unknown commands', () => {
    expect(explainPop3Command('retr')?.rfc).toBe('RFC 1939 §5');
    expect(explainPop3Command('XTND')).toBeUndefined();
  });
});
