/** A capture made to show one violation. */
import type { ConnectionScript } from '../../src/synth/index.js';

export interface ViolationCapture {
  /** The catalogue id the capture must trigger. */
  id: string;
  /** One line for captures/README.md: what happens in the capture. */
  story: string;
  script: ConnectionScript;
  /** Other ids the dialogue cannot avoid triggering too (kept to a minimum). */
  alsoTriggers?: string[];
}

/** File name of a violation capture: captures/violations/<protocol>/<id in lower case>.pcap. */
export function violationCaptureName(v: ViolationCapture): string {
  const protocol = v.id.split('-')[0]!.toLowerCase();
  return `violations/${protocol}/${v.id.toLowerCase()}.pcap`;
}
