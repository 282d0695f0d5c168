/**
 * Text from the wire made safe to show: control characters become visible (`<CR>`, `<LF>`,
 * `\x1b`, ...) so that a bare CR shows where it is and a hostile capture cannot send escape
 * sequences to the reader's terminal. Tabs are kept.
 */

const NAMED: Record<number, string> = { 0x0d: '<CR>', 0x0a: '<LF>', 0x00: '<NUL>' };

// C0 controls except TAB, DEL, and the C1 controls.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

export function visible(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return NAMED[code] ?? `\\x${code.toString(16).padStart(2, '0')}`;
  });
}
