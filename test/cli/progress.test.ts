import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatBytes, ProgressBar } from '../../src/cli/progress.js';

function fakeTerminal(): { out: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const out = { columns: 100, write: (s: string) => chunks.push(s) > 0 } as unknown as NodeJS.WriteStream;
  return { out, text: () => chunks.join('') };
}

afterEach(() => vi.useRealTimers());

describe('the progress bar', () => {
  it('stays silent for a read that ends quickly', () => {
    vi.useFakeTimers();
    const t = fakeTerminal();
    const bar = new ProgressBar(t.out);
    bar.update(1024, 2048);
    bar.finish();
    expect(t.text()).toBe('');
  });

  it('shows bytes, percentage, rate and time left on a long read, then clears its line', () => {
    vi.useFakeTimers();
    const t = fakeTerminal();
    const bar = new ProgressBar(t.out);
    vi.advanceTimersByTime(2000);
    bar.update(512 * 1024 * 1024, 1024 * 1024 * 1024);
    const line = t.text();
    expect(line).toMatch(/^\r\[#{15}\.{15}\]  50%  512 MiB \/ 1\.0 GiB  256 MiB\/s  2s left/);
    bar.finish();
    expect(t.text().endsWith('\r')).toBe(true);
  });

  it('formats sizes in binary units', () => {
    expect([formatBytes(999), formatBytes(1536), formatBytes(5 * 1024 ** 3)]).toEqual(['999 B', '1.5 KiB', '5.0 GiB']);
  });
});
