/** Where each violation of a session is shown: under its event, or for the session as a whole. */
import type { Session } from '../model/session.js';
import type { Violation } from '../model/violation.js';

/** A session's violations by the event they concern, and those that concern the session as a whole. */
export function violationsByEvent(s: Session): { byEvent: Map<number, Violation[]>; sessionWide: Violation[] } {
  const byEvent = new Map<number, Violation[]>();
  const sessionWide: Violation[] = [];
  for (const v of s.violations) {
    if (v.event < 0 || v.event >= s.events.length) sessionWide.push(v);
    else {
      const list = byEvent.get(v.event);
      if (list) list.push(v);
      else byEvent.set(v.event, [v]);
    }
  }
  return { byEvent, sessionWide };
}
