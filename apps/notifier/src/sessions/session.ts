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

/**
 * How far one source of a block (the mailbox, the IM stream) got: the newest position of what it
 * delivered, or where the notifier last saw it change. `complete`: it delivered everything it had
 * to tell, so the block may reach past `revision` as far as the notifier knows there is nothing
 * more; otherwise it stopped there (truncated, or it did not answer) and more may follow.
 */
export interface SourceReach {
  revision: bigint;
  complete: boolean;
}

/**
 * The revision a block reaches, given `since` (where it starts), `known` (the notifier's
 * position when it read the account's revisions: nothing of the account's between its revisions
 * and `known` escaped it) and what each source delivered. Sources interleave in one order of
 * positions, so a block reaches no further than the first source that stopped short: an
 * acknowledgement never covers content the client was not sent, and the rest goes out again from
 * there. A source that ran ahead of the notifier is complete only as far as the notifier can
 * vouch for the others.
 */
export function reachOf(since: bigint, known: bigint, sources: readonly SourceReach[]): bigint {
  let top = since;
  let limit: bigint | undefined;
  for (const s of sources) {
    if (s.revision > top) top = s.revision;
    const through = s.complete && known > s.revision ? known : s.revision;
    if (limit === undefined || through < limit) limit = through;
  }
  if (limit === undefined || limit > top) return top;
  return limit > since ? limit : since;
}

/**
 * Changes with nothing to tell (an IM commit that notifies nobody: the account's own presence or
 * idleness): the session moves past them instead of sending an empty block. Blocks that reach no
 * further were empty as well and are done with.
 */
export function passQuietly(session: SessionRecord, reached: bigint): SessionRecord {
  if (reached <= BigInt(session.acked)) return session;
  return { ...session, acked: reached.toString(), sent: session.sent.filter((b) => BigInt(b.revision) > reached) };
}
