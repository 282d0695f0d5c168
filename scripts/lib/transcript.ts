/** A capture's annotated transcript as `mailwire read` prints it (plain, default options): used by the golden tests. */
import type { Session } from '../../src/model/session.js';
import { renderTranscript } from '../../src/output/transcript.js';
import { analyzeCapture } from '../../src/pipeline.js';

export async function captureTranscript(file: string): Promise<string> {
  const sessions: Session[] = [];
  await analyzeCapture(file, { sessions: { sessionEnd: (s) => sessions.push(s) } });
  sessions.sort((a, b) => a.id - b.id);
  return renderTranscript(sessions);
}
