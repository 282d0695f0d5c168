/** Runs the CLI from source without building: `npx tsx scripts/dev.ts read captures/smtp-textbook.pcap`. */
import { run } from '../src/cli/main.js';

void run(process.argv).then((code) => {
  process.exitCode = code;
});
