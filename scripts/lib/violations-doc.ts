/** docs/violations.md, rendered from the violation catalogue. */
import { CATALOGUE } from '../../src/model/catalogue.js';
import type { ViolationSpec } from '../../src/model/violation.js';

const SECTIONS: [ViolationSpec['protocol'][], string][] = [
  [['smtp'], 'SMTP'],
  [['pop3'], 'POP3'],
  [['imap'], 'IMAP'],
  [['tcp', 'tls'], 'Transport (TCP and TLS)'],
];

export function renderViolationsDoc(): string {
  const out: string[] = [
    '# Violation catalogue',
    '',
    '<!-- Generated from src/model/catalogue.ts by `npm run docs:violations`; do not edit by hand. -->',
    '',
    'Every id mailwire reports, with its severity and the RFC section it rests on. Severity:',
    '**error** breaks a MUST (or is an attack on the protocol), **warning** breaks a SHOULD or is a',
    'risky practice, **info** is notable but legal. Each id has a test that triggers it from bytes',
    'and one that shows its legal neighbour does not.',
    '',
  ];
  for (const [protocols, title] of SECTIONS) {
    const specs = CATALOGUE.filter((v) => protocols.includes(v.protocol));
    if (specs.length === 0) continue;
    out.push(`## ${title}`, '', `${specs.length} ids.`, '', '| id | severity | RFC | what |', '|---|---|---|---|');
    for (const v of specs) out.push(`| <a id="${v.id.toLowerCase()}"></a>\`${v.id}\` | ${v.severity} | ${v.rfc} | **${v.title}.** ${v.description.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`);
    out.push('');
  }
  return out.join('\n');
}
