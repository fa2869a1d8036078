/**
 * A SOAP session's notification bookkeeping, as plain data with pure transitions. Revisions are
 * mailbox revisions (event-store positions) as decimal strings; `seq` numbers the notify blocks.
 */
export interface SessionRecord {
  id: string;
  accountId: string;
  /** `<nonotify/>` was ever sent on this session: it never carries notify blocks again. */
  nonotify: boolean;
  /** The last notify block's number. */
  seq: number;
  /** Everything up to this revision is acknowledged (or was in the refresh). */
  acked: string;
  /** Blocks sent but not acknowledged: the revision each one reached. */
  sent: { seq: number; revision: string }[];
}

export function newSession(id: string, accountId: string, revision: bigint, nonotify: boolean): SessionRecord {
  return { id, accountId, nonotify, seq: 0, acked: revision.toString(), sent: [] };
}

/**
 * Takes the client's `<session seq="N">`. Like Zimbra's SoapSession: blocks up to N are done
 * with; a client that sends no (or no positive) seq does not acknowledge, so nothing is kept for
 * it and everything sent counts as delivered.
 */
export function acknowledge(session: SessionRecord, ack: string | undefined): SessionRecord {
  const n = ack === undefined ? NaN : Number(ack);
  const upTo = Number.isInteger(n) && n > 0 ? n : Infinity;
  const done = session.sent.filter((b) => b.seq <= upTo);
  if (!done.length) return session;
  return { ...session, acked: done[done.length - 1].revision, sent: session.sent.filter((b) => b.seq > upTo) };
}

/** The revision the client has been sent, acknowledged or not. */
export function deliveredRevision(session: SessionRecord): bigint {
  const last = session.sent[session.sent.length - 1];
  return BigInt(last ? last.revision : session.acked);
}

/**
 * Whether this turn carries a notify block, and from which revision: everything unacknowledged
 * goes out again, under the newest block number.
 */
export function pendingSince(session: SessionRecord, currentRevision: bigint): bigint | null {
  if (session.nonotify) return null;
  if (currentRevision <= BigInt(session.acked)) return null;
  return BigInt(session.acked);
}

/** Records the block sent this turn: a new number when it reaches further than the last one. */
export function recordBlock(session: SessionRecord, reached: bigint): { session: SessionRecord; seq: number } {
  const last = session.sent[session.sent.length - 1];
  if (last && BigInt(last.revision) >= reached) return { session, seq: last.seq };
  const seq = session.seq + 1;
  return { session: { ...session, seq, sent: [...session.sent, { seq, revision: reached.toString() }] }, seq };
}
