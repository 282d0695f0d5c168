/** A one-line description of the machine and tool versions, for benchmark reports. */
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, totalmem } from 'node:os';

export interface MachineInfo {
  cpu: string;
  cpus: number;
  memoryGiB: number;
  node: string;
  /** First line of `tshark --version`, or null when tshark is missing. */
  tshark: string | null;
}

export function machineInfo(tshark: string | null): MachineInfo {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cpus: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    tshark: tshark ? tsharkVersion(tshark) : null,
  };
}

function tsharkVersion(tshark: string): string | null {
  try {
    return execFileSync(tshark, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0]!.trim();
  } catch {
    return null;
  }
}
