import { ImPresence, ImShow, PeerPresence, SessionPresence } from '@gw/contracts';
import { PresenceState } from './im-state';

/** Most available first (RFC 6121 §4.7.2.1 order). */
const AVAILABILITY: Record<Exclude<ImShow, 'offline'>, number> = { chat: 0, online: 1, away: 2, xa: 3, dnd: 4 };

/** An idle session counts as away, unless its user chose something less available. */
export function effectiveShow(session: SessionPresence): Exclude<ImShow, 'offline'> {
  return session.idle && (session.show === 'online' || session.show === 'chat') ? 'away' : session.show;
}

/** The session others see: highest priority, then most available, then the most recently active. */
export function leadingSession(sessions: readonly SessionPresence[]): SessionPresence | undefined {
  return [...sessions].sort(
    (a, b) =>
      b.priority - a.priority ||
      AVAILABILITY[effectiveShow(a)] - AVAILABILITY[effectiveShow(b)] ||
      b.lastActivityAt - a.lastActivityAt ||
      a.sessionId.localeCompare(b.sessionId),
  )[0];
}

const secondsSince = (now: number, at: number) => Math.max(0, Math.floor((now - at) / 1000));

/**
 * The account's presence at `now`: the leading session's, `away` when every session is idle,
 * unavailable without sessions; seconds since the last action in any session (XEP-0256), or since
 * going offline (XEP-0012).
 */
export function aggregatePresence(presence: PresenceState, now: number): ImPresence {
  const lead = leadingSession(presence.sessions);
  if (!lead) {
    const offline: ImPresence = { show: 'offline', unavailable: true, idle: false };
    if (presence.offlineSince !== undefined) offline.secondsSinceLastActivity = secondsSince(now, presence.offlineSince);
    return offline;
  }
  const lastActivityAt = Math.max(...presence.sessions.map((s) => s.lastActivityAt));
  const result: ImPresence = {
    show: effectiveShow(lead),
    unavailable: false,
    priority: lead.priority,
    idle: presence.sessions.every((s) => s.idle),
    secondsSinceLastActivity: secondsSince(now, lastActivityAt),
  };
  if (lead.status !== undefined) result.status = lead.status;
  if (lead.lang !== undefined) result.lang = lead.lang;
  return result;
}

/** What a buddy receives when they may not see me, or when I am offline. */
export const UNAVAILABLE: PeerPresence = { unavailable: true };

/**
 * The presence a buddy receives (soap-im.txt `<n type="presence" [show] [priority] [status]>`):
 * `show` only for away, chat, dnd and xa (plain online carries none), `priority` when not 0 (the
 * XMPP default), `status` when not empty; unavailable without a session. No idle or activity
 * times: they change with the clock, and a buddy is told about changes only.
 */
export function peerPresence(presence: ImPresence): PeerPresence {
  if (presence.unavailable || presence.show === 'offline') return UNAVAILABLE;
  const result: PeerPresence = { unavailable: false };
  if (presence.show !== 'online') result.show = presence.show;
  if (presence.priority) result.priority = presence.priority;
  if (presence.status) result.status = presence.status;
  if (presence.lang !== undefined) result.lang = presence.lang;
  return result;
}

export const samePeerPresence = (a: PeerPresence, b: PeerPresence): boolean =>
  a.unavailable === b.unavailable && a.show === b.show && a.priority === b.priority && a.status === b.status && a.lang === b.lang;
