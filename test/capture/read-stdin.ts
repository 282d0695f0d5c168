/**
 * Child-process helper for reader.test.ts: reads a capture from standard input with
 * `readCapture('-')` and prints what it got as one JSON line.
 */
import { readCapture } from '../../src/capture/reader.js';
import { UserError } from '../../src/errors.js';

let packets = 0;
let dataBytes = 0;
let progress: [number, number | null] | null = null;
try {
  const summary = await readCapture(
    '-',
    {
      packet(p) {
        packets++;
        dataBytes += p.data.length;
      },
    },
    { onProgress: (read, total) => (progress = [read, total]) },
  );
  process.stdout.write(JSON.stringify({ packets, dataBytes, progress, summary }));
} catch (err) {
  if (!(err instanceof UserError)) throw err;
  process.stdout.write(JSON.stringify({ error: err.message }));
}
