/**
 * Sessions as JSON (docs/schema.md). Plain data: the model serialises as it is, except message
 * content (bytes), which is left out of JSON (`mailwire extract` writes it as .eml).
 */
import type { Message, Session } from '../model/session.js';

export const SESSION_SCHEMA_VERSION = 1;

export type MessageJson = Omit<Message, 'content'>;
export type SessionJson = Omit<Session, 'messages'> & { messages: MessageJson[] };

export function sessionToJson(s: Session): SessionJson {
  return { ...s, messages: s.messages.map(({ content: _content, ...m }) => m) };
}

export function sessionsToJson(sessions: Session[]): string {
  return `${JSON.stringify(sessions.map(sessionToJson), null, 2)}\n`;
}
