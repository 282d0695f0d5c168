/** A progress bar on stderr for long reads: bytes, rate, time left. Drawn at most 10 times a second. */

export class ProgressBar {
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly out: NodeJS.WriteStream) {}

  update(done: number, total: number | null): void {
    const now = Date.now();
    if (now - this.lastDraw < 100) return;
    // Small files finish before a bar is worth showing.
    if (now - this.started < 500) return;
    this.lastDraw = now;
    this.drawn = true;
    const secs = (now - this.started) / 1000;
    const rate = done / Math.max(secs, 0.001);
    const width = 30;
    let line: string;
    if (total && total > 0) {
      const frac = Math.min(1, done / total);
      const filled = Math.round(frac * width);
      const left = rate > 0 ? (total - done) / rate : 0;
      line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%  ${formatBytes(done)} / ${formatBytes(total)}  ${formatBytes(rate)}/s  ${formatDuration(left)} left`;
    } else {
      line = `${formatBytes(done)} read  ${formatBytes(rate)}/s`;
    }
    this.out.write(`\r${line.padEnd((this.out.columns ?? 80) - 1).slice(0, (this.out.columns ?? 80) - 1)}`);
  }

  finish(): void {
    if (this.drawn) this.out.write(`\r${' '.repeat((this.out.columns ?? 80) - 1)}\r`);
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${Math.round(n)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${Math.ceil(s)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.ceil(s % 60)).padStart(2, '0')}s`;
}
