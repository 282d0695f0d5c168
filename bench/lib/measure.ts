/**
 * Runs a command as a child process and measures its wall-clock time and peak resident memory:
 * through GNU time (`/usr/bin/time -f '%e %M'`) when it is installed, otherwise by timing the
 * child and polling its VmHWM in /proc while it runs.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';

const GNU_TIME = '/usr/bin/time';
/** How often the /proc fallback reads the child's peak RSS. */
const POLL_MS = 20;

/** What one measured run gave. */
export interface Measurement {
  seconds: number;
  /** Peak resident set size, bytes. */
  peakRss: number;
  exitCode: number;
  /** The last lines the command wrote on stderr (for failures). */
  stderrTail: string;
  /** How the figures were taken. */
  method: 'gnu-time' | 'proc-poll';
}

/** Runs `cmd args`, stdout into the file `stdoutPath`, and measures it. */
export async function measure(cmd: string, args: readonly string[], stdoutPath: string): Promise<Measurement> {
  return existsSync(GNU_TIME) ? withGnuTime(cmd, args, stdoutPath) : withProcPolling(cmd, args, stdoutPath);
}

/** Seconds and peak RSS from GNU time's `%e %M` (elapsed seconds, max RSS in KiB), written to its own file. */
async function withGnuTime(cmd: string, args: readonly string[], stdoutPath: string): Promise<Measurement> {
  const report = `${stdoutPath}.time`;
  try {
    const { exitCode, stderr } = await run(GNU_TIME, ['-f', '%e %M', '-o', report, '--', cmd, ...args], stdoutPath);
    const [seconds, kib] = readFileSync(report, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
    return { seconds: seconds!, peakRss: kib! * 1024, exitCode, stderrTail: tail(stderr), method: 'gnu-time' };
  } finally {
    rmSync(report, { force: true });
  }
}

/** Wall-clock by hrtime around the child, peak RSS as the last VmHWM read from /proc before it exited. */
async function withProcPolling(cmd: string, args: readonly string[], stdoutPath: string): Promise<Measurement> {
  let peakRss = 0;
  const started = process.hrtime.bigint();
  const { exitCode, stderr } = await run(cmd, args, stdoutPath, (pid) => {
    const timer = setInterval(() => {
      peakRss = Math.max(peakRss, vmHwm(pid));
    }, POLL_MS);
    return () => clearInterval(timer);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, peakRss, exitCode, stderrTail: tail(stderr), method: 'proc-poll' };
}

/** VmHWM of a live process in bytes, or 0 once it is gone. */
function vmHwm(pid: number): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Spawns the command with stdout to a file and stderr collected; `watch` is called with the
 * child's pid and returns what to call when it exits.
 */
function run(
  cmd: string,
  args: readonly string[],
  stdoutPath: string,
  watch?: (pid: number) => () => void,
): Promise<{ exitCode: number; stderr: string }> {
  const out = openSync(stdoutPath, 'w');
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', out, 'pipe'] });
    const stop = child.pid !== undefined && watch ? watch(child.pid) : () => {};
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      stderr = (stderr + text).slice(-4096);
    });
    child.on('error', (err) => {
      stop();
      closeSync(out);
      reject(err);
    });
    child.on('close', (code, signal) => {
      stop();
      closeSync(out);
      resolve({ exitCode: code ?? (signal ? 128 : 1), stderr });
    });
  });
}

function tail(text: string): string {
  return text.trim().split('\n').slice(-5).join('\n');
}
